/**
 * Builds the account-lifecycle flows (issue 4: set password, email and registration verification,
 * forgot and change password) from what `server.ts` already has, and registers their routes. The
 * other groups receive only the hooks they call:
 *
 * - `users`: the Users service with its email side effects (set-password and verification emails),
 *   for the Users and Registrations routes;
 * - `lookup`: `GET /api/user?changePasswordId=` / `?verificationId=`;
 * - `registrationVerification`: the id a new unverified registration gets;
 * - `loginVerificationIds`: the FormField ids of a 212/213 login.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { TenantDirectory } from '../../core/tenant-context.js';
import type { PasswordSchemes } from '../../crypto/password/index.js';
import type { Database } from '../../db/database.js';
import type { TemplateSender } from '../../email/template-sender.js';
import type { RateLimiter } from '../../flows/rate-limit.js';
import { createFlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { UserRegistration } from '../registration/model.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import type { UserService } from '../user/service.js';
import { createUserStore } from '../user/store.js';
import { createAccountEmailSender } from './account-email.js';
import { createChangePasswordService } from './change-password.js';
import type { AccountUser, LifecycleDeps } from './context.js';
import { createEmailVerificationService } from './email-verification.js';
import { createForgotPasswordService } from './forgot-password.js';
import { passwordRoutes } from './password-routes.js';
import { createRegistrationVerificationService } from './registration-verification.js';
import { createFlowUserLookup, type FlowUserLookup } from './user-lookup.js';
import { withAccountEmails } from './user-account-emails.js';
import { verificationRoutes } from './verification-routes.js';

export interface LifecycleWiring {
  readonly database: Database;
  readonly tenants: TenantDirectory & { find(id: string): Promise<StoredTenant | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  /** The Users service as built (this module layers the email side effects over it). */
  readonly users: UserService;
  readonly sender: TemplateSender;
  readonly schemes: PasswordSchemes;
  readonly clock: Clock;
  /** The tenants' rate limits (forgot password, resent verifications). */
  readonly rateLimits: RateLimiter;
  /** Revokes all of a user's refresh tokens. */
  readonly revokeRefreshTokens: (userId: string) => Promise<void>;
  readonly verifyAccessToken: (token: string) => Promise<Record<string, unknown> | undefined>;
}

/** What a registration create adds to its response while the registration awaits verification. */
export interface RegistrationVerificationFields {
  registrationVerificationId?: string;
  registrationVerificationOneTimeCode?: string;
}

export interface LifecycleApi {
  readonly users: UserService;
  readonly lookup: FlowUserLookup;
  registrationVerification(userId: string, registration: UserRegistration & { applicationId: string }): Promise<RegistrationVerificationFields>;
  readonly loginVerificationIds: {
    emailVerificationId(tenant: StoredTenant, user: User & { id: string; tenantId: string }, application?: StoredApplication): Promise<string | undefined>;
    registrationVerificationId(tenant: StoredTenant, user: User & { id: string; tenantId: string }, application: StoredApplication): Promise<string | undefined>;
  };
}

export function userLifecycleApi(app: FastifyInstance, wiring: LifecycleWiring): LifecycleApi {
  const userStore = createUserStore(wiring.database.db);
  const deps: LifecycleDeps = {
    database: wiring.database,
    flows: createFlowStore(wiring.database),
    tenants: wiring.tenants,
    applications: wiring.applications,
    retrieveUser: (id) => wiring.users.retrieve(id),
    findStoredUser: (id) => userStore.find(id),
    findUserByLoginId: (tenantId, loginId, types) => userStore.findByLoginId(tenantId, loginId, types),
    emails: createAccountEmailSender(wiring.sender, { warn: (details, message) => app.log.warn(details, message) }),
    schemes: wiring.schemes,
    clock: wiring.clock,
    rateLimits: wiring.rateLimits,
    revokeRefreshTokens: wiring.revokeRefreshTokens,
    verifyAccessToken: wiring.verifyAccessToken,
  };
  const emailVerification = createEmailVerificationService(deps);
  const registrationVerification = createRegistrationVerificationService(deps);
  verificationRoutes(app, { emails: emailVerification, registrations: registrationVerification, tenants: wiring.tenants });
  passwordRoutes(app, { forgotPassword: createForgotPasswordService(deps), changePassword: createChangePasswordService(deps), tenants: wiring.tenants });

  return {
    users: withAccountEmails(wiring.users, deps, emailVerification),
    lookup: createFlowUserLookup(deps),
    async registrationVerification(userId, registration) {
      const started = await registrationVerification.afterRegistration(userId, registration);
      if (started === undefined) return {};
      return {
        registrationVerificationId: started.verificationId,
        ...(started.oneTimeCode !== undefined ? { registrationVerificationOneTimeCode: started.oneTimeCode } : {}),
      };
    },
    loginVerificationIds: {
      emailVerificationId: (tenant, user, application) => emailVerification.idForLogin(tenant, user as AccountUser, application),
      registrationVerificationId: (tenant, user, application) => registrationVerification.idForLogin(tenant, user as AccountUser, application),
    },
  };
}
