/**
 * When a refresh token expires (docs: tenant/application `jwtConfiguration.refreshTokenExpirationPolicy`).
 * `Fixed` counts from the start instant, which never moves. The sliding policies move the start
 * instant to "now" on every use; `SlidingWindowWithMaximumLifetime` additionally ends the token
 * `maximumTimeToLiveInMinutes` after it was first issued.
 */
import type { JwtSettings } from './jwt-settings.js';

const MINUTE = 60_000;

export interface TokenLifetime {
  readonly startInstant: number;
  readonly insertInstant: number;
}

export function refreshTokenExpiresAt(token: TokenLifetime, settings: JwtSettings): number {
  const window = token.startInstant + settings.refreshTokenTimeToLiveInMinutes * MINUTE;
  if (settings.refreshTokenExpirationPolicy !== 'SlidingWindowWithMaximumLifetime') return window;
  return Math.min(window, token.insertInstant + settings.slidingWindowMaximumTimeToLiveInMinutes * MINUTE);
}

export const isRefreshTokenExpired = (token: TokenLifetime, settings: JwtSettings, now: number): boolean =>
  now >= refreshTokenExpiresAt(token, settings);

/** The start instant after a use: sliding policies restart the window, `Fixed` keeps it. */
export const startAfterUse = (token: TokenLifetime, settings: JwtSettings, now: number): number =>
  settings.refreshTokenExpirationPolicy === 'Fixed' ? token.startInstant : now;
