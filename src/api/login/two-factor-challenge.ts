/**
 * The 242 of the Login API (seed 002): the user authenticated, but a second factor must follow. The
 * response carries a `twoFactorId` (a flow row the Complete Multi-Factor Login API will consume) and the
 * user's methods, never their secrets. A Multi-Factor Trust id (`fusionauth.trust` cookie, else
 * `twoFactorTrustId`) naming a live trust of this user skips the challenge.
 *
 * The login policy is the application's `multiFactorConfiguration.loginPolicy` when set, else the
 * tenant's (default `Enabled`): `Enabled` challenges users who have methods, `Required` everyone,
 * `Disabled` nobody. The risk-based policies need risk signals Gatehouse does not compute; they act as
 * `Enabled`.
 */
import type { FlowStore } from '../../flows/store.js';
import { generateSecret } from '../../flows/secrets.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import type { TwoFactorMethodSummary } from './model.js';

export interface TwoFactorChallenge {
  readonly twoFactorId: string;
  readonly methods: TwoFactorMethodSummary[];
}

/** What the Complete Multi-Factor Login API needs to finish the login the challenge interrupted. */
export interface TwoFactorFlowState extends Record<string, unknown> {
  readonly applicationId?: string;
  readonly authenticationType: string;
  readonly loginId?: string;
  readonly ipAddress?: string;
  readonly noJWT?: boolean;
  readonly metaData?: Record<string, unknown>;
  readonly state?: Record<string, unknown>;
}

export interface ChallengeInput {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly user: User & { id: string };
  readonly trustId?: string;
  readonly flowState: TwoFactorFlowState;
  readonly now: number;
}

function summary(method: NonNullable<NonNullable<User['twoFactor']>['methods']>[number]): TwoFactorMethodSummary {
  const { secret: _secret, ...visible } = method;
  return visible;
}

function loginPolicyOf(tenant: StoredTenant, application: StoredApplication | undefined): string {
  return application?.multiFactorConfiguration?.loginPolicy ?? tenant.multiFactorConfiguration?.loginPolicy ?? 'Enabled';
}

export async function twoFactorChallenge(flows: FlowStore, input: ChallengeInput): Promise<TwoFactorChallenge | undefined> {
  const { tenant, application, user, now } = input;
  const methods = user.twoFactor?.methods ?? [];
  const policy = loginPolicyOf(tenant, application);
  const required = policy === 'Required' || (policy !== 'Disabled' && methods.length > 0);
  if (!required) return undefined;
  if (input.trustId !== undefined) {
    const trust = await flows.find(input.trustId, 'twoFactorTrust', now);
    if (trust !== undefined && trust.userId === user.id) return undefined;
  }
  const configuration = tenant.externalIdentifierConfiguration;
  const twoFactorId = generateSecret();
  await flows.create(twoFactorId, {
    tenantId: tenant.id,
    userId: user.id,
    kind: 'twoFactor',
    state: input.flowState,
    expiresInstant: now + (configuration?.twoFactorIdTimeToLiveInSeconds ?? 300) * 1000,
  }, now);
  return { twoFactorId, methods: methods.map(summary) };
}
