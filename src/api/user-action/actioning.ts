/**
 * The Actioning Users API's rules (FusionAuth docs apis/actioning-users and its ActionService): take a
 * User Action on a user, retrieve one log or a user's logs (all, `active` true/false, or
 * `preventingLogin`), modify an action in force (new expiry and comment), cancel it (it ends now).
 *
 * A log belongs to the actionee's tenant: with a tenant on the request (API key or header) the users
 * named must be in it, and another tenant's logs are not found. A user cannot be put in an action
 * they are already in ([duplicate]action.userActionId: FusionAuth refuses it, its code is not
 * documented). Only an action in force can be modified or canceled: a canceled, expired or
 * not-time-based one is not found (FusionAuth's validateUpdateOrEnd).
 *
 * Gatehouse sends no events and no emails yet: `broadcast`, `notifyUser` and `emailUser` are validated
 * and recorded (`notifyUserOnEnd`, `emailUserOnEnd`) but nothing is sent.
 */
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { validateChange, validateTake, type ActioningLookups } from './actioning-validation.js';
import { changedLog, newLog } from './log-entry.js';
import type { StoredLog, UserActionLogStore } from './log-store.js';
import type { LoginPrevention } from './login-prevention.js';
import { isActiveLog, type ActionRequest, type UserActionLog } from './model.js';
import type { UserActionStore } from './store.js';

export interface ActionListQuery {
  readonly userId?: string;
  /** true: only actions in force; false: only the others; absent: all. */
  readonly active?: boolean;
  /** Only the actions in force that prevent login (takes precedence over `active`). */
  readonly preventingLogin: boolean;
}

export interface ActioningService {
  take(request: ActionRequest, explicitTenantId?: string): Promise<UserActionLog>;
  retrieve(actionId: string, explicitTenantId?: string): Promise<UserActionLog>;
  list(query: ActionListQuery, explicitTenantId?: string): Promise<UserActionLog[]>;
  modify(actionId: string, request: ActionRequest, explicitTenantId?: string): Promise<UserActionLog>;
  cancel(actionId: string, request: ActionRequest, explicitTenantId?: string): Promise<UserActionLog>;
}

export interface ActioningDeps {
  readonly actions: UserActionStore;
  readonly logs: UserActionLogStore;
  /** The user if it exists (in `explicitTenantId` when given). */
  readonly findUser: (id: string, explicitTenantId: string | undefined) => Promise<{ id: string; tenantId: string; preferredLanguages?: string[] } | undefined>;
  readonly applicationExists: (id: string, explicitTenantId: string | undefined) => Promise<boolean>;
  readonly prevention: LoginPrevention;
  readonly clock: Clock;
}

export function createActioningService(deps: ActioningDeps): ActioningService {
  const { actions, logs, clock } = deps;

  const lookupsFor = (explicitTenantId: string | undefined): ActioningLookups => ({
    user: (id) => deps.findUser(id, explicitTenantId),
    applicationExists: (id) => deps.applicationExists(id, explicitTenantId),
    activeAction: async (id) => {
      const action = await actions.find(id);
      return action?.active === true ? action : undefined;
    },
  });

  async function visibleLog(actionId: string, explicitTenantId: string | undefined): Promise<StoredLog> {
    const stored = await logs.find(actionId);
    if (stored === undefined || (explicitTenantId !== undefined && stored.tenantId !== explicitTenantId)) throw new NotFoundError();
    return stored;
  }

  async function change(actionId: string, request: ActionRequest, phase: 'modify' | 'cancel', explicitTenantId: string | undefined): Promise<UserActionLog> {
    const now = clock.now();
    const stored = await visibleLog(actionId, explicitTenantId);
    if (stored.canceled || !isActiveLog(stored.log, now)) throw new NotFoundError();
    const data = request.action ?? {};
    await validateChange(data, phase, await actions.find(stored.log.userActionId), lookupsFor(explicitTenantId), now);
    const changed = changedLog(stored.log, data, phase === 'modify' ? data.expiry! : now, now);
    await logs.update(changed, phase === 'cancel', now);
    return changed;
  }

  return {
    async take(request, explicitTenantId) {
      const now = clock.now();
      const data = request.action ?? {};
      const { action, actionee } = await validateTake(data, lookupsFor(explicitTenantId), now);
      if ((await logs.inForce(actionee.id, now)).some(({ log }) => log.userActionId === action.id)) {
        throw fieldError('action.userActionId', 'duplicate', `The user is already in the User Action [${action.name}].`);
      }
      const log = newLog(action, actionee, data, now);
      await logs.insert(actionee.tenantId, log, now);
      await deps.prevention.afterTaken({ tenantId: actionee.tenantId, log, action });
      return log;
    },

    async retrieve(actionId, explicitTenantId) {
      return (await visibleLog(actionId, explicitTenantId)).log;
    },

    async list({ userId, active, preventingLogin }, explicitTenantId) {
      if (userId === undefined) throw fieldError('actionId', 'missing', 'You must specify an [actionId] on the URI or a [userId] parameter.');
      const user = isUuid(userId) ? await deps.findUser(normalizeId(userId), explicitTenantId) : undefined;
      if (user === undefined) throw fieldError('userId', 'invalid', `The user [${userId}] does not exist.`);
      const now = clock.now();
      if (preventingLogin) return (await logs.inForce(user.id, now)).filter(({ action }) => action.preventLogin).map(({ log }) => log);
      const all = await logs.listForUser(user.id);
      return active === undefined ? all : all.filter((log) => isActiveLog(log, now) === active);
    },

    modify: (actionId, request, explicitTenantId) => change(actionId, request, 'modify', explicitTenantId),
    cancel: (actionId, request, explicitTenantId) => change(actionId, request, 'cancel', explicitTenantId),
  };
}
