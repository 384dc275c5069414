import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP's argon2id recommendation: 19 MiB of memory, 2 passes, 1 lane.
// Algorithm is a const enum, which isolated modules cannot inline: 2 is its Argon2id.
const options = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification for a phone with no account, so that response time does
 * not tell which phones are registered.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('parley-timing-equalizer');
  await verifyPassword(await dummyHash, password);
  return false;
}
