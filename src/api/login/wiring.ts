/**
 * Builds the Login API from what `server.ts` already has, and registers its routes: the login
 * service, login records, and the flow store they share. Each dependency is narrowed to the question
 * the login code asks of it.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { PasswordSchemes } from '../../crypto/password/index.js';
import type { Database } from '../../db/database.js';
import type { RateLimiter } from '../../flows/rate-limit.js';
import { createFlowStore, type FlowStore } from '../../flows/store.js';
import type { ApplicationStore } from '../application/store.js';
import type { TokenService } from '../jwt/service.js';
import type { RegistrationStore } from '../registration/store.js';
import type { TenantStore } from '../tenant/store.js';
import type { LoginPrevention } from '../user-action/login-prevention.js';
import { createUserStore } from '../user/store.js';
import { createCredentialChecker } from './credentials.js';
import { createLockout } from './lockout.js';
import type { LoginVerificationIds } from './login-completion.js';
import { createLoginRecordService } from './login-record-service.js';
import { createLoginRecordStore } from './login-record-store.js';
import { loginRecordRoutes } from './login-record-routes.js';
import { createLoginStore } from './login-store.js';
import { loginRoutes } from './routes.js';
import { createLoginService, type LoginService, type LoginServiceDeps } from './service.js';

export interface LoginWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  readonly registrations: RegistrationStore;
  readonly users: LoginServiceDeps['users'];
  readonly tokens: TokenService;
  readonly schemes: PasswordSchemes;
  /** The User Actions in force on users (409) and the failed-authentication action (user-action/wiring.ts). */
  readonly prevention: LoginPrevention;
  readonly clock: Clock;
  /** The tenants' rate limits (`failedLogin`). */
  readonly rateLimits: RateLimiter;
  /** The FormField verification ids of 212/213 answers (src/api/user-lifecycle). */
  readonly verificationIds?: LoginVerificationIds;
}

export interface LoginApi {
  readonly login: LoginService;
  /** One-time flows (change-password ids, one-time passwords, two-factor ids …), for other groups too. */
  readonly flows: FlowStore;
}

export function loginApi(app: FastifyInstance, wiring: LoginWiring): LoginApi {
  const { database, clock } = wiring;
  const flows = createFlowStore(database);
  const lockout = createLockout(database, wiring.prevention);
  const logins = createLoginStore(database);
  const userStore = createUserStore(database.db);
  const credentials = createCredentialChecker({
    findUserByLoginId: (tenantId, loginId, types) => userStore.findByLoginId(tenantId, loginId, types),
    authenticationTokenHash: (userId, applicationId) => wiring.registrations.authenticationTokenHash(userId, applicationId),
    schemes: wiring.schemes,
    lockout,
    logins,
    rateLimits: wiring.rateLimits,
  });
  const login = createLoginService({
    tenants: wiring.tenants,
    applications: wiring.applications,
    users: wiring.users,
    credentials,
    flows,
    lockout,
    logins,
    ...(wiring.verificationIds !== undefined ? { verificationIds: wiring.verificationIds } : {}),
    tokens: {
      issueLoginTokens: (input) => wiring.tokens.issueLoginTokens(input),
      verifyAccessToken: async (token) => (await wiring.tokens.verifyAccessToken(token)) as Record<string, unknown> | undefined,
      revokeRefreshToken: (value, options) => wiring.tokens.revokeRefreshToken(value, options),
    },
    clock,
  });
  loginRoutes(app, login, clock);
  loginRecordRoutes(app, createLoginRecordService(createLoginRecordStore(database)));
  return { login, flows };
}
