/**
 * The JWT API's shapes (docs: apis/jwt/*, client `RefreshToken`, `RefreshRequest`, `JWTRefreshResponse`,
 * `IssueResponse`, `ValidateResponse`, `PublicKeyResponse`, `RefreshTokenRevokeRequest`,
 * `RefreshTokenImportRequest`) and the access token's claims (API-INVENTORY §4.1).
 */
import { Type, type Static } from '@sinclair/typebox';

const FreeMap = () => Type.Record(Type.String(), Type.Unknown());

/** The authentication types FusionAuth writes into `authenticationType` (API-INVENTORY §4.1). */
export type AuthenticationType =
  | 'APPLICATION_TOKEN' | 'FEDERATED_JWT' | 'GENERIC_CONNECTOR' | 'JWT_SSO' | 'LDAP_CONNECTOR' | 'ONE_TIME_PASSWORD'
  | 'PASSWORD' | 'PASSWORDLESS' | 'PING' | 'REFRESH_TOKEN' | 'REGISTRATION' | 'SAMLv2' | 'USER_CREATE' | (string & {});

/**
 * An access token's payload, in FusionAuth's claim order. `exp`, `iat` and `auth_time` are epoch
 * seconds. `aud`, `applicationId` and `roles` exist only for an application; `sid` only when a refresh
 * token goes with the token. `tty` is FusionAuth's token-type claim (`at`, access token).
 */
export interface AccessTokenClaims {
  aud?: string;
  exp: number;
  iat: number;
  iss?: string;
  sub: string;
  jti: string;
  authenticationType: AuthenticationType;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  applicationId?: string;
  roles?: string[];
  sid?: string;
  /** Absent only for tokens refreshed from an imported refresh token (FusionAuth: no `auth_time` known). */
  auth_time?: number;
  tid: string;
  tty: 'at';
}

export const DeviceInfoSchema = Type.Object({
  description: Type.Optional(Type.String()),
  lastAccessedAddress: Type.Optional(Type.String()),
  lastAccessedInstant: Type.Optional(Type.Integer()),
  name: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
});
export type DeviceInfo = Static<typeof DeviceInfoSchema>;

export const RefreshTokenMetaDataSchema = Type.Object({
  data: Type.Optional(FreeMap()),
  device: Type.Optional(DeviceInfoSchema),
  resources: Type.Optional(Type.Array(Type.String())),
  scopes: Type.Optional(Type.Array(Type.String())),
});
export type RefreshTokenMetaData = Static<typeof RefreshTokenMetaDataSchema>;

/**
 * A refresh token as the Refresh Token API returns it. `token` is only ever present in the response
 * that creates the value: Gatehouse, like FusionAuth, keeps just its hash.
 */
export interface RefreshToken {
  id: string;
  applicationId?: string;
  userId: string;
  tenantId?: string;
  token?: string;
  startInstant: number;
  insertInstant: number;
  metaData: RefreshTokenMetaData;
  data: Record<string, unknown>;
}

/** POST /api/jwt/refresh. `eventInfo` (BaseEventRequest) is accepted and ignored. */
export const RefreshRequestSchema = Type.Object({
  refreshToken: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  timeToLiveInSeconds: Type.Optional(Type.Integer()),
  eventInfo: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });

/** DELETE /api/jwt/refresh with a JSON (or form) body. */
export const RefreshTokenRevokeRequestSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  eventInfo: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });
export type RefreshTokenRevokeRequest = Static<typeof RefreshTokenRevokeRequestSchema>;

export const ImportedRefreshTokenSchema = Type.Object({
  id: Type.Optional(Type.String()),
  applicationId: Type.Optional(Type.String()),
  data: Type.Optional(FreeMap()),
  insertInstant: Type.Optional(Type.Integer()),
  metaData: Type.Optional(RefreshTokenMetaDataSchema),
  startInstant: Type.Optional(Type.Integer()),
  tenantId: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type ImportedRefreshToken = Static<typeof ImportedRefreshTokenSchema>;

/** POST /api/user/refresh-token/import (seed 001, Import Refresh Tokens). */
export const RefreshTokenImportRequestSchema = Type.Object({
  refreshTokens: Type.Optional(Type.Array(ImportedRefreshTokenSchema)),
  validateDbConstraints: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type RefreshTokenImportRequest = Static<typeof RefreshTokenImportRequestSchema>;

/** The body of a successful POST /api/jwt/refresh. */
export interface JwtRefreshResponse {
  token: string;
  refreshToken: string;
  refreshTokenId: string;
}
