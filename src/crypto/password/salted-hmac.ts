/**
 * `salted-hmac-sha256` (FusionAuth docs, "Password Hashes" → Salted HMAC SHA-256): HMAC-SHA256 keyed
 * with the base64-DECODED salt over the password's UTF-8 bytes, base64-encoded. "This scheme does not
 * utilize a factor": any factor FusionAuth accepts (1 to Integer.MAX_VALUE) is accepted and ignored;
 * the default is 1.
 *
 * One HMAC of a short input is microseconds of work, so it is computed directly.
 */
import { createHmac } from 'node:crypto';
import { isIntegerBetween, MAX_JAVA_INT } from './factors.js';
import { isBase64, type PasswordScheme } from './scheme.js';

export const saltedHmacSha256: PasswordScheme = {
  name: 'salted-hmac-sha256',
  defaultFactor: 1,
  hash: async (password, salt) => createHmac('sha256', Buffer.from(salt, 'base64')).update(password, 'utf8').digest('base64'),
  isValidFactor: (factor) => isIntegerBetween(factor, 1, MAX_JAVA_INT),
  // Java's SecretKeySpec refuses an empty key, so FusionAuth cannot use an empty salt with this scheme.
  isValidSalt: (salt) => salt !== '' && isBase64(salt),
};
