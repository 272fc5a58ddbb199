/**
 * The Login API's 409 (seed 002: "The user is currently in an action that has prevented login"), and
 * the tenant's `failedAuthenticationConfiguration`, exactly as FusionAuth runs them:
 *
 *  - A login is prevented by the User Actions in force on the user that prevent login, for every
 *    application or for the one logged into (user-action/login-prevention.ts); the 409 lists them.
 *  - Failed password checks are counted only when the tenant names a `userActionId`: without one
 *    FusionAuth locks nobody, however many passwords are wrong. The count is FusionAuth's: a failure
 *    more than `resetCountInSeconds` after the previous one starts it again at 1; neither a successful
 *    login nor the lock resets it. The failure that reaches `tooManyAttempts` takes the tenant's User
 *    Action on the user until now + `actionDuration` `actionDurationUnit`s, and already answers 409
 *    with it (FusionAuth's connector turns the new action into the response).
 *
 * Failures are rows (`login_failures`) so concurrent failures all count; on PostgreSQL the user's row
 * is locked for the count, so two failures cannot both miss the threshold or both take the action.
 * `actionCancelPolicy.onPasswordReset` (a password reset ends the lock) arrives with the password flows.
 */
import { sql } from 'kysely';
import { newId } from '../../core/ids.js';
import { scopedTo, type Database } from '../../db/database.js';
import type { Actionee } from '../user-action/log-entry.js';
import type { LoginPrevention } from '../user-action/login-prevention.js';
import { loginPreventedAction } from '../user-action/model.js';
import type { Tenant } from '../tenant/model.js';
import type { LoginPreventedAction } from './model.js';

export type DurationUnit = 'MINUTES' | 'HOURS' | 'DAYS' | 'WEEKS' | 'MONTHS' | 'YEARS';

export interface LockoutPolicy {
  readonly userActionId: string;
  readonly tooManyAttempts: number;
  readonly resetCountInSeconds: number;
  readonly actionDuration: number;
  readonly actionDurationUnit: DurationUnit;
  readonly emailUser: boolean;
}

/** The tenant's policy, with FusionAuth's defaults (5 failures, 60 seconds, 3 minutes); none without a User Action. */
export function lockoutPolicyOf(tenant: Tenant): LockoutPolicy | undefined {
  const configured = tenant.failedAuthenticationConfiguration;
  if (configured?.userActionId === undefined) return undefined;
  return {
    userActionId: configured.userActionId.toLowerCase(),
    tooManyAttempts: configured.tooManyAttempts ?? 5,
    resetCountInSeconds: configured.resetCountInSeconds ?? 60,
    actionDuration: configured.actionDuration ?? 3,
    actionDurationUnit: configured.actionDurationUnit ?? 'MINUTES',
    emailUser: configured.emailUser === true,
  };
}

const FIXED_UNITS: Partial<Record<DurationUnit, number>> = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000, WEEKS: 604_800_000 };

/** `now` plus the duration; months and years are calendar months and years (UTC), as Java's plus does. */
export function addDuration(now: number, amount: number, unit: DurationUnit): number {
  const fixed = FIXED_UNITS[unit];
  if (fixed !== undefined) return now + amount * fixed;
  const date = new Date(now);
  if (unit === 'MONTHS') date.setUTCMonth(date.getUTCMonth() + amount);
  else date.setUTCFullYear(date.getUTCFullYear() + amount);
  return date.getTime();
}

export interface Lockout {
  /** The actions preventing `userId` from logging into `applicationId` (if any) at `now`; empty when none. */
  preventing(userId: string, applicationId: string | undefined, now: number): Promise<LoginPreventedAction[]>;
  /** Counts a failed password check; answers the action taken when this failure reached the threshold. */
  recordFailure(tenant: Tenant & { id: string }, user: Actionee, now: number): Promise<LoginPreventedAction | undefined>;
}

export function createLockout(database: Database, prevention: LoginPrevention): Lockout {
  /** Counts this failure (FusionAuth's count) inside `tx`; answers the count. */
  async function count(tx: Database['db'], tenantId: string, userId: string, policy: LockoutPolicy, now: number): Promise<number> {
    if (database.dialect === 'postgres') await sql`select id from users where id = ${userId} for update`.execute(tx);
    const last = await tx.selectFrom('login_failures').select((eb) => eb.fn.max('instant').as('instant')).where('user_id', '=', userId).executeTakeFirst();
    if (last?.instant != null && Number(last.instant) + policy.resetCountInSeconds * 1000 < now) {
      await tx.deleteFrom('login_failures').where('user_id', '=', userId).execute();
    }
    await tx.insertInto('login_failures').values({ id: newId(), tenant_id: tenantId, user_id: userId, instant: now }).execute();
    const counted = await tx.selectFrom('login_failures').select((eb) => eb.fn.countAll<number>().as('count')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(counted.count);
  }

  return {
    preventing: (userId, applicationId, now) => prevention.preventingLogin(userId, applicationId, now),

    async recordFailure(tenant, user, now) {
      const policy = lockoutPolicyOf(tenant);
      if (policy === undefined) return undefined;
      const taken = await database.transaction(async (tx) => {
        if ((await count(tx, tenant.id, user.id, policy, now)) < policy.tooManyAttempts) return undefined;
        return prevention.applyFailedAuthenticationAction(scopedTo(database, tx), {
          tenantId: tenant.id,
          userActionId: policy.userActionId,
          actionee: user,
          expiry: addDuration(now, policy.actionDuration, policy.actionDurationUnit),
          emailUser: policy.emailUser,
          now,
        });
      });
      if (taken === undefined) return undefined;
      await prevention.afterTaken(taken);
      return loginPreventedAction(taken.log);
    },
  };
}
