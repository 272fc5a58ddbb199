/**
 * Checking what a login presents: a login id and a password, or the application's Authentication
 * Token in place of the password (when `application.authenticationTokenConfiguration.enabled` and the
 * registration has one). FusionAuth's order: the User Actions preventing login answer 409 before the
 * password is checked (otherwise a lock would not stop guessing); a wrong password is counted by the
 * tenant's failed-authentication policy, and the failure that reaches the threshold already answers
 * 409 with the action it took (lockout.ts).
 *
 * The tenant's `rateLimitConfiguration.failedLogin` (flows/rate-limit.ts): without a failed-authentication
 * User Action (which "takes precedence"), each wrong password is counted for the user, and once `limit`
 * fall in the period the user's logins fail like a wrong password (404), even with the right one, until
 * the period has passed; FusionAuth checks this after the 409 and does not tell the caller why.
 *
 * Timing: an unknown login id, a user without a password and a locked user still cost one hash with the
 * tenant's scheme and factor (FusionAuth's "slow it down"), so response times do not tell them apart.
 * Every hash runs asynchronously (libuv pool or native async bindings): nothing here blocks the loop.
 */
import type { PasswordSchemes, StoredPassword } from '../../crypto/password/index.js';
import { constantTimeEquals, rehashTarget } from '../../crypto/password/index.js';
import type { RateLimiter } from '../../flows/rate-limit.js';
import type { StoredApplication } from '../application/store.js';
import { hashAuthenticationToken } from '../registration/rules.js';
import type { StoredTenant } from '../tenant/store.js';
import type { StoredUser } from '../user/store.js';
import type { LoginIdType } from '../user/model.js';
import { lockoutPolicyOf, type Lockout } from './lockout.js';
import type { LoginStore } from './login-store.js';
import type { LoginPreventedAction } from './model.js';

export type CredentialOutcome =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'locked'; readonly actions: LoginPreventedAction[] }
  | { readonly kind: 'authenticated'; readonly stored: StoredUser; readonly authenticationType: 'PASSWORD' | 'APPLICATION_TOKEN' };

export interface CredentialDeps {
  readonly findUserByLoginId: (tenantId: string, loginId: string, types: readonly LoginIdType[]) => Promise<StoredUser | undefined>;
  /** SHA-256 of the registration's Authentication Token, when it has one. */
  readonly authenticationTokenHash: (userId: string, applicationId: string) => Promise<string | undefined>;
  readonly schemes: PasswordSchemes;
  readonly lockout: Lockout;
  readonly logins: LoginStore;
  readonly rateLimits: RateLimiter;
}

export interface PresentedCredentials {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly loginId: string;
  readonly loginIdTypes: readonly LoginIdType[];
  readonly password: string;
  readonly now: number;
}

const DECOY_PASSWORD = 'gatehouse decoy password';

export interface CredentialChecker {
  check(presented: PresentedCredentials): Promise<CredentialOutcome>;
}

export function createCredentialChecker(deps: CredentialDeps): CredentialChecker {
  const { schemes } = deps;

  /** One hash at the tenant's cost, thrown away. */
  async function decoyHash(tenant: StoredTenant): Promise<void> {
    const configured = tenant.passwordEncryptionConfiguration;
    const name = configured?.encryptionScheme !== undefined && schemes.get(configured.encryptionScheme) !== undefined ? configured.encryptionScheme : schemes.names()[0]!;
    const factor = configured?.encryptionSchemeFactor ?? schemes.get(name)!.defaultFactor;
    await schemes.hash(DECOY_PASSWORD, name, schemes.isValidFactor(name, factor) ? factor : schemes.get(name)!.defaultFactor);
  }

  async function matchesApplicationToken(application: StoredApplication | undefined, userId: string, presented: string): Promise<boolean> {
    if (application?.authenticationTokenConfiguration?.enabled !== true) return false;
    const hash = await deps.authenticationTokenHash(userId, application.id);
    return hash !== undefined && constantTimeEquals(hashAuthenticationToken(presented), hash);
  }

  async function passwordMatches(tenant: StoredTenant, stored: StoredPassword | undefined, presented: string): Promise<boolean> {
    if (stored === undefined) {
      await decoyHash(tenant);
      return false;
    }
    return schemes.verify(presented, stored);
  }

  /** `modifyEncryptionSchemeOnLogin`: the password just verified is re-hashed with the tenant's settings. */
  async function rehashIfConfigured(tenant: StoredTenant, stored: StoredUser, presented: string): Promise<void> {
    if (stored.password === undefined) return;
    const target = rehashTarget(stored.password, tenant.passwordEncryptionConfiguration, schemes);
    if (target === undefined) return;
    await deps.logins.updatePassword(stored.user.id, await schemes.hash(presented, target.scheme, target.factor));
  }

  return {
    async check({ tenant, application, loginId, loginIdTypes, password, now }) {
      const stored = await deps.findUserByLoginId(tenant.id, loginId.trim(), loginIdTypes);
      if (stored === undefined) {
        await decoyHash(tenant);
        return { kind: 'unknown' };
      }
      const preventing = await deps.lockout.preventing(stored.user.id, application?.id, now);
      if (preventing.length > 0) {
        await decoyHash(tenant);
        return { kind: 'locked', actions: preventing };
      }
      if (deps.rateLimits.limited(tenant, 'failedLogin', stored.user.id)) {
        await decoyHash(tenant);
        return { kind: 'unknown' };
      }
      if (await matchesApplicationToken(application, stored.user.id, password)) {
        return { kind: 'authenticated', stored, authenticationType: 'APPLICATION_TOKEN' };
      }
      if (await passwordMatches(tenant, stored.password, password)) {
        await rehashIfConfigured(tenant, stored, password);
        return { kind: 'authenticated', stored, authenticationType: 'PASSWORD' };
      }
      if (lockoutPolicyOf(tenant) === undefined) deps.rateLimits.record(tenant, 'failedLogin', stored.user.id);
      const taken = await deps.lockout.recordFailure(tenant, stored.user, now);
      return taken === undefined ? { kind: 'unknown' } : { kind: 'locked', actions: [taken] };
    },
  };
}
