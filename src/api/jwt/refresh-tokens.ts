/**
 * Refresh tokens as values: create one, use one (the usage policy: `Reusable` keeps the value,
 * `OneTimeUse` rotates it, the id — the access token's `sid` — never changes), and present one in the
 * Refresh Token API's shape. Expiry is the caller's check (it needs the tenant and application).
 */
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { JwtSettings } from './jwt-settings.js';
import type { RefreshToken, RefreshTokenMetaData } from './model.js';
import { startAfterUse } from './refresh-policy.js';
import { hashRefreshToken, newRefreshTokenValue, newRotationKey, rotatedValue } from './refresh-token-values.js';
import type { FoundRefreshToken, RefreshTokenStore, StoredRefreshToken } from './store.js';

export interface NewRefreshToken {
  readonly tenantId: string;
  readonly userId: string;
  readonly applicationId: string;
  /** FusionAuth keeps the id across the Issue API's copy (it is the new access token's `sid`). */
  readonly id?: string;
  /** When the user authenticated (epoch ms); becomes `auth_time` of the access tokens it refreshes. */
  readonly authInstant?: number;
  /** Defaults to now; the Issue API copies the original token's start instant. */
  readonly startInstant?: number;
  readonly metaData?: RefreshTokenMetaData;
  readonly data?: Record<string, unknown>;
  /** The caller's IP address, recorded as `metaData.device.lastAccessedAddress`. */
  readonly ipAddress?: string;
}

export interface CreatedRefreshToken {
  /** The opaque value: returned to the client once, never stored. */
  readonly value: string;
  readonly stored: StoredRefreshToken;
}

export interface RefreshTokenValues {
  create(input: NewRefreshToken): Promise<CreatedRefreshToken>;
  /** The token a presented value names (current or, for a rotated one-time token, previous value). */
  find(value: string): Promise<FoundRefreshToken | undefined>;
  /**
   * Records a use under `settings` and answers the value the client holds afterwards (a new one for
   * `OneTimeUse`), or undefined when the use is refused: a one-time value presented again after its
   * grace period (the token is then revoked if the tenant's `onOneTimeTokenReuse` says so).
   */
  use(found: FoundRefreshToken, value: string, settings: JwtSettings, ipAddress?: string): Promise<string | undefined>;
}

/** `metaData.device` after a use: last access now (and from where, when known). */
function accessed(metaData: RefreshTokenMetaData, now: number, ipAddress: string | undefined): RefreshTokenMetaData {
  return {
    ...metaData,
    device: { ...metaData.device, lastAccessedInstant: now, ...(ipAddress !== undefined ? { lastAccessedAddress: ipAddress } : {}) },
  };
}

/** The Refresh Token API's shape. The value is not stored, so it is never part of it. */
export function presentRefreshToken(token: StoredRefreshToken): RefreshToken {
  return {
    id: token.id,
    ...(token.applicationId !== undefined ? { applicationId: token.applicationId } : {}),
    userId: token.userId,
    startInstant: token.startInstant,
    insertInstant: token.insertInstant,
    metaData: token.metaData,
    data: token.data,
  };
}

export function createRefreshTokenValues({ store, clock }: { store: RefreshTokenStore; clock: Clock }): RefreshTokenValues {
  async function rotate(token: StoredRefreshToken, value: string, settings: JwtSettings, ipAddress: string | undefined): Promise<string | undefined> {
    const now = clock.now();
    const rotationKey = newRotationKey();
    const next = rotatedValue(value, rotationKey);
    const rotated: StoredRefreshToken = {
      ...token,
      tokenHash: hashRefreshToken(next),
      previousTokenHash: token.tokenHash,
      rotationKey,
      rotatedInstant: now,
      startInstant: startAfterUse(token, settings, now),
      metaData: accessed(token.metaData, now, ipAddress),
    };
    if (await store.saveUse(rotated, token.tokenHash)) return next;
    // Another request rotated it first: this value is now the previous one.
    const again = await store.findByHash(hashRefreshToken(value));
    return again?.matched === 'previous' ? reuse(again.token, value, settings, ipAddress) : undefined;
  }

  /** A rotated-away value: within the grace period it yields the current value again. */
  async function reuse(token: StoredRefreshToken, value: string, settings: JwtSettings, ipAddress: string | undefined): Promise<string | undefined> {
    const now = clock.now();
    const graceEnds = (token.rotatedInstant ?? 0) + settings.oneTimeUseGracePeriodInSeconds * 1000;
    const current = token.rotationKey === undefined ? undefined : rotatedValue(value, token.rotationKey);
    if (settings.refreshTokenUsagePolicy === 'OneTimeUse' && now < graceEnds && current !== undefined && hashRefreshToken(current) === token.tokenHash) {
      await store.saveUse({ ...token, metaData: accessed(token.metaData, now, ipAddress) });
      return current;
    }
    if (settings.revokeOnOneTimeTokenReuse) await store.deleteById(token.id);
    return undefined;
  }

  return {
    async create(input) {
      const now = clock.now();
      const value = newRefreshTokenValue();
      const stored: StoredRefreshToken = {
        id: input.id ?? newId(),
        tenantId: input.tenantId,
        userId: input.userId,
        applicationId: input.applicationId,
        tokenHash: hashRefreshToken(value),
        ...(input.authInstant !== undefined ? { authInstant: input.authInstant } : {}),
        startInstant: input.startInstant ?? now,
        insertInstant: now,
        metaData: accessed(input.metaData ?? {}, now, input.ipAddress),
        data: input.data ?? {},
      };
      await store.insert(stored);
      return { value, stored };
    },

    find: (value) => store.findByHash(hashRefreshToken(value)),

    async use(found, value, settings, ipAddress) {
      if (found.matched === 'previous') return reuse(found.token, value, settings, ipAddress);
      if (settings.refreshTokenUsagePolicy === 'OneTimeUse') return rotate(found.token, value, settings, ipAddress);
      const now = clock.now();
      await store.saveUse({ ...found.token, startInstant: startAfterUse(found.token, settings, now), metaData: accessed(found.token.metaData, now, ipAddress) });
      return value;
    },
  };
}
