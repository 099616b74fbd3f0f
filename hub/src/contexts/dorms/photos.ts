import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ImageType } from '../../http/file-type.ts';

/** Before/after photos of a safety rectification (DRM-7). */
export const SAFETY_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const SAFETY_PHOTOS_PER_PHASE = 6;

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
