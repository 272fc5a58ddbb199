/**
 * The secrets a flow hands to a client, made the way a tenant's `externalIdentifierConfiguration`
 * generators describe (`{length, type}`): `randomBytes` is `length` random bytes, base64url without
 * padding (32 bytes → the 43-character ids of FusionAuth's examples); the other types are `length`
 * characters drawn uniformly from their alphabet. Only the SHA-256 of a secret is ever stored.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export type SecretType = 'randomBytes' | 'randomDigits' | 'randomAlpha' | 'randomAlphaNumeric';

export interface SecretGenerator {
  readonly length?: number;
  readonly type?: SecretType;
}

const ALPHABETS: Record<Exclude<SecretType, 'randomBytes'>, string> = {
  randomDigits: '0123456789',
  randomAlpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  randomAlphaNumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
};

/** FusionAuth's default generator for ids (change password, two-factor, one-time password …). */
export const DEFAULT_ID_GENERATOR: Required<SecretGenerator> = { length: 32, type: 'randomBytes' };

export function generateSecret(generator: SecretGenerator = DEFAULT_ID_GENERATOR): string {
  const length = Math.max(1, Math.min(generator.length ?? DEFAULT_ID_GENERATOR.length, 256));
  const type = generator.type ?? DEFAULT_ID_GENERATOR.type;
  if (type === 'randomBytes') return randomBytes(length).toString('base64url');
  const alphabet = ALPHABETS[type];
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** The row id of a secret: SHA-256, hex. Lookups by hash compare whole digests, never secret bytes. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');
