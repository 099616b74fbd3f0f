import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../errors.ts';
import { type SniffedType, sniffFileType } from '../../http/file-type.ts';

/** Purchase vouchers (AST-2): scans and photos of invoices, delivery notes, contracts. */
export const VOUCHER_MAX_BYTES = 10 * 1024 * 1024;
export const VOUCHER_MAX_FILES = 5;

export const VOUCHER_TYPES = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;
export type VoucherType = keyof typeof VOUCHER_TYPES;

const isVoucherType = (type: SniffedType): type is VoucherType => Object.hasOwn(VOUCHER_TYPES, type);

/**
 * The type the bytes really are, from their signature (hub/src/http/file-type.ts); undefined
 * for anything else. The declared type and the file name decide nothing.
 */
export function sniffVoucherType(data: Uint8Array): VoucherType | undefined {
  const type = sniffFileType(data);
  return type !== undefined && isVoucherType(type) ? type : undefined;
}

/**
 * @throws AppError unsupported_media_type (415) unless the bytes are a PDF, JPEG, PNG or WebP
 * and agree with a specific declared type.
 */
export function checkVoucher(data: Uint8Array, declaredType: string): VoucherType {
  const sniffed = sniffVoucherType(data);
  if (!sniffed) throw new AppError('unsupported_media_type', 415, 'must be a PDF, JPEG, PNG or WebP file', 'file');
  const declared = declaredType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (declared && declared !== 'application/octet-stream' && declared !== sniffed) {
    throw new AppError('unsupported_media_type', 415, `is declared ${declared} but its content is ${sniffed}`, 'file');
  }
  return sniffed;
}

/** A name to show: the last path segment, printable characters only, at most 200 of them. */
export function displayName(fileName: string | undefined): string {
  const last = basename((fileName ?? '').replaceAll('\\', '/'));
  const printable = [...last].filter((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code >= 0x20 && code !== 0x7f && ch !== '"';
  });
  return printable.join('').trim().slice(0, 200) || 'voucher';
}

const STORED_NAME = /^[0-9a-f]{32}\.(pdf|jpg|png|webp)$/;

/**
 * Files live under `<uploadsDir>/assets/` with random names we chose: a client's file name
 * never becomes a path, so no traversal and no overwriting.
 */
export class VoucherStore {
  readonly #dir: string;

  constructor(uploadsDir: string) {
    this.#dir = join(uploadsDir, 'assets');
  }

  async save(data: Uint8Array, type: VoucherType): Promise<string> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const name = `${randomBytes(16).toString('hex')}.${VOUCHER_TYPES[type]}`;
    await writeFile(join(this.#dir, name), data, { flag: 'wx', mode: 0o600 });
    return name;
  }

  read(storedName: string): Promise<Buffer> {
    if (!STORED_NAME.test(storedName)) throw new Error(`refusing to read stored voucher name ${storedName}`);
    return readFile(join(this.#dir, storedName));
  }
}
