/**
 * `application.jwtConfiguration` — the application form of FusionAuth's JWTConfiguration.
 * FusionAuth's Application ignores `refreshTokenRevocationPolicy` here (tenant-only), so it is absent.
 * With `enabled` false the tenant's values apply; the values below are what a new application still
 * reports (Java domain initialisers: 3600 s, 43200 min, Fixed, Reusable, grace 0, sliding max 43200).
 */
import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Uuid } from './model-shared.js';

export const REFRESH_TOKEN_EXPIRATION_POLICIES = ['Fixed', 'SlidingWindow', 'SlidingWindowWithMaximumLifetime'] as const;
export const REFRESH_TOKEN_USAGE_POLICIES = ['Reusable', 'OneTimeUse'] as const;

export const ApplicationJwtConfigurationSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    timeToLiveInSeconds: Type.Optional(Type.Integer()),
    refreshTokenTimeToLiveInMinutes: Type.Optional(Type.Integer()),
    refreshTokenExpirationPolicy: Type.Optional(OneOf(REFRESH_TOKEN_EXPIRATION_POLICIES)),
    refreshTokenUsagePolicy: Type.Optional(OneOf(REFRESH_TOKEN_USAGE_POLICIES)),
    refreshTokenSlidingWindowConfiguration: Type.Optional(
      Type.Object({ maximumTimeToLiveInMinutes: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
    ),
    refreshTokenOneTimeUseConfiguration: Type.Optional(
      Type.Object({ gracePeriodInSeconds: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
    ),
    accessTokenKeyId: Type.Optional(Uuid()),
    idTokenKeyId: Type.Optional(Uuid()),
    // 1.69: extra keys trusted when verifying (key rotation); the signing key is implicitly included.
    accessTokenVerificationKeyIds: Type.Optional(Type.Array(Uuid())),
    idTokenVerificationKeyIds: Type.Optional(Type.Array(Uuid())),
  },
  { additionalProperties: false },
);
export type ApplicationJwtConfiguration = Static<typeof ApplicationJwtConfigurationSchema>;

export function applicationJwtConfigurationDefaults(): ApplicationJwtConfiguration {
  return {
    enabled: false,
    timeToLiveInSeconds: 3600,
    refreshTokenTimeToLiveInMinutes: 43200,
    refreshTokenExpirationPolicy: 'Fixed',
    refreshTokenUsagePolicy: 'Reusable',
    refreshTokenSlidingWindowConfiguration: { maximumTimeToLiveInMinutes: 43200 },
    refreshTokenOneTimeUseConfiguration: { gracePeriodInSeconds: 0 },
    accessTokenVerificationKeyIds: [],
    idTokenVerificationKeyIds: [],
  };
}
