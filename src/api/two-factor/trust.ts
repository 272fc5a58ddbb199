/**
 * What a completed second factor leaves behind (docs apis/two-factor, apis/login):
 *
 *   trust id     (`trustComputer`, the `fusionauth.trust` cookie) lets later logins skip the 242 while it
 *                lives, as far as the application's `multiFactorConfiguration.trustPolicy` allows;
 *   trust token  one-time proof of a fresh second factor that a step-up protected request (Change
 *                Password) consumes; bound to the `trustChallenge` of the Start Two-Factor request, if
 *                one was given. Lives the tenant's `trustTokenTimeToLiveInSeconds` (default 180).
 *
 * Both are flow rows (kinds `twoFactorTrust`, `trustToken`) addressed by the secret's hash; the
 * challenge is kept as a hash too and compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import { generateSecret, hashSecret } from '../../flows/secrets.js';
import type { Flow, FlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { TrustState } from './model.js';

/** What a trust token remembers: the SHA-256 of the challenge it is bound to, when it is bound. */
interface TrustTokenState extends Record<string, unknown> {
  readonly trustChallenge?: string;
}

const DEFAULT_TRUST_ID_SECONDS = 2_592_000;
const DEFAULT_TRUST_TOKEN_SECONDS = 180;

/**
 * The trust `trustId` names, when it covers `userId` for `application`: a live trust of that user that
 * the application's trustPolicy accepts (`Any`, the default and the tenant-level rule: any trust;
 * `This`: only one made for this application; `None`: none).
 */
export async function coveringTrust(
  flows: FlowStore, trustId: string | undefined, userId: string, application: StoredApplication | undefined, now: number,
): Promise<Flow<TrustState> | undefined> {
  const policy = application?.multiFactorConfiguration?.trustPolicy ?? 'Any';
  if (trustId === undefined || trustId.trim() === '' || policy === 'None') return undefined;
  const trust = await flows.find<TrustState>(trustId.trim(), 'twoFactorTrust', now);
  if (trust === undefined || trust.userId !== userId) return undefined;
  return policy !== 'This' || trust.state.applicationId === application?.id ? trust : undefined;
}

/** Issues a trust id for `userId`, made for `applicationId` (tenant `twoFactorTrustIdTimeToLiveInSeconds`, default 30 days). */
export async function issueTrustId(flows: FlowStore, tenant: StoredTenant, userId: string, applicationId: string | undefined, now: number): Promise<{ id: string; maxAge: number }> {
  const maxAge = tenant.externalIdentifierConfiguration?.twoFactorTrustIdTimeToLiveInSeconds ?? DEFAULT_TRUST_ID_SECONDS;
  const id = generateSecret();
  const state: TrustState = { startInstant: now, ...(applicationId !== undefined ? { applicationId } : {}) };
  await flows.create(id, { tenantId: tenant.id, userId, kind: 'twoFactorTrust', state, expiresInstant: now + maxAge * 1000 }, now);
  return { id, maxAge };
}

/** The stored form of a `trustChallenge` (pending two-factor flows keep this, never the value). */
export const hashTrustChallenge = (challenge: string): string => hashSecret(challenge);

/** Issues a trust token for `userId`, bound to the challenge whose hash is `challengeHash` (if any). */
export async function issueTrustToken(flows: FlowStore, tenant: StoredTenant, userId: string, challengeHash: string | undefined, now: number): Promise<string> {
  const token = generateSecret();
  const state: TrustTokenState = challengeHash !== undefined ? { trustChallenge: challengeHash } : {};
  const seconds = tenant.externalIdentifierConfiguration?.trustTokenTimeToLiveInSeconds ?? DEFAULT_TRUST_TOKEN_SECONDS;
  await flows.create(token, { tenantId: tenant.id, userId, kind: 'trustToken', state, expiresInstant: now + seconds * 1000 }, now);
  return token;
}

/**
 * Whether `token` is a live trust token of `userId` whose challenge (if it has one) is `challenge`.
 * Does not use the token up: the request that relies on it consumes it (`consumeTrustToken`) once the
 * rest of its checks passed.
 */
export async function trustTokenValid(flows: FlowStore, token: string | undefined, challenge: string | undefined, userId: string, now: number): Promise<boolean> {
  if (token === undefined || token.trim() === '') return false;
  const flow = await flows.find<TrustTokenState>(token.trim(), 'trustToken', now);
  if (flow === undefined || flow.userId !== userId) return false;
  const bound = flow.state.trustChallenge;
  if (bound === undefined) return true;
  return challenge !== undefined && timingSafeEqual(Buffer.from(bound, 'hex'), Buffer.from(hashTrustChallenge(challenge), 'hex'));
}

/** Uses the token up, exactly once; false when another request already did (or it expired meanwhile). */
export async function consumeTrustToken(flows: FlowStore, token: string, now: number): Promise<boolean> {
  return (await flows.consume(token.trim(), 'trustToken', now)) !== undefined;
}
