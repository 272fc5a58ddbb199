/**
 * The parts of a tenant's configuration the Users API obeys: password rules and default hashing, blocked
 * email domains and email verification. Missing values fall back to FusionAuth's tenant defaults, so a
 * tenant stored before a setting existed still behaves like FusionAuth.
 */
import { deepFill } from '../../core/deep-fill.js';
import { tenantDefaults, type Tenant } from '../tenant/model.js';
import type { PasswordValidationRules } from '../tenant/model-configuration.js';

export interface UserPolicy {
  readonly passwordRules: PasswordValidationRules;
  readonly encryptionScheme: string;
  readonly encryptionFactor: number;
  /** Lower-cased domains; an email whose domain is listed is refused unless `disableDomainBlock`. */
  readonly blockedDomains: readonly string[];
  readonly verifyEmail: boolean;
  readonly verifyEmailWhenChanged: boolean;
}

export function userPolicyOf(tenant: Tenant): UserPolicy {
  const defaults = tenantDefaults();
  const rules = deepFill(tenant.passwordValidationRules ?? {}, defaults.passwordValidationRules ?? {});
  const encryption = deepFill(tenant.passwordEncryptionConfiguration ?? {}, defaults.passwordEncryptionConfiguration ?? {});
  const email = deepFill(tenant.emailConfiguration ?? {}, defaults.emailConfiguration ?? {});
  return {
    passwordRules: rules,
    encryptionScheme: encryption.encryptionScheme ?? 'salted-pbkdf2-hmac-sha256',
    encryptionFactor: encryption.encryptionSchemeFactor ?? 24_000,
    blockedDomains: (tenant.registrationConfiguration?.blockedDomains ?? []).map((d) => d.trim().toLowerCase()).filter((d) => d !== ''),
    verifyEmail: email.verifyEmail === true,
    verifyEmailWhenChanged: email.verifyEmailWhenChanged === true,
  };
}
