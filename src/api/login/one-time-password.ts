/**
 * One-time passwords (seed 002, "Authenticate a User with a one time password"): a secret the Change
 * Password API (and later passwordless flows) hands out, which the Login API accepts once in place of a
 * login id and password. Each is a flow row of kind `oneTimePassword` living the tenant's
 * `externalIdentifierConfiguration.oneTimePasswordTimeToLiveInSeconds` (default 60 s); logging in with
 * it consumes it exactly once and discards the user's other one-time passwords, as FusionAuth does.
 */
import type { FlowStore } from '../../flows/store.js';
import { generateSecret } from '../../flows/secrets.js';
import type { Tenant } from '../tenant/model.js';

/**
 * What a one-time password remembers: the `state` the Change Password request carried, returned on
 * login, and whether the login may hand out a refresh token (seed 001: the JWT form of Change Password
 * makes it eligible only when the caller presented the user's refresh token). Absent means not eligible.
 */
export interface OneTimePasswordState extends Record<string, unknown> {
  readonly state?: Record<string, unknown>;
  readonly refreshTokenEligible?: boolean;
}

export interface NewOneTimePassword {
  readonly tenant: Tenant & { id: string };
  readonly userId: string;
  /** Returned as `state` by the login that uses the one-time password. */
  readonly state?: Record<string, unknown>;
  /** Whether the login that uses it may issue a refresh token. */
  readonly refreshTokenEligible: boolean;
  readonly now: number;
}

export interface UsedOneTimePassword {
  readonly tenantId: string;
  readonly userId: string;
  readonly state?: Record<string, unknown>;
  readonly refreshTokenEligible: boolean;
}

export const DEFAULT_ONE_TIME_PASSWORD_TTL_SECONDS = 60;

/** Issues a one-time password for the user; the value is returned once and only its hash is stored. */
export async function createOneTimePassword(flows: FlowStore, input: NewOneTimePassword): Promise<string> {
  const value = generateSecret();
  const ttl = input.tenant.externalIdentifierConfiguration?.oneTimePasswordTimeToLiveInSeconds ?? DEFAULT_ONE_TIME_PASSWORD_TTL_SECONDS;
  const state: OneTimePasswordState = { refreshTokenEligible: input.refreshTokenEligible, ...(input.state !== undefined ? { state: input.state } : {}) };
  await flows.create(value, { tenantId: input.tenant.id, userId: input.userId, kind: 'oneTimePassword', state, expiresInstant: input.now + ttl * 1000 }, input.now);
  return value;
}

/** The tenant a live one-time password belongs to, without using it (to resolve the login's tenant). */
export async function oneTimePasswordTenant(flows: FlowStore, value: string, now: number): Promise<string | undefined> {
  return (await flows.find(value, 'oneTimePassword', now))?.tenantId;
}

/** Uses the one-time password up; undefined when it is unknown, expired, used or of another tenant. */
export async function useOneTimePassword(flows: FlowStore, value: string, tenantId: string, now: number): Promise<UsedOneTimePassword | undefined> {
  const known = await flows.find<OneTimePasswordState>(value, 'oneTimePassword', now);
  if (known === undefined || known.tenantId !== tenantId || known.userId === undefined) return undefined;
  const used = await flows.consume<OneTimePasswordState>(value, 'oneTimePassword', now);
  if (used === undefined || used.userId === undefined) return undefined;
  await flows.deleteForUser(used.userId, ['oneTimePassword']);
  return {
    tenantId: used.tenantId, userId: used.userId, refreshTokenEligible: used.state.refreshTokenEligible === true,
    ...(used.state.state !== undefined ? { state: used.state.state } : {}),
  };
}
