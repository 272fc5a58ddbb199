/**
 * `bcrypt` (FusionAuth docs, "Password Hashes" → Salted Bcrypt). FusionAuth stores a bcrypt hash in
 * its parts rather than as one modular-crypt string:
 *
 *   $2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy
 *          └── salt: 22 chars ─┘└──── hash: 31 chars ────────┘      factor = 10 (the log2 cost)
 *
 * - salt: the 16 salt bytes in bcrypt's own base64 alphabet (`./A-Za-z0-9`), 22 characters;
 * - hash: the first 23 of the 24 bytes of the encrypted "OrpheanBeholderScryDoubt" (`length(bcryptIV)
 *   * 4 - 1`), in the same alphabet, 31 characters;
 * - factor: the cost, 4–30 (FusionAuth's range; default 12).
 *
 * So a hash exported from another system imports by splitting it (FusionAuth import scripts split
 * Auth0's `$2a$`/`$2b$` hashes the same way), and FusionAuth's stored parts verify here. The hashing
 * itself is the `bcrypt` package (OpenBSD's bcrypt, native, prebuilt binaries inside the package, so
 * `npm ci` needs no per-platform optional packages), whose async form runs on the libuv pool and so
 * never blocks the event loop; it is fed the `$2a$` modular salt, and only the 31-character hash is
 * kept. The prefix version does not change the hash for passwords under 255
 * bytes, so `$2a$`, `$2b$` and `$2y$` imports all verify.
 */
import { randomBytes } from 'node:crypto';
import bcryptNative from 'bcrypt';
import { isIntegerBetween } from './factors.js';
import type { PasswordScheme } from './scheme.js';

const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const STANDARD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** A bcrypt salt: 16 bytes in bcrypt's alphabet, exactly 22 characters. */
const BCRYPT_SALT = /^[./A-Za-z0-9]{22}$/;
/** `$2a$NN$` + 22 salt characters precede the hash in the modular-crypt string. */
const HASH_OFFSET = 29;

/** bcrypt's base64 is standard base64 (same bit order, no padding) over a different alphabet. */
const translate = (text: string, from: string, to: string): string => {
  let out = '';
  for (const char of text) out += to[from.indexOf(char)];
  return out;
};

const encodeBcryptBase64 = (bytes: Buffer): string =>
  translate(bytes.toString('base64').replace(/=+$/, ''), STANDARD_ALPHABET, BCRYPT_ALPHABET);

export const bcrypt: PasswordScheme = {
  name: 'bcrypt',
  defaultFactor: 12,
  async hash(password, salt, factor) {
    const encoded = await bcryptNative.hash(password, `$2a$${String(factor).padStart(2, '0')}$${salt}`);
    return encoded.slice(HASH_OFFSET);
  },
  isValidFactor: (factor) => isIntegerBetween(factor, 4, 30),
  generateSalt: () => encodeBcryptBase64(randomBytes(16)),
  isValidSalt: (salt) => BCRYPT_SALT.test(salt),
};
