import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, verifySecret } from './secrets.ts';

describe('device secrets', () => {
  it('verifies the right secret and refuses others', () => {
    const secret = generateSecret();
    const stored = hashSecret(secret);
    expect(stored).toMatch(/^\$7\$20000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(verifySecret(secret, stored)).toBe(true);
    expect(verifySecret(`${secret}x`, stored)).toBe(false);
  });

  it('salts every hash', () => {
    expect(hashSecret('same-secret-value')).not.toBe(hashSecret('same-secret-value'));
  });

  it('refuses malformed stored hashes instead of throwing', () => {
    expect(verifySecret('x', 'plain')).toBe(false);
    expect(verifySecret('x', '$7$abc$c2FsdA==$aGFzaA==')).toBe(false);
    expect(verifySecret('x', '$6$1$c2FsdA==$aGFzaA==')).toBe(false);
  });

  it('generates 192-bit secrets', () => {
    expect(Buffer.from(generateSecret(), 'base64url')).toHaveLength(24);
  });
});
