/**
 * The token machinery, as one service (`gatehouse.tokens`): access tokens and refresh tokens for the
 * Login API and every other API that authenticates someone, plus the JWT API and the Refresh Token API.
 *
 * For the Login API: `issueLoginTokens` creates the refresh token (when the application generates them
 * and the user is registered) and the access token carrying its id as `sid`; `cookies.ts` writes the
 * `access_token`/`refresh_token` cookies; `revokeRefreshToken` serves logout.
 */
import type { JWTPayload, JWK } from 'jose';
import { NotFoundError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import { verifyAccessToken } from './access-token.js';
import { createAccessTokenIssuer, type AccessTokenInput, type IssuedAccessToken } from './access-tokens.js';
import { createRefreshTokenAdministration, type RefreshTokenAdministration } from './administration.js';
import type { TokenServiceDeps } from './context.js';
import { createTokenExchange, type TokenExchange } from './exchange.js';
import { jwtSettings, refreshCookieMaxAge, type JwtSettings } from './jwt-settings.js';
import type { AuthenticationType, RefreshTokenImportRequest, RefreshTokenMetaData } from './model.js';
import { importRefreshTokens } from './refresh-token-import.js';
import { createRefreshTokenValues, type CreatedRefreshToken, type NewRefreshToken } from './refresh-tokens.js';

export type { TokenServiceDeps } from './context.js';
export type { AccessTokenInput, IssuedAccessToken } from './access-tokens.js';

export interface LoginTokensInput {
  readonly user: AccessTokenInput['user'] & { tenantId: string };
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly authenticationType: AuthenticationType;
  /** Describes the refresh token (`metaData.device`, `scopes`), from the login request. */
  readonly metaData?: RefreshTokenMetaData;
  readonly ipAddress?: string;
  /**
   * Whether to create a refresh token. Default: the application's
   * `loginConfiguration.generateRefreshTokens`. Never without an application the user is registered to.
   */
  readonly withRefreshToken?: boolean;
}

export interface LoginTokens {
  readonly token: string;
  /** Epoch ms; the Login API's `tokenExpirationInstant`. */
  readonly tokenExpirationInstant: number;
  readonly refreshToken?: string;
  readonly refreshTokenId?: string;
  /** Seconds the `refresh_token` cookie lives, when there is a refresh token. */
  readonly refreshTokenMaxAge?: number;
}

/** `GET /api/jwt/public-key`: one key (`publicKey`, absent when the application signs with HMAC) or all. */
export interface PublicKeyResponse {
  publicKey?: string;
  publicKeys?: Record<string, string>;
}

export interface TokenService extends TokenExchange, RefreshTokenAdministration {
  /** Signs an access token (claims per API-INVENTORY §4.1). */
  issueAccessToken(input: AccessTokenInput): Promise<IssuedAccessToken>;
  /** Creates a refresh token; its opaque value is in the result and nowhere else. */
  createRefreshToken(input: NewRefreshToken): Promise<CreatedRefreshToken>;
  /** The access token (and refresh token) a successful login hands out. */
  issueLoginTokens(input: LoginTokensInput): Promise<LoginTokens>;
  /** The JWT settings in force for a tenant and optional application. */
  settingsFor(tenant: StoredTenant, application?: StoredApplication): JwtSettings;
  /** The verified claims of an access token, or undefined (bad signature, unknown `kid`, expired). */
  verifyAccessToken(token: string): Promise<JWTPayload | undefined>;
  /** Logout: revokes the token with this value and, with `global`, every token of its owner. */
  revokeRefreshToken(value: string, options?: { global?: boolean }): Promise<void>;
  publicKeys(query: { kid?: string; applicationId?: string; explicitTenantId?: string }): Promise<PublicKeyResponse>;
  jwks(): Promise<{ keys: JWK[] }>;
  importRefreshTokens(tenantId: string, request: RefreshTokenImportRequest): Promise<void>;
}

export function createTokenService(deps: TokenServiceDeps): TokenService {
  const values = createRefreshTokenValues({ store: deps.refreshTokens, clock: deps.clock });
  const accessTokens = createAccessTokenIssuer({ keys: deps.keys, groupRoleIds: deps.groupRoleIds, clock: deps.clock });
  const exchange = createTokenExchange(deps, values, accessTokens);
  const administration = createRefreshTokenAdministration(deps, values);

  return {
    refresh: (input) => exchange.refresh(input),
    issue: (input) => exchange.issue(input),
    listForUser: (userId, explicitTenantId) => administration.listForUser(userId, explicitTenantId),
    retrieve: (id, explicitTenantId) => administration.retrieve(id, explicitTenantId),
    revoke: (criteria, caller) => administration.revoke(criteria, caller),
    issueAccessToken: (input) => accessTokens.issue(input),
    createRefreshToken: (input) => values.create(input),
    settingsFor: (tenant, application) => jwtSettings(tenant, application),
    verifyAccessToken: (token) => verifyAccessToken(token, deps.keys, deps.clock.now()),
    importRefreshTokens: (tenantId, request) => importRefreshTokens(deps, tenantId, request),

    async issueLoginTokens(input) {
      const { user, tenant, application } = input;
      const now = deps.clock.now();
      const registration = application === undefined ? undefined : user.registrations?.find((r) => r.applicationId === application.id);
      const wanted = input.withRefreshToken ?? application?.loginConfiguration?.generateRefreshTokens === true;
      const refresh = application !== undefined && registration !== undefined && wanted
        ? await values.create({
          tenantId: tenant.id, userId: user.id, applicationId: application.id, authInstant: now,
          ...(input.metaData !== undefined ? { metaData: input.metaData } : {}),
          ...(input.ipAddress !== undefined ? { ipAddress: input.ipAddress } : {}),
        })
        : undefined;
      const access = await accessTokens.issue({
        user, tenant, authenticationType: input.authenticationType, authTime: Math.floor(now / 1000),
        ...(application !== undefined ? { application } : {}),
        ...(registration !== undefined ? { registration } : {}),
        ...(refresh !== undefined ? { sid: refresh.stored.id } : {}),
      });
      if (refresh === undefined) return { token: access.token, tokenExpirationInstant: access.expirationInstant };
      return {
        token: access.token,
        tokenExpirationInstant: access.expirationInstant,
        refreshToken: refresh.value,
        refreshTokenId: refresh.stored.id,
        refreshTokenMaxAge: refreshCookieMaxAge(jwtSettings(tenant, application)),
      };
    },

    async revokeRefreshToken(value, options = {}) {
      const found = await values.find(value);
      if (found === undefined || found.matched !== 'current') return;
      if (options.global === true) await deps.refreshTokens.deleteByUser(found.token.userId);
      else await deps.refreshTokens.deleteById(found.token.id);
    },

    async publicKeys({ kid, applicationId, explicitTenantId }) {
      if (applicationId !== undefined) {
        const application = isUuid(applicationId) ? await deps.applications.find(normalizeId(applicationId)) : undefined;
        const tenant = application === undefined ? undefined : await deps.tenants.find(application.tenantId);
        if (application === undefined || tenant === undefined || (explicitTenantId !== undefined && tenant.id !== explicitTenantId)) throw new NotFoundError();
        const keyId = jwtSettings(tenant, application).accessTokenKeyId;
        const publicKey = keyId === undefined ? undefined : await deps.publicKeys.byId(keyId);
        // An application signing with HMAC has no public key: 200 with an empty body (FusionAuth).
        return publicKey === undefined ? {} : { publicKey };
      }
      if (kid !== undefined) {
        const publicKey = await deps.publicKeys.byKid(kid);
        if (publicKey === undefined) throw new NotFoundError();
        return { publicKey };
      }
      return { publicKeys: await deps.publicKeys.all() };
    },

    jwks: async () => ({ keys: await deps.keys.publicJwks() }),
  };
}
