/**
 * What the account-lifecycle services share, built once in `wiring.ts`: the stores they read, the flow
 * rows their ids live in, the email sender, the password schemes, the clock and the token revocation
 * a password change triggers. Also the lookups every flow starts with (a tenant, an application of
 * that tenant, a user visible to the request).
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { PasswordSchemes } from '../../crypto/password/index.js';
import type { Database } from '../../db/database.js';
import type { RateLimiter } from '../../flows/rate-limit.js';
import type { FlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { LoginIdType, User } from '../user/model.js';
import type { StoredUser } from '../user/store.js';
import type { AccountEmailSender } from './account-email.js';

/** A user as the Users API returns it, with the ids a flow needs. */
export type AccountUser = User & { id: string; tenantId: string };

export interface LifecycleDeps {
  readonly database: Database;
  readonly flows: FlowStore;
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  /** The user as the Users API returns it (the `user` of email templates); NotFoundError when absent. */
  readonly retrieveUser: (id: string) => Promise<User>;
  /** The stored user (password included). */
  readonly findStoredUser: (id: string) => Promise<StoredUser | undefined>;
  /** The stored user (password included) by login id, in a tenant. */
  readonly findUserByLoginId: (tenantId: string, loginId: string, types: readonly LoginIdType[]) => Promise<StoredUser | undefined>;
  readonly emails: AccountEmailSender;
  readonly schemes: PasswordSchemes;
  readonly clock: Clock;
  /** The tenants' rate limits: `forgotPassword`, `sendEmailVerification`, `sendRegistrationVerification`. */
  readonly rateLimits: RateLimiter;
  /** Revokes every refresh token of the user (a changed password ends their sessions). */
  readonly revokeRefreshTokens: (userId: string) => Promise<void>;
  /** The verified claims of an access token, or undefined. */
  readonly verifyAccessToken: (token: string) => Promise<Record<string, unknown> | undefined>;
}

export async function tenantOf(deps: LifecycleDeps, tenantId: string): Promise<StoredTenant> {
  const tenant = await deps.tenants.find(tenantId);
  if (tenant === undefined) throw new NotFoundError();
  return tenant;
}

/** The application a request names, when it is a valid id of an application in the tenant. */
export async function applicationIn(deps: LifecycleDeps, tenantId: string, applicationId: string | undefined): Promise<StoredApplication | undefined> {
  if (applicationId === undefined || !isUuid(applicationId)) return undefined;
  const application = await deps.applications.find(normalizeId(applicationId));
  return application !== undefined && application.tenantId === tenantId ? application : undefined;
}

/** The user, or undefined when there is none (or it is another tenant's than the request names). */
export async function findAccountUser(deps: LifecycleDeps, userId: string, explicitTenantId?: string): Promise<AccountUser | undefined> {
  if (!isUuid(userId)) return undefined;
  try {
    const user = (await deps.retrieveUser(normalizeId(userId))) as AccountUser;
    return explicitTenantId === undefined || user.tenantId === explicitTenantId ? user : undefined;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export async function requireAccountUser(deps: LifecycleDeps, userId: string, explicitTenantId?: string): Promise<AccountUser> {
  const user = await findAccountUser(deps, userId, explicitTenantId);
  if (user === undefined) throw new NotFoundError();
  return user;
}
