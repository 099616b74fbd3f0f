import { describe, expect, it } from 'vitest';
import { checkVoucher, displayName, sniffVoucherType } from './uploads.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => new TextEncoder().encode(text);

describe('AST-2 voucher type sniffing', () => {
  it('recognises PDF, JPEG, PNG and WebP by their signatures', () => {
    expect(sniffVoucherType(ascii('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(sniffVoucherType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffVoucherType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffVoucherType(ascii('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses an executable however it is named or declared', () => {
    const exe = ascii('MZ\u0090\u0000 this program cannot be run in DOS mode');
    expect(sniffVoucherType(exe)).toBeUndefined();
    expect(() => checkVoucher(exe, 'application/pdf')).toThrow(/must be a PDF, JPEG, PNG or WebP/);
    expect(() => checkVoucher(ascii('RIFF\u0000\u0000\u0000\u0000WAVEfmt '), 'image/webp')).toThrow();
  });

  it('refuses content that contradicts a specific declared type, accepts octet-stream', () => {
    expect(() => checkVoucher(ascii('%PDF-1.4'), 'image/png')).toThrow(/declared image\/png/);
    expect(checkVoucher(ascii('%PDF-1.4'), 'application/octet-stream')).toBe('application/pdf');
  });

  it('keeps only a harmless display name', () => {
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('C:\\scans\\发票 2026.pdf')).toBe('发票 2026.pdf');
    expect(displayName('a"b\r\n.pdf')).toBe('ab.pdf');
    expect(displayName(undefined)).toBe('voucher');
  });
});
