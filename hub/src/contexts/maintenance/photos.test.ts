import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhotoStore, sniffImage } from './photos.ts';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const WEBP = Uint8Array.from([...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);

describe('MNT-1 photo uploads', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes', () => {
    expect(sniffImage(JPEG)?.contentType).toBe('image/jpeg');
    expect(sniffImage(PNG)?.contentType).toBe('image/png');
    expect(sniffImage(WEBP)?.contentType).toBe('image/webp');
  });

  it('refuses anything else, whatever it is called', () => {
    expect(sniffImage(Buffer.from('<script>alert(1)</script>'))).toBeUndefined();
    expect(sniffImage(Buffer.from('GIF89a......'))).toBeUndefined();
    expect(sniffImage(Buffer.from('RIFF....AVI LIST'))).toBeUndefined();
    expect(sniffImage(new Uint8Array())).toBeUndefined();
  });

  it('stores files under the ticket and reads them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'photos-'));
    try {
      const store = new PhotoStore(dir);
      const path = await store.save(42, { contentType: 'image/png', extension: 'png' }, PNG);
      expect(path).toMatch(/^42\/[0-9a-f-]{36}\.png$/);
      expect(new Uint8Array(await store.read(path))).toEqual(PNG);
      await expect(store.read('../../etc/passwd')).rejects.toThrow(/bad photo path/);
      await store.remove(path);
      await expect(store.read(path)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
