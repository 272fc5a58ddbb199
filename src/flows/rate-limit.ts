/**
 * The tenant's `rateLimitConfiguration` (FusionAuth's Advanced Threat Detection "per user rate limits"):
 * each limited request — a failed login, a forgot-password request, a (re)sent verification email, a
 * sent two-factor code — is counted per tenant, kind and user (the login id or address when there is no
 * user yet), and refused once more than `limit` fall in `timePeriodInSeconds`.
 *
 * The count follows FusionAuth's request-frequency record: a request more than `timePeriodInSeconds`
 * after the previously counted one starts the count again at 1; otherwise it adds one and restarts the
 * period. So a failed-login lockout lasts the period from the failure that reached the limit (docs
 * "From the time of the fifth login until one minute passes"), and — because a locked login is refused
 * before its password is checked — attempts during it are not counted and do not extend it.
 *
 * Held in memory, not in the database: one Gatehouse process serves a database (DESIGN), the counts
 * only matter for a minute or so, and losing them on restart merely forgives a few requests. Entries
 * past their period are swept as the map is used, so it holds only live counts. Time is the injected
 * clock, so tests move it.
 */
import type { Clock } from '../core/clock.js';
import { ApiError } from '../core/errors.js';
import type { RATE_LIMITED_REQUESTS, RateLimitedRequest as RateLimitSetting } from '../api/tenant/model-configuration.js';

export type RateLimitedRequest = (typeof RATE_LIMITED_REQUESTS)[number];

/** What the limiter reads of a tenant. */
export interface RateLimitedTenant {
  readonly id: string;
  readonly rateLimitConfiguration?: Partial<Record<RateLimitedRequest, RateLimitSetting>>;
}

export interface RateLimiter {
  /** Counts a request; throws 429 (empty body) when it is over the tenant's limit. */
  consume(tenant: RateLimitedTenant, request: RateLimitedRequest, key: string): void;
  /** Counts a request without refusing it (a failed login: the next login is the one refused). */
  record(tenant: RateLimitedTenant, request: RateLimitedRequest, key: string): void;
  /** Whether `limit` requests already fall in the period, so the next is refused (a locked login). */
  limited(tenant: RateLimitedTenant, request: RateLimitedRequest, key: string): boolean;
}

/** "Too Many Requests"; FusionAuth's rate-limited answer carries no Errors JSON. */
export const rateLimited = (): ApiError => new ApiError(429);

interface Entry {
  count: number;
  /** When the period of the last counted request ends. */
  expiresInstant: number;
}

const SWEEP_EVERY = 256;

/** An enabled limit, with FusionAuth's defaults (5 per 60 seconds); undefined when disabled. */
function settingOf(tenant: RateLimitedTenant, request: RateLimitedRequest): { limit: number; periodMs: number } | undefined {
  const setting = tenant.rateLimitConfiguration?.[request];
  if (setting?.enabled !== true) return undefined;
  return { limit: setting.limit ?? 5, periodMs: (setting.timePeriodInSeconds ?? 60) * 1000 };
}

export function createRateLimiter(clock: Clock): RateLimiter {
  const entries = new Map<string, Entry>();
  let uses = 0;

  const keyOf = (tenant: RateLimitedTenant, request: RateLimitedRequest, key: string): string =>
    `${tenant.id}\u0000${request}\u0000${key.trim().toLowerCase()}`;

  function sweep(now: number): void {
    uses += 1;
    if (uses % SWEEP_EVERY !== 0) return;
    for (const [key, entry] of entries) if (entry.expiresInstant <= now) entries.delete(key);
  }

  /** Counts the request; answers the count within the period, or undefined when the limit is off. */
  function count(tenant: RateLimitedTenant, request: RateLimitedRequest, key: string): { count: number; limit: number } | undefined {
    const setting = settingOf(tenant, request);
    if (setting === undefined) return undefined;
    const now = clock.now();
    sweep(now);
    const id = keyOf(tenant, request, key);
    const previous = entries.get(id);
    const counted = previous !== undefined && previous.expiresInstant > now ? previous.count + 1 : 1;
    entries.set(id, { count: counted, expiresInstant: now + setting.periodMs });
    return { count: counted, limit: setting.limit };
  }

  return {
    consume(tenant, request, key) {
      const counted = count(tenant, request, key);
      if (counted !== undefined && counted.count > counted.limit) throw rateLimited();
    },

    record(tenant, request, key) {
      count(tenant, request, key);
    },

    limited(tenant, request, key) {
      const setting = settingOf(tenant, request);
      if (setting === undefined) return false;
      const entry = entries.get(keyOf(tenant, request, key));
      return entry !== undefined && entry.expiresInstant > clock.now() && entry.count >= setting.limit;
    },
  };
}
