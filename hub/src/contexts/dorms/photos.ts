import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Before/after photos of a safety rectification (DRM-7). */
export const SAFETY_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const SAFETY_PHOTOS_PER_PHASE = 6;

export type ImageType = { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; extension: 'jpg' | 'png' | 'webp' };

/**
 * The image type from the file's first bytes. The declared type and the file name are the
 * client's word and decide nothing: only real JPEG, PNG and WebP are stored.
 */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const starts = (signature: number[], offset = 0) =>
    bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8))
    return { contentType: 'image/webp', extension: 'webp' };
  return undefined;
}

/**
 * Files under `<uploadsDir>/dorms/safety/<check id>/`, named by a random id: a client's file
 * name never reaches the file system.
 */
export class SafetyPhotoStore {
  readonly #root: string;

  constructor(uploadsDir: string) {
    this.#root = resolve(uploadsDir, 'dorms', 'safety');
  }

  /** @returns the path relative to the store, kept in the database. */
  async save(checkId: number, type: ImageType, bytes: Uint8Array): Promise<string> {
    const path = join(String(checkId), `${randomUUID()}.${type.extension}`);
    const absolute = this.#absolute(path);
    await mkdir(dirname(absolute), { recursive: true, mode: 0o700 });
    await writeFile(absolute, bytes, { flag: 'wx', mode: 0o640 });
    return path;
  }

  read(path: string): Promise<Buffer> {
    return readFile(this.#absolute(path));
  }

  async remove(path: string): Promise<void> {
    await rm(this.#absolute(path), { force: true });
  }

  #absolute(path: string): string {
    const absolute = resolve(this.#root, path);
    // Paths come from our own rows; one that escapes the store is refused all the same.
    if (relative(this.#root, absolute).startsWith(`..${sep}`) || absolute === this.#root)
      throw new Error(`bad photo path ${path}`);
    return absolute;
  }
}
