import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Device secrets are stored as PBKDF2-SHA512 in Mosquitto's `$7$` format
 * (`$7$<iterations>$<salt b64>$<hash b64>`), so the same hash both verifies devices on the
 * embedded broker and goes verbatim into the password file of an external Mosquitto.
 * Secrets are generated with 192 bits of randomness, which is what makes a fast KDF safe here.
 */
const ITERATIONS = 20_000;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function hashSecret(secret: string, iterations = ITERATIONS): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = pbkdf2Sync(secret, salt, iterations, HASH_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const parts = stored.split('$');
  // ['', '7', iterations, salt, hash]
  if (parts.length !== 5 || parts[1] !== '7') return false;
  const iterations = Number(parts[2]);
  if (!Number.isInteger(iterations) || iterations < 1) return false;
  const salt = Buffer.from(parts[3] ?? '', 'base64');
  const expected = Buffer.from(parts[4] ?? '', 'base64');
  const actual = pbkdf2Sync(secret, salt, iterations, expected.length, 'sha512');
  return expected.length > 0 && timingSafeEqual(actual, expected);
}
