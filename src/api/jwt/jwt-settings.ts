/**
 * The JWT settings in force for a token: the application's `jwtConfiguration` when it is `enabled`,
 * otherwise the tenant's (FusionAuth's `tenant.lookupJWTConfiguration(application)`). The revocation
 * policy exists only on the tenant. Defaults are FusionAuth's (API-INVENTORY §3.10).
 */
import type { Application } from '../application/model.js';
import type { Tenant } from '../tenant/model.js';

export type ExpirationPolicy = 'Fixed' | 'SlidingWindow' | 'SlidingWindowWithMaximumLifetime';
export type UsagePolicy = 'Reusable' | 'OneTimeUse';

export interface JwtSettings {
  /** The key access tokens are signed with. */
  readonly accessTokenKeyId: string | undefined;
  readonly timeToLiveInSeconds: number;
  readonly refreshTokenTimeToLiveInMinutes: number;
  readonly refreshTokenExpirationPolicy: ExpirationPolicy;
  readonly refreshTokenUsagePolicy: UsagePolicy;
  readonly slidingWindowMaximumTimeToLiveInMinutes: number;
  readonly oneTimeUseGracePeriodInSeconds: number;
  /** Tenant `refreshTokenRevocationPolicy.onOneTimeTokenReuse`: a reused one-time token revokes it. */
  readonly revokeOnOneTimeTokenReuse: boolean;
}

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_REFRESH_TOKEN_TTL_MINUTES = 43200;

export function jwtSettings(tenant: Tenant, application?: Application): JwtSettings {
  const fromTenant = tenant.jwtConfiguration ?? {};
  const fromApplication = application?.jwtConfiguration?.enabled === true ? application.jwtConfiguration : undefined;
  const source = fromApplication ?? fromTenant;
  return {
    accessTokenKeyId: fromApplication?.accessTokenKeyId ?? fromTenant.accessTokenKeyId,
    timeToLiveInSeconds: source.timeToLiveInSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTimeToLiveInMinutes: source.refreshTokenTimeToLiveInMinutes ?? DEFAULT_REFRESH_TOKEN_TTL_MINUTES,
    refreshTokenExpirationPolicy: source.refreshTokenExpirationPolicy ?? 'Fixed',
    refreshTokenUsagePolicy: source.refreshTokenUsagePolicy ?? 'Reusable',
    slidingWindowMaximumTimeToLiveInMinutes: source.refreshTokenSlidingWindowConfiguration?.maximumTimeToLiveInMinutes ?? DEFAULT_REFRESH_TOKEN_TTL_MINUTES,
    oneTimeUseGracePeriodInSeconds: source.refreshTokenOneTimeUseConfiguration?.gracePeriodInSeconds ?? 0,
    revokeOnOneTimeTokenReuse: fromTenant.refreshTokenRevocationPolicy?.onOneTimeTokenReuse === true,
  };
}

/** Seconds a `refresh_token` cookie lives: the configured lifetime (FusionAuth's persistent cookie). */
export const refreshCookieMaxAge = (settings: JwtSettings): number => settings.refreshTokenTimeToLiveInMinutes * 60;
