/**
 * The PBKDF2 schemes (FusionAuth docs, "Password Hashes" → Salted PBKDF2 HMAC SHA-256 / SHA-512):
 * PBKDF2 over the password's UTF-8 bytes, the salt being the base64-DECODED bytes of the stored salt,
 * `factor` iterations, and the derived key base64-encoded. This is what Java's
 * `PBEKeySpec(password.toCharArray(), Base64.decode(salt), factor, keyBits)` with
 * `PBKDF2WithHmacSHA256` / `PBKDF2WithHmacSHA512` produces, as FusionAuth's own encryptors do.
 *
 * - `salted-pbkdf2-hmac-sha256`: 256-bit key, FusionAuth's default scheme (factor 24000).
 * - `salted-pbkdf2-hmac-sha256-512`: the same with a 512-bit key (since 1.34.0).
 * - `salted-pbkdf2-hmac-sha512-512`: HMAC-SHA512 with a 512-bit key (since 1.43.0).
 *
 * Runs on the libuv thread pool (crypto.pbkdf2), never on the event loop.
 */
import { pbkdf2 } from 'node:crypto';
import { isIterationCount } from './factors.js';
import type { PasswordScheme } from './scheme.js';

function derive(password: string, salt: string, iterations: number, keyBytes: number, digest: 'sha256' | 'sha512'): Promise<string> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, 'utf8'), Buffer.from(salt, 'base64'), iterations, keyBytes, digest, (error, key) => {
      if (error) reject(error);
      else resolve(key.toString('base64'));
    });
  });
}

function pbkdf2Scheme(name: string, digest: 'sha256' | 'sha512', keyBits: 256 | 512): PasswordScheme {
  return {
    name,
    defaultFactor: 24_000,
    hash: (password, salt, factor) => derive(password, salt, factor, keyBits / 8, digest),
    isValidFactor: isIterationCount,
  };
}

export const saltedPbkdf2HmacSha256 = pbkdf2Scheme('salted-pbkdf2-hmac-sha256', 'sha256', 256);
export const saltedPbkdf2HmacSha256With512BitKey = pbkdf2Scheme('salted-pbkdf2-hmac-sha256-512', 'sha256', 512);
export const saltedPbkdf2HmacSha512 = pbkdf2Scheme('salted-pbkdf2-hmac-sha512-512', 'sha512', 512);
