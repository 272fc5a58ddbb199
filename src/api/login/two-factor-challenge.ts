/**
 * The 242 of the Login API (seed 002): the user authenticated, but a second factor must follow. The
 * response carries a `twoFactorId` (a flow row the Complete Multi-Factor Login API will consume) and the
 * user's methods, never their secrets. A Multi-Factor Trust id (`fusionauth.trust` cookie, else
 * `twoFactorTrustId`) naming a live trust of this user that the application's trustPolicy accepts
 * skips the challenge (two-factor/trust.ts).
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
import { coveringTrust } from '../two-factor/trust.js';
import type { User } from '../user/model.js';
import type { ChangePasswordReason, TwoFactorMethodSummary } from './model.js';

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
  /** False when the credential may not yield a refresh token (a one-time password not made eligible). */
  readonly refreshTokenAllowed?: boolean;
  /**
   * The 203 the password step found but the challenge interrupted (`Expired`, `Validation`: reasons
   * that need the plain password, which the second step does not have). A stored reason is not
   * carried: the user still has it when the second step reads them again.
   */
  readonly changePasswordReason?: ChangePasswordReason;
}

export interface ChallengeInput {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly user: User & { id: string };
  readonly trustId?: string;
  /** What the flow keeps; built only when a challenge is issued (most logins have none). */
  readonly flowState: () => TwoFactorFlowState;
  readonly now: number;
}

function summary(method: NonNullable<NonNullable<User['twoFactor']>['methods']>[number]): TwoFactorMethodSummary {
  const { secret: _secret, ...visible } = method;
  return visible;
}

/** Whether the login policy asks this user for a second factor (before any trust is considered). */
export function secondFactorRequired(tenant: StoredTenant, application: StoredApplication | undefined, user: User): boolean {
  const policy = application?.multiFactorConfiguration?.loginPolicy ?? tenant.multiFactorConfiguration?.loginPolicy ?? 'Enabled';
  return policy === 'Required' || (policy !== 'Disabled' && (user.twoFactor?.methods ?? []).length > 0);
}

export async function twoFactorChallenge(flows: FlowStore, input: ChallengeInput): Promise<TwoFactorChallenge | undefined> {
  const { tenant, application, user, now } = input;
  if (!secondFactorRequired(tenant, application, user)) return undefined;
  if ((await coveringTrust(flows, input.trustId, user.id, application, now)) !== undefined) return undefined;
  const configuration = tenant.externalIdentifierConfiguration;
  const twoFactorId = generateSecret();
  await flows.create(twoFactorId, {
    tenantId: tenant.id,
    userId: user.id,
    kind: 'twoFactor',
    state: input.flowState(),
    expiresInstant: now + (configuration?.twoFactorIdTimeToLiveInSeconds ?? 300) * 1000,
  }, now);
  return { twoFactorId, methods: (user.twoFactor?.methods ?? []).map(summary) };
}
