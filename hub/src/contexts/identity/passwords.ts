import { hash, verify } from '@node-rs/argon2';

/** Argon2id with OWASP's baseline parameters (19 MiB, 2 passes): people choose these secrets. */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the user does not exist, so timing does not tell. */
export const DUMMY_HASH = await hashPassword('no-such-user-dummy-password');
