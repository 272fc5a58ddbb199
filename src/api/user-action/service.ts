/**
 * The User Actions API's rules (FusionAuth docs apis/user-actions and its UserActionService): create
 * (random or given id), retrieve one (active or not) or all (active, or with `inactive` the inactive
 * ones), update (replace; PATCH merges first), soft delete (deactivate), reactivate, hard delete (the
 * action and every log of it).
 *
 * What FusionAuth normalizes on write: the name is trimmed; a new action is active and its
 * `transactionType` defaults to `None` (an update keeps the stored one when none is given); an action
 * that is not time-based has no modify/cancel/end templates and, when created, no end event.
 */
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError } from '../../core/errors.js';
import { newId, normalizeId } from '../../core/ids.js';
import { writeUnique } from '../../db/database.js';
import type { StoredUserAction, UserAction } from './model.js';
import type { UserActionStore } from './store.js';
import { validateUserAction, type Target } from './validation.js';

export interface UserActionService {
  create(id: string | undefined, input: UserAction): Promise<StoredUserAction>;
  retrieve(id: string): Promise<StoredUserAction>;
  list(inactive: boolean): Promise<StoredUserAction[]>;
  update(id: string, input: UserAction): Promise<StoredUserAction>;
  deactivate(id: string): Promise<void>;
  reactivate(id: string): Promise<StoredUserAction>;
  delete(id: string): Promise<void>;
}

interface Deps {
  readonly actions: UserActionStore;
  /** Whether an Email Template exists (the Emails API's store). */
  readonly emailTemplateExists: (id: string) => Promise<boolean>;
  readonly clock: Clock;
}

const duplicate = (name: string) => (constraint: string) => (constraint.includes('name')
  ? fieldError('userAction.name', 'duplicate', `A User Action with name [${name}] already exists.`)
  : fieldError('userActionId', 'duplicate', 'A User Action with this Id already exists.'));

/** The stored form of a validated request. */
function stamp(input: UserAction & { name: string }, target: Target, id: string, now: number): StoredUserAction {
  const { id: _id, active: _active, insertInstant: _i, lastUpdateInstant: _u, ...fields } = input;
  const temporal = fields.temporal === true;
  const stored: StoredUserAction = {
    ...fields,
    id,
    name: input.name,
    active: true,
    temporal,
    preventLogin: fields.preventLogin === true,
    includeEmailInEventJSON: fields.includeEmailInEventJSON === true,
    userEmailingEnabled: fields.userEmailingEnabled === true,
    userNotificationsEnabled: fields.userNotificationsEnabled === true,
    sendEndEvent: target.create && !temporal ? false : fields.sendEndEvent ?? true,
    transactionType: fields.transactionType ?? (target.create ? undefined : target.existing.transactionType) ?? 'None',
    options: (fields.options ?? []).map((option) => ({ ...option, name: (option.name ?? '').trim() })),
    insertInstant: target.create ? now : target.existing.insertInstant,
    lastUpdateInstant: now,
  };
  for (const field of ['startEmailTemplateId', 'modifyEmailTemplateId', 'cancelEmailTemplateId', 'endEmailTemplateId'] as const) {
    const value = stored[field];
    if (value === undefined) continue;
    if (field !== 'startEmailTemplateId' && !temporal) delete stored[field];
    else stored[field] = normalizeId(value);
  }
  return stored;
}

export function createUserActionService({ actions, emailTemplateExists, clock }: Deps): UserActionService {
  const lookups = { find: actions.find, findByName: actions.findByName, emailTemplateExists };

  async function existing(id: string): Promise<StoredUserAction> {
    const found = await actions.find(id);
    if (found === undefined) throw new NotFoundError();
    return found;
  }

  return {
    async create(id, input) {
      const named = { ...input, name: (input.name ?? '').trim() };
      const target: Target = id === undefined ? { create: true } : { create: true, id };
      await validateUserAction(named, target, lookups);
      const stored = stamp(named, target, id === undefined ? newId() : normalizeId(id), clock.now());
      await writeUnique(() => actions.insert(stored), duplicate(stored.name));
      return stored;
    },

    retrieve: existing,

    list: (inactive) => actions.list(!inactive),

    async update(id, input) {
      const target: Target = { create: false, existing: await existing(id) };
      const named = { ...input, name: (input.name ?? '').trim() };
      await validateUserAction(named, target, lookups);
      const stored = stamp(named, target, id, clock.now());
      await writeUnique(() => actions.update(stored), duplicate(stored.name));
      return stored;
    },

    async deactivate(id) {
      const found = await existing(id);
      if (found.active) await actions.update({ ...found, active: false });
    },

    async reactivate(id) {
      const found = await existing(id);
      if (found.active) return found;
      const reactivated = { ...found, active: true };
      await actions.update(reactivated);
      return reactivated;
    },

    async delete(id) {
      if (!(await actions.delete(id))) throw new NotFoundError();
    },
  };
}
