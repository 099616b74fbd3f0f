import { describe, expect, it } from 'vitest';
import { sniffFileType, sniffImage } from './file-type.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => new TextEncoder().encode(text);

describe('upload type sniffing', () => {
  it('knows PDF, JPEG, PNG and WebP by their signatures only', () => {
    expect(sniffFileType(ascii('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffFileType(bytes(0xff, 0xd8, 0xff, 0xdb))).toBe('image/jpeg');
    expect(sniffFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(sniffFileType(ascii('RIFF\u0000\u0000\u0000\u0000WEBP'))).toBe('image/webp');
    expect(sniffFileType(ascii('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBeUndefined();
    expect(sniffFileType(ascii('MZ\u0090\u0000'))).toBeUndefined();
    // A truncated signature is not the type.
    expect(sniffFileType(bytes(0xff, 0xd8))).toBeUndefined();
    expect(sniffFileType(ascii('RIFF\u0000\u0000\u0000\u0000WEB'))).toBeUndefined();
  });

  it('takes only images as photos, with the extension to store them under', () => {
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ contentType: 'image/jpeg', extension: 'jpg' });
    expect(sniffImage(ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toEqual({ contentType: 'image/webp', extension: 'webp' });
    expect(sniffImage(ascii('%PDF-1.4'))).toBeUndefined();
  });
});
