/**
 * The secrets the account flows hand out, made and timed as the tenant's
 * `externalIdentifierConfiguration` says: each kind has a generator (`{length, type}`) and a time to
 * live. Settings the stored tenant lacks take FusionAuth's defaults (change password 10 minutes, set
 * password, email and registration verification 24 hours; ids 32 random bytes; one-time codes 6
 * alphanumeric characters).
 *
 * One-time codes are typed by people from an email, so they are issued in upper case and compared
 * case-insensitively (the seed's example code is `JJ6RTS`).
 */
import { deepFill } from '../../core/deep-fill.js';
import { generateSecret, hashSecret, type SecretGenerator } from '../../flows/secrets.js';
import type { ExternalIdentifierConfiguration } from '../tenant/model-configuration.js';
import { tenantDefaults, type Tenant } from '../tenant/model.js';

export type IdentifierKind = 'changePassword' | 'setupPassword' | 'emailVerification' | 'registrationVerification';

export interface IdentifierSettings {
  readonly generator: SecretGenerator;
  readonly timeToLiveInSeconds: number;
  /** The paired one-time code's generator (verifications only). */
  readonly oneTimeCodeGenerator?: SecretGenerator;
}

function configurationOf(tenant: Tenant): ExternalIdentifierConfiguration {
  return deepFill(tenant.externalIdentifierConfiguration ?? {}, tenantDefaults().externalIdentifierConfiguration ?? {});
}

const generatorOf = (value: { length?: number; type?: string } | undefined): SecretGenerator =>
  ({ ...(value?.length !== undefined ? { length: value.length } : {}), ...(value?.type !== undefined ? { type: value.type as SecretGenerator['type'] } : {}) });

export function identifierSettings(tenant: Tenant, kind: IdentifierKind): IdentifierSettings {
  const c = configurationOf(tenant);
  switch (kind) {
    case 'changePassword':
      return { generator: generatorOf(c.changePasswordIdGenerator), timeToLiveInSeconds: c.changePasswordIdTimeToLiveInSeconds ?? 600 };
    case 'setupPassword':
      return { generator: generatorOf(c.setupPasswordIdGenerator), timeToLiveInSeconds: c.setupPasswordIdTimeToLiveInSeconds ?? 86_400 };
    case 'emailVerification':
      return {
        generator: generatorOf(c.emailVerificationIdGenerator),
        timeToLiveInSeconds: c.emailVerificationIdTimeToLiveInSeconds ?? 86_400,
        oneTimeCodeGenerator: generatorOf(c.emailVerificationOneTimeCodeGenerator),
      };
    case 'registrationVerification':
      return {
        generator: generatorOf(c.registrationVerificationIdGenerator),
        timeToLiveInSeconds: c.registrationVerificationIdTimeToLiveInSeconds ?? 86_400,
        oneTimeCodeGenerator: generatorOf(c.registrationVerificationOneTimeCodeGenerator),
      };
  }
}

/** A new id of this kind and the instant it stops working. */
export function newIdentifier(tenant: Tenant, kind: IdentifierKind, now: number): { value: string; expiresInstant: number } {
  const settings = identifierSettings(tenant, kind);
  return { value: generateSecret(settings.generator), expiresInstant: now + settings.timeToLiveInSeconds * 1000 };
}

/** A one-time code for a verification of this kind. */
export function newOneTimeCode(tenant: Tenant, kind: 'emailVerification' | 'registrationVerification'): string {
  return generateSecret(identifierSettings(tenant, kind).oneTimeCodeGenerator).toUpperCase();
}

/** How a one-time code is kept: hashed, after the same normalization a presented code gets. */
export const oneTimeCodeHash = (code: string): string => hashSecret(code.trim().toUpperCase());
