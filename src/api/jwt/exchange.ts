/**
 * The JWT API's two token exchanges (docs: apis/jwt/refresh-a-jwt, apis/jwt/issue-a-jwt):
 *
 * - Refresh: a refresh token buys a new access token. Missing → `[missing]refreshToken`; unknown,
 *   expired, revoked or application-less → `[invalid]refreshToken`; a `timeToLiveInSeconds` above the
 *   configured one → `[invalid]timeToLiveInSeconds`; an application without
 *   `loginConfiguration.allowTokenRefresh` → `[disabled]refreshToken` (all 400); the user gone → 404.
 * - Issue: an access token for application A buys one for application B, expiring no later than the
 *   presented one. Not registered to B → 202 with a token without application claims. A refresh token
 *   of the same session (`sid`) is copied for B when B generates refresh tokens and both use the same
 *   expiration policy.
 */
import type { JWTPayload } from 'jose';
import { fieldError, NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { StoredApplication } from '../application/store.js';
import type { AccessTokenIssuer } from './access-tokens.js';
import { lookups, type IdentifiedUser, type Lookups, type TokenServiceDeps } from './context.js';
import { jwtSettings, refreshCookieMaxAge } from './jwt-settings.js';
import type { JwtRefreshResponse } from './model.js';
import { isRefreshTokenExpired } from './refresh-policy.js';
import type { RefreshTokenValues } from './refresh-tokens.js';
import type { StoredRefreshToken } from './store.js';

export interface RefreshInput {
  /** The `refresh_token` cookie, else the body's `refreshToken`. */
  readonly refreshToken?: string;
  readonly timeToLiveInSeconds?: number;
  readonly explicitTenantId?: string;
  readonly ipAddress?: string;
}

export interface RefreshOutcome {
  readonly response: JwtRefreshResponse;
  /** Seconds the `refresh_token` cookie lives. */
  readonly refreshTokenMaxAge: number;
}

export interface IssueInput {
  /** The verified claims of the presented access token. */
  readonly jwt: JWTPayload;
  readonly applicationId?: string;
  /** The `refresh_token` cookie, else the `refreshToken` parameter. */
  readonly refreshToken?: string;
  readonly explicitTenantId?: string;
}

export interface IssueOutcome {
  /** 202 when the user is not registered to the application. */
  readonly status: 200 | 202;
  readonly response: { token: string; refreshToken?: string };
}

export interface TokenExchange {
  refresh(input: RefreshInput): Promise<RefreshOutcome>;
  issue(input: IssueInput): Promise<IssueOutcome>;
}

const seconds = (instant: number): number => Math.floor(instant / 1000);
const invalidRefreshToken = () => fieldError('refreshToken', 'invalid', 'The refresh token is invalid, expired or revoked.');

/** The application an access token was issued for (`applicationId`, else a single-valued `aud`). */
function applicationOfToken(jwt: JWTPayload): string | undefined {
  const claimed = typeof jwt.applicationId === 'string' ? jwt.applicationId : typeof jwt.aud === 'string' ? jwt.aud : undefined;
  return claimed !== undefined && isUuid(claimed) ? normalizeId(claimed) : undefined;
}

export function createTokenExchange(deps: TokenServiceDeps, values: RefreshTokenValues, accessTokens: AccessTokenIssuer): TokenExchange {
  /** The source refresh token of an Issue request: the caller's own, unexpired, of this session. */
  async function sessionToken(look: Lookups, value: string | undefined, user: IdentifiedUser, sid: unknown): Promise<StoredRefreshToken | undefined> {
    if (value === undefined) return undefined;
    const found = await values.find(value);
    if (found === undefined || found.matched !== 'current' || found.token.userId !== user.id) return undefined;
    const scope = await look.scopeOf(found.token);
    if (scope === undefined || isRefreshTokenExpired(found.token, scope.settings, deps.clock.now())) {
      if (scope !== undefined) await deps.refreshTokens.deleteById(found.token.id);
      return undefined;
    }
    return found.token.id === sid ? found.token : undefined;
  }

  return {
    async refresh({ refreshToken, timeToLiveInSeconds, explicitTenantId, ipAddress }) {
      if (refreshToken === undefined) throw fieldError('refreshToken', 'missing', 'You must specify the [refreshToken] property or the refresh_token cookie.');
      const look = lookups(deps);
      const found = await values.find(refreshToken);
      const scope = found?.token.applicationId === undefined ? undefined : await look.scopeOf(found.token);
      if (found === undefined || scope?.application === undefined || (explicitTenantId !== undefined && scope.tenant.id !== explicitTenantId)
        || isRefreshTokenExpired(found.token, scope.settings, deps.clock.now())) {
        throw invalidRefreshToken();
      }
      const { tenant, application, settings } = scope;
      const errors = new ValidationError();
      if (timeToLiveInSeconds !== undefined && timeToLiveInSeconds > settings.timeToLiveInSeconds) {
        errors.add('timeToLiveInSeconds', 'invalid', `The [timeToLiveInSeconds] may not exceed the configured [${settings.timeToLiveInSeconds}] seconds.`);
      }
      if (application.loginConfiguration?.allowTokenRefresh !== true) {
        errors.add('refreshToken', 'disabled', 'Refreshing access tokens is disabled for this application ([application.loginConfiguration.allowTokenRefresh]).');
      }
      errors.throwIfAny();
      const user = await look.user(found.token.userId);
      if (user === undefined) throw new NotFoundError();
      const value = await values.use(found, refreshToken, settings, ipAddress);
      if (value === undefined) throw invalidRefreshToken();
      const { token } = found;
      const access = await accessTokens.issue({
        user, tenant, application, authenticationType: 'REFRESH_TOKEN', sid: token.id,
        authTime: token.authInstant === undefined ? null : seconds(token.authInstant),
        ...(timeToLiveInSeconds !== undefined ? { timeToLiveInSeconds } : {}),
      });
      return { response: { token: access.token, refreshToken: value, refreshTokenId: token.id }, refreshTokenMaxAge: refreshCookieMaxAge(settings) };
    },

    async issue({ jwt, applicationId, refreshToken, explicitTenantId }) {
      const subject = typeof jwt.sub === 'string' && isUuid(jwt.sub) ? normalizeId(jwt.sub) : undefined;
      if (subject === undefined) throw new UnauthorizedError();
      const look = lookups(deps);
      const user = await look.user(subject);
      const tenantId = explicitTenantId ?? user?.tenantId;
      if (applicationId === undefined) throw fieldError('applicationId', 'missing', 'You must specify the [applicationId] parameter.');
      const found = isUuid(applicationId) ? await look.application(normalizeId(applicationId)) : undefined;
      const application: StoredApplication | undefined = found !== undefined && (tenantId === undefined || found.tenantId === tenantId) ? found : undefined;
      if (application === undefined) throw fieldError('applicationId', 'invalid', `The application [${applicationId}] does not exist.`);
      // The token's owner must exist, in the tenant the request names (if it names one).
      if (user === undefined || (explicitTenantId !== undefined && user.tenantId !== explicitTenantId)) throw new UnauthorizedError();
      const sourceApplicationId = applicationOfToken(jwt);
      const source = sourceApplicationId === undefined ? undefined : await look.application(sourceApplicationId);
      if (sourceApplicationId !== undefined && (source === undefined || source.oauthConfiguration?.relationship === 'ThirdParty')) throw new UnauthorizedError();
      const tenant = await look.tenant(user.tenantId);
      if (tenant === undefined) throw new UnauthorizedError();
      const notAfter = typeof jwt.exp === 'number' ? jwt.exp : undefined;
      const base = { user, tenant, application, authenticationType: 'JWT_SSO', ...(notAfter !== undefined ? { notAfter } : {}) } as const;
      const registration = user.registrations?.find((r) => r.applicationId === application.id);
      if (registration === undefined) return { status: 202, response: { token: (await accessTokens.issue(base)).token } };

      const original = application.loginConfiguration?.generateRefreshTokens === true ? await sessionToken(look, refreshToken, user, jwt.sid) : undefined;
      // FusionAuth copies the session only between applications with the same expiration policy.
      const samePolicy = original !== undefined
        && (await look.scopeOf(original))?.settings.refreshTokenExpirationPolicy === jwtSettings(tenant, application).refreshTokenExpirationPolicy;
      const sid = samePolicy ? newId() : undefined;
      const { token } = await accessTokens.issue({ ...base, registration, ...(sid !== undefined ? { sid } : {}) });
      if (original === undefined || sid === undefined) return { status: 200, response: { token } };
      const copy = await values.create({
        id: sid, tenantId: tenant.id, userId: user.id, applicationId: application.id, startInstant: original.startInstant,
        ...(original.authInstant !== undefined ? { authInstant: original.authInstant } : {}),
        metaData: original.metaData, data: original.data,
      });
      return { status: 200, response: { token, refreshToken: copy.value } };
    },
  };
}
