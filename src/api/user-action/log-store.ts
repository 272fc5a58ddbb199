/**
 * Actions taken on users (`user_action_logs`): the UserActionLog in `doc`; the actionee, the User
 * Action, the expiry and the canceled flag in columns, because login asks "which actions are in force
 * on this user now" on every attempt.
 *
 * "Forever" is FusionAuth's Long.MAX_VALUE expiry, beyond a PostgreSQL bigint once it has been through
 * a JavaScript number, so the column holds at most Number.MAX_SAFE_INTEGER (year 287396); the doc keeps
 * the value as given.
 */
import type { Database } from '../../db/database.js';
import { flag, fromDoc, toDoc } from '../../db/documents.js';
import { prepared } from '../../db/prepared.js';
import type { StoredUserAction, UserActionLog } from './model.js';

export interface StoredLog {
  readonly tenantId: string;
  readonly log: UserActionLog;
  readonly canceled: boolean;
}

/** A log in force together with the definition it applies. */
export interface LogInForce {
  readonly log: UserActionLog;
  readonly action: StoredUserAction;
}

export interface UserActionLogStore {
  insert(tenantId: string, log: UserActionLog, now: number): Promise<void>;
  update(log: UserActionLog, canceled: boolean, now: number): Promise<void>;
  find(id: string): Promise<StoredLog | undefined>;
  /** Every action taken on the user, oldest first (FusionAuth sorts by `insertInstant`). */
  listForUser(userId: string): Promise<UserActionLog[]>;
  /** The user's logs in force at `now` (not canceled, expiry after `now`), with their definitions. */
  inForce(userId: string, now: number): Promise<LogInForce[]>;
}

const expiryColumn = (log: UserActionLog): number | null => (log.expiry === undefined ? null : Math.min(log.expiry, Number.MAX_SAFE_INTEGER));

const byInsertInstant = (a: UserActionLog, b: UserActionLog): number => a.insertInstant - b.insertInstant || (a.id < b.id ? -1 : 1);

// Asked on every login attempt: compiled once.
const inForceFor = prepared((db, p: { userId: string; now: number }) => db.selectFrom('user_action_logs as l')
  .innerJoin('user_actions as a', 'a.id', 'l.user_action_id')
  .select(['l.doc as log', 'a.doc as action'])
  .where('l.actionee_user_id', '=', p.userId)
  .where('l.canceled', '=', 0)
  .where('l.expiry_instant', '>', p.now));

export function createUserActionLogStore({ db }: Database): UserActionLogStore {
  return {
    async insert(tenantId, log, now) {
      await db.insertInto('user_action_logs').values({
        id: log.id,
        tenant_id: tenantId,
        actionee_user_id: log.actioneeUserId,
        user_action_id: log.userActionId,
        expiry_instant: expiryColumn(log),
        canceled: 0,
        doc: toDoc(log),
        insert_instant: log.insertInstant,
        last_update_instant: now,
      }).execute();
    },

    async update(log, canceled, now) {
      await db.updateTable('user_action_logs')
        .set({ expiry_instant: expiryColumn(log), canceled: flag(canceled), doc: toDoc(log), insert_instant: log.insertInstant, last_update_instant: now })
        .where('id', '=', log.id)
        .execute();
    },

    async find(id) {
      const row = await db.selectFrom('user_action_logs').select(['tenant_id', 'doc', 'canceled']).where('id', '=', id).executeTakeFirst();
      return row && { tenantId: row.tenant_id, log: fromDoc<UserActionLog>(row.doc), canceled: row.canceled === 1 };
    },

    async listForUser(userId) {
      const rows = await db.selectFrom('user_action_logs').select('doc').where('actionee_user_id', '=', userId).execute();
      return rows.map((r) => fromDoc<UserActionLog>(r.doc)).sort(byInsertInstant);
    },

    async inForce(userId, now) {
      const rows = await inForceFor.all(db, { userId, now });
      return rows
        .map((r) => ({ log: fromDoc<UserActionLog>(r.log), action: fromDoc<StoredUserAction>(r.action) }))
        .sort((a, b) => byInsertInstant(a.log, b.log));
    },
  };
}
