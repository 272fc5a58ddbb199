/**
 * Re-hash on login (tenant `passwordEncryptionConfiguration.modifyEncryptionSchemeOnLogin`): "When
 * enabled a user's hash configuration will be modified to match these configured settings" after a
 * successful login (FusionAuth docs, Tenant API; "Rehashing User Passwords"). The Login API calls
 * `rehashTarget` once the password has verified, and when it names a scheme, hashes the password it
 * just checked with that scheme and factor and stores the result.
 */
import { builtInPasswordSchemes, DEFAULT_PASSWORD_SCHEME } from './built-in.js';
import type { PasswordSchemes, StoredPassword } from './scheme.js';

/** The tenant's `passwordEncryptionConfiguration`, as stored (every field optional). */
export interface PasswordEncryptionSettings {
  readonly encryptionScheme?: string;
  readonly encryptionSchemeFactor?: number;
  readonly modifyEncryptionSchemeOnLogin?: boolean;
}

type SchemeLookup = Pick<PasswordSchemes, 'get' | 'isValidFactor'>;

let builtIn: SchemeLookup | undefined;
const builtInSchemes = (): SchemeLookup => (builtIn ??= builtInPasswordSchemes());

/**
 * The scheme and factor a user's password must be re-hashed with after a successful login, or
 * undefined when it stays as it is: re-hashing is off, the user already has the tenant's scheme and
 * factor, or the tenant names a scheme or factor this server cannot hash with. Missing tenant values
 * mean FusionAuth's defaults (salted-pbkdf2-hmac-sha256; the scheme's own default factor).
 */
export function rehashTarget(
  stored: Pick<StoredPassword, 'scheme' | 'factor'>,
  tenant: PasswordEncryptionSettings | undefined,
  schemes: SchemeLookup = builtInSchemes(),
): { scheme: string; factor: number } | undefined {
  if (tenant?.modifyEncryptionSchemeOnLogin !== true) return undefined;
  const scheme = tenant.encryptionScheme ?? DEFAULT_PASSWORD_SCHEME;
  const known = schemes.get(scheme);
  if (known === undefined) return undefined;
  const factor = tenant.encryptionSchemeFactor ?? known.defaultFactor;
  if (!schemes.isValidFactor(scheme, factor)) return undefined;
  if (stored.scheme === scheme && stored.factor === factor) return undefined;
  return { scheme, factor };
}

/** True when the password of a user who just logged in must be re-hashed to the tenant's settings. */
export function needsRehash(
  stored: Pick<StoredPassword, 'scheme' | 'factor'>,
  tenant: PasswordEncryptionSettings | undefined,
  schemes?: SchemeLookup,
): boolean {
  return rehashTarget(stored, tenant, schemes) !== undefined;
}
