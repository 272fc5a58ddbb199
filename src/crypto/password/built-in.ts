/**
 * FusionAuth's built-in schemes (seed 001, Import Users), registered once. The default comes first:
 * callers fall back to `names()[0]` when a tenant names a scheme this server does not have.
 */
import { bcrypt } from './bcrypt.js';
import { saltedPbkdf2HmacSha256, saltedPbkdf2HmacSha256With512BitKey, saltedPbkdf2HmacSha512 } from './pbkdf2.js';
import { phpassMd5, phpassSha512 } from './phpass.js';
import { saltedMd5, saltedSha256 } from './salted-digest.js';
import { saltedHmacSha256 } from './salted-hmac.js';
import { createPasswordSchemes, type PasswordSchemes } from './scheme.js';

/** FusionAuth's default scheme for new tenants (API-INVENTORY §5). */
export const DEFAULT_PASSWORD_SCHEME = saltedPbkdf2HmacSha256.name;

const BUILT_IN = [
  saltedPbkdf2HmacSha256,
  saltedPbkdf2HmacSha256With512BitKey,
  saltedPbkdf2HmacSha512,
  bcrypt,
  saltedMd5,
  saltedSha256,
  saltedHmacSha256,
  phpassMd5,
  phpassSha512,
] as const;

export function builtInPasswordSchemes(): PasswordSchemes {
  return createPasswordSchemes(BUILT_IN);
}
