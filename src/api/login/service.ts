/**
 * The Login API (seed 002): `POST /api/login` with a password, an application Authentication Token or a
 * one-time password; the update-login-instant ping; logout. Reads like the seed: resolve the scope
 * (401/400), check the credentials (404/409), run the ordered checks (423, 409, 410, 242, 203), then
 * complete the login (200, 202, 212, 213).
 */
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError, UnauthorizedError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { FlowStore } from '../../flows/store.js';
import type { User } from '../user/model.js';
import type { StoredUser } from '../user/store.js';
import type { CredentialChecker } from './credentials.js';
import { completeLogin, recordedLoginId, type CompletionDeps } from './login-completion.js';
import { runLoginChecks } from './login-checks.js';
import { blankValue, passwordCredentials, resolveScope, type RequestScope, type RequestScopeDeps } from './login-request.js';
import type { Lockout } from './lockout.js';
import type { LoginStore } from './login-store.js';
import type { LoginRequest, LoginResponse } from './model.js';
import { oneTimePasswordTenant, useOneTimePassword } from './one-time-password.js';

export interface LoginServiceDeps extends RequestScopeDeps {
  readonly users: { retrieve(id: string): Promise<User>; present(stored: StoredUser): Promise<User> };
  readonly credentials: CredentialChecker;
  readonly flows: FlowStore;
  readonly lockout: Lockout;
  readonly logins: LoginStore;
  readonly verificationIds?: CompletionDeps['verificationIds'];
  readonly tokens: CompletionDeps['tokens'] & {
    verifyAccessToken(token: string): Promise<Record<string, unknown> | undefined>;
    revokeRefreshToken(value: string, options?: { global?: boolean }): Promise<void>;
  };
  readonly clock: Clock;
}

export interface LoginInput {
  readonly request: LoginRequest;
  readonly explicitTenantId?: string;
  readonly hasApiKey: boolean;
  /** The request body's `ipAddress`, else `X-Forwarded-For`, else the connection's address. */
  readonly ipAddress?: string;
  /** The `fusionauth.trust` cookie: it takes precedence over `twoFactorTrustId`. */
  readonly trustCookie?: string;
}

export interface LoginOutcome {
  readonly status: number;
  readonly body?: LoginResponse;
  /** Seconds the `refresh_token` cookie lives, when the body has a refresh token. */
  readonly refreshTokenMaxAge?: number;
}

export interface PingInput {
  readonly userId?: string;
  readonly applicationId?: string;
  readonly ipAddress?: string;
  readonly explicitTenantId?: string;
}

export interface LoginService {
  login(input: LoginInput): Promise<LoginOutcome>;
  /** Update Login Instant: 200, or 202 when the user is not registered to the application. */
  ping(input: PingInput): Promise<200 | 202>;
  /** The ping's JWT form: the user and application come from a valid access token (else 401). */
  pingWithAccessToken(token: string | undefined, ipAddress: string | undefined, explicitTenantId: string | undefined): Promise<200 | 202>;
  /** Revokes the presented refresh token (and with `global`, all of its owner's). */
  logout(refreshToken: string | undefined, global: boolean): Promise<void>;
}

type Authenticated = { user: User & { id: string; tenantId: string }; authenticationType: 'PASSWORD' | 'APPLICATION_TOKEN' | 'ONE_TIME_PASSWORD'; password?: string; loginId?: string; state?: Record<string, unknown>;
  /** False for a one-time password that may not yield a refresh token (one-time-password.ts). */
  refreshTokenEligible?: boolean;
};

export function createLoginService(deps: LoginServiceDeps): LoginService {
  const { clock, flows } = deps;

  async function retrieveUser(id: string): Promise<User & { id: string; tenantId: string }> {
    const user = await deps.users.retrieve(id);
    return user as User & { id: string; tenantId: string };
  }

  /** The one-time password path: 400 `[invalid]oneTimePassword` when it is not a live one of this tenant. */
  async function withOneTimePassword(scope: RequestScope, value: string, now: number): Promise<Authenticated> {
    const used = await useOneTimePassword(flows, value, scope.tenant.id, now);
    if (used === undefined) throw fieldError('oneTimePassword', 'invalid', 'The [oneTimePassword] is not valid or has expired.');
    const user = await retrieveUser(used.userId);
    return {
      user, authenticationType: 'ONE_TIME_PASSWORD', loginId: recordedLoginId(user, undefined)!, refreshTokenEligible: used.refreshTokenEligible,
      ...(used.state !== undefined ? { state: used.state } : {}),
    };
  }

  /** The password path: 404 for an unknown user or a wrong password, 409 while locked. */
  async function withPassword(scope: RequestScope, request: LoginRequest, now: number): Promise<Authenticated | LoginOutcome> {
    const credentials = passwordCredentials(request);
    const outcome = await deps.credentials.check({ ...scope, ...credentials, now });
    if (outcome.kind === 'unknown') return { status: 404 };
    if (outcome.kind === 'locked') return { status: 409, body: { actions: outcome.actions } };
    // The row the credential check just read: retrieving the user again would read the same row.
    const user = (await deps.users.present(outcome.stored)) as User & { id: string; tenantId: string };
    return { user, authenticationType: outcome.authenticationType, password: credentials.password, loginId: recordedLoginId(user, credentials.loginId)! };
  }

  async function recordPing(user: User & { id: string; tenantId: string }, applicationId: string | undefined, ipAddress: string | undefined, explicitTenantId: string | undefined): Promise<200 | 202> {
    if (explicitTenantId !== undefined && user.tenantId !== explicitTenantId) throw new NotFoundError();
    const application = applicationId === undefined ? undefined : await deps.applications.find(applicationId);
    if (applicationId !== undefined && (application === undefined || application.tenantId !== user.tenantId)) {
      throw fieldError('applicationId', 'invalid', `The [applicationId] value [${applicationId}] is not valid. No application exists with that Id.`);
    }
    const registered = application !== undefined && user.registrations?.some((r) => r.applicationId === application.id) === true;
    await deps.logins.recordLogin({
      tenantId: user.tenantId,
      userId: user.id,
      registered,
      instant: clock.now(),
      ...(application !== undefined ? { applicationId: application.id, applicationName: application.name } : {}),
      ...(recordedLoginId(user, undefined) !== undefined ? { loginId: recordedLoginId(user, undefined)! } : {}),
      ...(ipAddress !== undefined ? { ipAddress } : {}),
    });
    return application !== undefined && !registered ? 202 : 200;
  }

  async function findUserOrNotFound(userId: string): Promise<User & { id: string; tenantId: string }> {
    if (!isUuid(userId)) throw new NotFoundError();
    return retrieveUser(normalizeId(userId));
  }

  return {
    async login(input) {
      const { request } = input;
      const now = clock.now();
      const oneTimePassword = blankValue(request.oneTimePassword) ? undefined : request.oneTimePassword!;
      const flowTenantId = oneTimePassword === undefined ? undefined : await oneTimePasswordTenant(flows, oneTimePassword, now);
      const scope = await resolveScope(deps, {
        hasApiKey: input.hasApiKey,
        ...(request.applicationId !== undefined ? { applicationId: request.applicationId } : {}),
        ...(input.explicitTenantId !== undefined ? { explicitTenantId: input.explicitTenantId } : {}),
        ...(flowTenantId !== undefined ? { flowTenantId } : {}),
      });
      const authenticated = oneTimePassword !== undefined ? await withOneTimePassword(scope, oneTimePassword, now) : await withPassword(scope, request, now);
      if ('status' in authenticated) return authenticated;

      const { user } = authenticated;
      const trustId = input.trustCookie ?? (blankValue(request.twoFactorTrustId) ? undefined : request.twoFactorTrustId);
      const ended = await runLoginChecks({
        ...scope,
        user,
        oneTimePassword: authenticated.authenticationType === 'ONE_TIME_PASSWORD',
        ...(authenticated.authenticationType === 'PASSWORD' && authenticated.password !== undefined ? { password: authenticated.password } : {}),
        ...(trustId !== undefined ? { trustId } : {}),
        twoFactorState: {
          authenticationType: authenticated.authenticationType,
          ...(scope.application !== undefined ? { applicationId: scope.application.id } : {}),
          ...(authenticated.loginId !== undefined ? { loginId: authenticated.loginId } : {}),
          ...(input.ipAddress !== undefined ? { ipAddress: input.ipAddress } : {}),
          ...(request.noJWT !== undefined ? { noJWT: request.noJWT } : {}),
          ...(request.metaData !== undefined ? { metaData: request.metaData } : {}),
          ...(authenticated.state !== undefined ? { state: authenticated.state } : {}),
          ...(authenticated.refreshTokenEligible === false ? { refreshTokenAllowed: false } : {}),
        },
        now,
      }, deps);
      if (ended !== undefined) return ended;

      return completeLogin(deps, {
        ...scope,
        user,
        authenticationType: authenticated.authenticationType,
        noJWT: request.noJWT === true,
        endsPasswordFlows: authenticated.authenticationType !== 'ONE_TIME_PASSWORD',
        ...(authenticated.refreshTokenEligible === false ? { refreshTokenAllowed: false } : {}),
        now,
        ...(authenticated.loginId !== undefined ? { loginId: authenticated.loginId } : {}),
        ...(input.ipAddress !== undefined ? { ipAddress: input.ipAddress } : {}),
        ...(request.metaData !== undefined ? { metaData: request.metaData } : {}),
        ...(authenticated.state !== undefined ? { state: authenticated.state } : {}),
      });
    },

    async ping({ userId, applicationId, ipAddress, explicitTenantId }) {
      if (userId === undefined) throw fieldError('userId', 'missing', 'You must specify the [userId] property.');
      if (applicationId !== undefined && !isUuid(applicationId)) {
        throw fieldError('applicationId', 'couldNotConvert', `Invalid [applicationId]. The value [${applicationId}] is not a valid UUID.`);
      }
      const user = await findUserOrNotFound(userId);
      return recordPing(user, applicationId === undefined ? undefined : normalizeId(applicationId), ipAddress, explicitTenantId);
    },

    async pingWithAccessToken(token, ipAddress, explicitTenantId) {
      const claims = token === undefined ? undefined : await deps.tokens.verifyAccessToken(token);
      const subject = claims?.sub;
      if (typeof subject !== 'string' || !isUuid(subject)) throw new UnauthorizedError();
      const claimed = claims?.applicationId;
      const applicationId = typeof claimed === 'string' && isUuid(claimed) ? normalizeId(claimed) : undefined;
      let user: User & { id: string; tenantId: string };
      try {
        user = await retrieveUser(normalizeId(subject));
      } catch (error) {
        if (error instanceof NotFoundError) throw new UnauthorizedError();
        throw error;
      }
      return recordPing(user, applicationId, ipAddress, explicitTenantId);
    },

    async logout(refreshToken, global) {
      if (refreshToken === undefined) return;
      await deps.tokens.revokeRefreshToken(refreshToken, { global });
    },
  };
}
