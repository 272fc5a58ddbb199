/**
 * A login that passed every check: it is recorded (the user's and the registration's
 * `lastLoginInstant`, a login record) and, unless `noJWT`, the access
 * token and (application generating them, user registered) the refresh token are issued by the token
 * service. The response carries the user as it is after this login.
 */
import type { FlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { LoginTokens, LoginTokensInput } from '../jwt/service.js';
import type { RefreshTokenMetaData } from '../jwt/model.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import { completedStatus } from './login-checks.js';
import type { LoginStore } from './login-store.js';
import type { LoginResponse } from './model.js';

/** The FormField verification ids a 212/213 answer carries (seed 002); src/api/user-lifecycle provides them. */
export interface LoginVerificationIds {
  emailVerificationId(tenant: StoredTenant, user: User & { id: string; tenantId: string }, application?: StoredApplication): Promise<string | undefined>;
  registrationVerificationId(tenant: StoredTenant, user: User & { id: string; tenantId: string }, application: StoredApplication): Promise<string | undefined>;
}

export interface CompletionDeps {
  readonly logins: LoginStore;
  readonly flows: FlowStore;
  readonly tokens: { issueLoginTokens(input: LoginTokensInput): Promise<LoginTokens> };
  readonly verificationIds?: LoginVerificationIds;
}

export interface Completion {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly user: User & { id: string; tenantId: string };
  readonly authenticationType: LoginTokensInput['authenticationType'];
  /** The login id presented (password logins); the user's email or username otherwise. */
  readonly loginId?: string;
  readonly ipAddress?: string;
  readonly metaData?: RefreshTokenMetaData;
  readonly noJWT: boolean;
  /** A password login ends outstanding change-password ids and one-time passwords (FusionAuth). */
  readonly endsPasswordFlows: boolean;
  /** False when the credential may not yield a refresh token (a one-time password not made eligible); default true. */
  readonly refreshTokenAllowed?: boolean;
  readonly state?: Record<string, unknown>;
  readonly now: number;
}

export interface CompletedLoginResult {
  readonly status: 200 | 202 | 212 | 213;
  readonly body: LoginResponse;
  readonly refreshTokenMaxAge?: number;
}

/** The identity a login record names: the email or username as stored, matching what was presented. */
export function recordedLoginId(user: User, presented: string | undefined): string | undefined {
  const wanted = presented?.trim().toLowerCase();
  if (wanted !== undefined && user.email?.toLowerCase() === wanted) return user.email;
  if (wanted !== undefined && user.username?.toLowerCase() === wanted) return user.username;
  return presented?.trim() ?? user.email ?? user.username;
}

/** The user as the response shows it: this login's instants, and no `encryptionScheme` (retrieve-only). */
function userAfterLogin(user: User, applicationId: string | undefined, now: number): User {
  const { encryptionScheme: _scheme, ...rest } = user;
  return {
    ...rest,
    lastLoginInstant: now,
    ...(user.registrations !== undefined
      ? { registrations: user.registrations.map((r) => (r.applicationId === applicationId ? { ...r, lastLoginInstant: now } : r)) }
      : {}),
  };
}

export async function completeLogin(deps: CompletionDeps, login: Completion): Promise<CompletedLoginResult> {
  const { tenant, application, user, now } = login;
  const status = completedStatus({ tenant, user, ...(application !== undefined ? { application } : {}) });
  const registered = application !== undefined && user.registrations?.some((r) => r.applicationId === application.id) === true;
  await deps.logins.recordLogin({
    tenantId: tenant.id,
    userId: user.id,
    registered,
    instant: now,
    ...(application !== undefined ? { applicationId: application.id, applicationName: application.name } : {}),
    ...(login.loginId !== undefined ? { loginId: login.loginId } : {}),
    ...(login.ipAddress !== undefined ? { ipAddress: login.ipAddress } : {}),
  });
  if (login.endsPasswordFlows) await deps.flows.deleteForUser(user.id, ['changePassword', 'setupPassword', 'oneTimePassword']);

  const body: LoginResponse = { user: userAfterLogin(user, registered ? application?.id : undefined, now) };
  if (login.state !== undefined) body.state = login.state;
  const verificationId = status === 212 ? await deps.verificationIds?.emailVerificationId(tenant, user, application)
    : status === 213 && application !== undefined ? await deps.verificationIds?.registrationVerificationId(tenant, user, application) : undefined;
  if (verificationId !== undefined) body[status === 212 ? 'emailVerificationId' : 'registrationVerificationId'] = verificationId;
  if (login.noJWT) return { status, body };
  const tokens = await deps.tokens.issueLoginTokens({
    user: body.user as User & { id: string; tenantId: string },
    tenant,
    authenticationType: login.authenticationType,
    ...(application !== undefined ? { application } : {}),
    ...(login.metaData !== undefined ? { metaData: login.metaData } : {}),
    ...(login.ipAddress !== undefined ? { ipAddress: login.ipAddress } : {}),
    ...(login.refreshTokenAllowed === false ? { withRefreshToken: false } : {}),
  });
  body.token = tokens.token;
  body.tokenExpirationInstant = tokens.tokenExpirationInstant;
  if (tokens.refreshToken !== undefined) {
    body.refreshToken = tokens.refreshToken;
    if (tokens.refreshTokenId !== undefined) body.refreshTokenId = tokens.refreshTokenId;
  }
  return { status, body, ...(tokens.refreshTokenMaxAge !== undefined ? { refreshTokenMaxAge: tokens.refreshTokenMaxAge } : {}) };
}
