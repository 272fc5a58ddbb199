/**
 * The phpass "portable" hashes (FusionAuth docs, "Password Hashes" → phpass MD5 / phpass SHA-512, since
 * 1.45.0): `phpass-md5` is WordPress/phpBB's `$P$`/`$H$`, `phpass-sha512` is Drupal 7's `$S$`.
 *
 *   result = digest(saltUtf8 ‖ passwordUtf8)        (the salt is used as text, NOT base64-decoded)
 *   repeat factor times: result = digest(result ‖ passwordUtf8)
 *   hash = itoa64(result)                           (MD5: all 16 bytes, 22 chars; SHA-512: first 43 chars)
 *
 * FusionAuth stores the parts of a phpass string separately:
 *
 *   $P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0    salt = "IQRaTwmf" (chars 4–11), hash = "eRo7ud9Fh4E2PdI0S3r.L0",
 *      └ count char: factor = 2^itoa64.indexOf('9') = 2048 (the iteration count itself, not its log2)
 *
 * (FusionAuth's example encryptor test, fusionauth-example-password-encryptor
 * ExamplePHPMD5SaltedPasswordEncryptorTest.) Salts are 8 characters of the itoa64 alphabet; FusionAuth
 * validates them against `^[./A-Za-z0-9]+=*$`. Default factors: 2048 (MD5), 32768 (SHA-512, Drupal's 2^15).
 */
import { randomBytes } from 'node:crypto';
import { isIterationCount } from './factors.js';
import { digest, iterate, type DigestAlgorithm } from './iterate.js';
import type { PasswordScheme } from './scheme.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PHPASS_SALT = /^[./A-Za-z0-9]+=*$/;
/** Drupal 7 keeps 55 characters of the `$S$` string: 12 of setting, 43 of hash. */
const SHA512_HASH_LENGTH = 43;

/**
 * phpass's `encode64`: little-endian groups of three bytes, six bits at a time, least significant
 * first, over the `./0-9A-Za-z` alphabet; a final partial group emits only the characters it fills.
 */
export function encodeItoa64(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const remaining = bytes.length - i;
    const value = bytes[i]! | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16);
    out += ITOA64[value & 63]! + ITOA64[(value >> 6) & 63]!;
    if (remaining > 1) out += ITOA64[(value >> 12) & 63]!;
    if (remaining > 2) out += ITOA64[(value >> 18) & 63]!;
  }
  return out;
}

/** The factor a phpass setting string (`$P$9…`, `$S$C…`) encodes: 2 to the power of its count character's index. */
export const phpassFactorOf = (setting: string): number => 2 ** ITOA64.indexOf(setting.charAt(3));

async function phpassDigest(algorithm: DigestAlgorithm, password: string, salt: string, rounds: number): Promise<Buffer> {
  const secret = Buffer.from(password, 'utf8');
  const first = digest(algorithm, Buffer.concat([Buffer.from(salt, 'utf8'), secret]));
  return iterate(first, rounds, (previous) => digest(algorithm, Buffer.concat([previous, secret])));
}

function phpassScheme(name: string, algorithm: DigestAlgorithm, defaultFactor: number, encode: (result: Buffer) => string): PasswordScheme {
  return {
    name,
    defaultFactor,
    hash: async (password, salt, factor) => encode(await phpassDigest(algorithm, password, salt, factor)),
    isValidFactor: isIterationCount,
    // phpass salts are six random bytes in itoa64: eight characters.
    generateSalt: () => encodeItoa64(randomBytes(6)),
    isValidSalt: (salt) => PHPASS_SALT.test(salt),
  };
}

export const phpassMd5 = phpassScheme('phpass-md5', 'md5', 2048, encodeItoa64);
export const phpassSha512 = phpassScheme('phpass-sha512', 'sha512', 32_768, (result) => encodeItoa64(result).slice(0, SHA512_HASH_LENGTH));
