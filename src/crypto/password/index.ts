/**
 * The password schemes this server knows. Add a scheme by writing its module next to this one and
 * listing it in `built-in.ts`; the Users API then accepts its name as `user.encryptionScheme` and
 * tenants may choose it as their default.
 */
export { builtInPasswordSchemes, DEFAULT_PASSWORD_SCHEME } from './built-in.js';
export { createPasswordSchemes, generateSalt, constantTimeEquals, isBase64 } from './scheme.js';
export type { PasswordScheme, PasswordSchemes, StoredPassword } from './scheme.js';
export { needsRehash, rehashTarget, type PasswordEncryptionSettings } from './rehash.js';
