/**
 * What the Login API asks of User Actions (seed 002's 409 "The user is currently in an action that has
 * prevented login"), as FusionAuth decides it:
 *  - the actions preventing a login are the user's logs in force (not canceled, not expired) whose User
 *    Action has `preventLogin`, scoped to every application (no `applicationIds`) or to the one logged
 *    into; a login without an application is prevented only by the unscoped ones;
 *  - the tenant's failed-authentication policy, on reaching `tooManyAttempts`, takes its User Action on
 *    the user like any actioning (no actioner, comment "Failed Login Attempts Exceeded.", notify when
 *    the action allows it, email when the tenant and the action both do), inside the caller's
 *    transaction so the count and the action commit together;
 *  - once a login-preventing action is taken, the user's refresh tokens are revoked when the tenant's
 *    `jwtConfiguration.refreshTokenRevocationPolicy.onLoginPrevented` says so (FusionAuth's default).
 */
import type { Database } from '../../db/database.js';
import { newLog, type Actionee } from './log-entry.js';
import { createUserActionLogStore, type UserActionLogStore } from './log-store.js';
import { loginPreventedAction, type LoginPreventedAction, type StoredUserAction, type UserActionLog } from './model.js';
import { createUserActionStore } from './store.js';

/** A log just written, with the definition it applies and the actionee's tenant. */
export interface TakenAction {
  readonly tenantId: string;
  readonly log: UserActionLog;
  readonly action: StoredUserAction;
}

export interface FailedAuthenticationAction {
  readonly tenantId: string;
  /** The tenant's `failedAuthenticationConfiguration.userActionId`. */
  readonly userActionId: string;
  readonly actionee: Actionee;
  /** Now plus the tenant's `actionDuration` in `actionDurationUnit`. */
  readonly expiry: number;
  /** The tenant's `failedAuthenticationConfiguration.emailUser`. */
  readonly emailUser: boolean;
  readonly now: number;
}

export interface LoginPrevention {
  /** The 409 `actions` for a login of `userId` into `applicationId` (if any) at `now`; empty when none. */
  preventingLogin(userId: string, applicationId: string | undefined, now: number): Promise<LoginPreventedAction[]>;
  /**
   * Takes the tenant's failed-authentication User Action on the user through `scope` (the caller's
   * transaction). Nothing when the action no longer exists or is inactive, or when the user is already
   * in it (FusionAuth refuses to take an action twice on a user).
   */
  applyFailedAuthenticationAction(scope: Database, input: FailedAuthenticationAction): Promise<TakenAction | undefined>;
  /** Run after the action's transaction committed: revokes refresh tokens as the tenant's policy says. */
  afterTaken(taken: TakenAction): Promise<void>;
}

export interface LoginPreventionDeps {
  readonly logs: UserActionLogStore;
  /** Revokes every refresh token of the user when the tenant's `onLoginPrevented` policy is on. */
  readonly onLoginPrevented: (tenantId: string, userId: string) => Promise<void>;
}

/** Whether the log applies to a login into `applicationId`. */
const appliesTo = (log: UserActionLog, applicationId: string | undefined): boolean =>
  log.applicationIds.length === 0 || (applicationId !== undefined && log.applicationIds.includes(applicationId));

export function createLoginPrevention({ logs, onLoginPrevented }: LoginPreventionDeps): LoginPrevention {
  return {
    async preventingLogin(userId, applicationId, now) {
      const inForce = await logs.inForce(userId, now);
      return inForce.filter(({ log, action }) => action.preventLogin && appliesTo(log, applicationId)).map(({ log }) => loginPreventedAction(log));
    },

    async applyFailedAuthenticationAction(scope, input) {
      const action = await createUserActionStore(scope).find(input.userActionId);
      if (action === undefined || !action.active) return undefined;
      const scopedLogs = createUserActionLogStore(scope);
      const current = await scopedLogs.inForce(input.actionee.id, input.now);
      if (current.some(({ log }) => log.userActionId === action.id)) return undefined;
      const log = newLog(action, input.actionee, {
        comment: 'Failed Login Attempts Exceeded.',
        emailUser: input.emailUser && action.userEmailingEnabled === true,
        expiry: input.expiry,
        notifyUser: action.userNotificationsEnabled === true,
      }, input.now);
      await scopedLogs.insert(input.tenantId, log, input.now);
      return { tenantId: input.tenantId, log, action };
    },

    async afterTaken({ tenantId, log, action }) {
      if (action.preventLogin) await onLoginPrevented(tenantId, log.actioneeUserId);
    },
  };
}
