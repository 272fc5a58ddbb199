/**
 * What happens after the credentials check out, in the order of seed 002's response table as
 * FusionAuth decides it: each check either lets the login through or ends it with its status.
 *
 *   423  the user is deactivated ("locked")
 *   409  a User Action prevents login (lockout.ts)                  — one-time passwords only: a
 *        password login checked it before the password
 *   410  the user's `expiry` has passed
 *   242  a second factor is required (and no trust id covers it)
 *   203  the password must be changed                                  — not for one-time passwords
 *
 * Deactivation and expiry are decided after the password (FusionAuth decides them before it, which
 * tells a caller without the password that the account exists: fusionauth-issues #2524). A login that
 * passes every check completes with 200, 202, 212 or 213 (`completedStatus`).
 */
import type { FlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import type { Lockout } from './lockout.js';
import type { LoginStore } from './login-store.js';
import type { LoginResponse } from './model.js';
import { passwordChangeReason, requiredPasswordChange } from './password-change.js';
import { twoFactorChallenge, type TwoFactorFlowState } from './two-factor-challenge.js';

export interface CheckContext {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly user: User & { id: string };
  /** The plain password, for a password login (`maximumPasswordAge`, `validateOnLogin`). */
  readonly password?: string;
  readonly oneTimePassword: boolean;
  readonly trustId?: string;
  /** What the two-factor flow must remember to finish this login. */
  readonly twoFactorState: TwoFactorFlowState;
  readonly now: number;
}

/** A login ended by a check: the status and the body to send (empty for 410 and 423). */
export interface EndedLogin {
  readonly status: 203 | 242 | 409 | 410 | 423;
  readonly body?: LoginResponse;
}

export interface CheckDeps {
  readonly flows: FlowStore;
  readonly lockout: Lockout;
  readonly logins: LoginStore;
}

type Check = (context: CheckContext, deps: CheckDeps) => Promise<EndedLogin | undefined>;

const deactivated: Check = async ({ user }) => (user.active === false ? { status: 423 } : undefined);

const preventedByAction: Check = async ({ user, application, oneTimePassword, now }, { lockout }) => {
  if (!oneTimePassword) return undefined;
  const actions = await lockout.preventing(user.id, application?.id, now);
  return actions.length === 0 ? undefined : { status: 409, body: { actions } };
};

const expired: Check = async ({ user, now }) => (user.expiry !== undefined && user.expiry <= now ? { status: 410 } : undefined);

/** The password-change reason this login would answer with 203 (never for one-time passwords). */
const pendingPasswordChange = (context: CheckContext) => (context.oneTimePassword ? undefined : passwordChangeReason({
  tenant: context.tenant,
  user: context.user,
  ...(context.password !== undefined ? { password: context.password } : {}),
  now: context.now,
}));

const secondFactor: Check = async (context, { flows }) => {
  const challenge = await twoFactorChallenge(flows, {
    tenant: context.tenant,
    ...(context.application !== undefined ? { application: context.application } : {}),
    user: context.user,
    ...(context.trustId !== undefined ? { trustId: context.trustId } : {}),
    // The 203 comes after the 242: a reason only the password step can find travels in the flow.
    flowState: () => {
      const pending = pendingPasswordChange(context);
      return pending !== undefined && !pending.stored ? { ...context.twoFactorState, changePasswordReason: pending.reason } : context.twoFactorState;
    },
    now: context.now,
  });
  return challenge === undefined ? undefined : { status: 242, body: { methods: challenge.methods, twoFactorId: challenge.twoFactorId } };
};

const passwordChange: Check = async (context, { flows, logins }) => {
  if (context.oneTimePassword) return undefined;
  const change = await requiredPasswordChange(flows, logins, {
    tenant: context.tenant,
    user: context.user,
    ...(context.application !== undefined ? { applicationId: context.application.id } : {}),
    ...(context.password !== undefined ? { password: context.password } : {}),
    now: context.now,
  });
  return change === undefined ? undefined : { status: 203, body: { ...change } };
};

/** The checks, in order. */
const CHECKS: readonly Check[] = [deactivated, preventedByAction, expired, secondFactor, passwordChange];

/** Runs the checks in order; the first that ends the login decides the response. */
export async function runLoginChecks(context: CheckContext, deps: CheckDeps): Promise<EndedLogin | undefined> {
  for (const check of CHECKS) {
    const ended = await check(context, deps);
    if (ended !== undefined) return ended;
  }
  return undefined;
}

/**
 * The status of a completed login (FusionAuth's user state): 202 when an application was named and
 * the user is not registered to it; 213 when the registration awaits verification the application
 * requires; 212 when the email awaits verification the tenant requires; otherwise 200.
 */
export function completedStatus({ tenant, application, user }: Pick<CheckContext, 'tenant' | 'application' | 'user'>): 200 | 202 | 212 | 213 {
  if (application !== undefined) {
    const registration = user.registrations?.find((r) => r.applicationId === application.id);
    if (registration === undefined) return 202;
    if (application.verifyRegistration === true && registration.verified !== true) return 213;
  }
  if (tenant.emailConfiguration?.verifyEmail === true && user.email !== undefined && user.verified !== true) return 212;
  return 200;
}
