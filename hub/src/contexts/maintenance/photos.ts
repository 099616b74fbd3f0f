import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type ImageType = { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; extension: 'jpg' | 'png' | 'webp' };

/**
 * The type of an image from its first bytes. The declared content type and file name are the
 * client's word and are ignored: only JPEG, PNG and WebP as they really are get stored, so a
 * script named photo.jpg is refused.
 */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const starts = (signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);
  if (starts([0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8))
    return { contentType: 'image/webp', extension: 'webp' };
  return undefined;
}

/**
 * Photo files under `<uploadsDir>/maintenance/<ticket id>/`, named by a random id so a name
 * from a client never reaches the file system.
 */
export class PhotoStore {
  readonly #root: string;

  constructor(uploadsDir: string) {
    this.#root = resolve(uploadsDir, 'maintenance');
  }

  /** @returns the path relative to the store, kept in the database. */
  async save(ticketId: number, type: ImageType, bytes: Uint8Array): Promise<string> {
    const path = join(String(ticketId), `${randomUUID()}.${type.extension}`);
    const absolute = this.#absolute(path);
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, bytes, { flag: 'wx', mode: 0o640 });
    return path;
  }

  async read(path: string): Promise<Buffer> {
    return readFile(this.#absolute(path));
  }

  async remove(path: string): Promise<void> {
    await rm(this.#absolute(path), { force: true });
  }

  #absolute(path: string): string {
    const absolute = resolve(this.#root, path);
    // Paths come from our own rows, but a path that escapes the store is refused all the same.
    if (relative(this.#root, absolute).startsWith(`..${sep}`) || absolute === this.#root)
      throw new Error(`bad photo path ${path}`);
    return absolute;
  }
}
