/** User Action rows: the whole definition in `doc`; id, name (unique) and the active flag in columns. */
import type { Database } from '../../db/database.js';
import { flag, fromDoc, toDoc } from '../../db/documents.js';
import type { StoredUserAction } from './model.js';

export interface UserActionStore {
  insert(action: StoredUserAction): Promise<void>;
  update(action: StoredUserAction): Promise<void>;
  /** Active or not. */
  find(id: string): Promise<StoredUserAction | undefined>;
  findByName(name: string): Promise<StoredUserAction | undefined>;
  /** The active (or, with `active` false, the inactive) actions, by name as FusionAuth sorts them. */
  list(active: boolean): Promise<StoredUserAction[]>;
  /** Deletes the action and, by cascade, every log of it; false when there was none. */
  delete(id: string): Promise<boolean>;
}

/** Java's String.compareTo (UTF-16 code units), which FusionAuth sorts User Actions with. */
const byName = (a: StoredUserAction, b: StoredUserAction): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);

export function createUserActionStore({ db }: Database): UserActionStore {
  const columns = (a: StoredUserAction) => ({ name: a.name, active: flag(a.active), doc: toDoc(a), last_update_instant: a.lastUpdateInstant });
  const one = async (column: 'id' | 'name', value: string) => {
    const row = await db.selectFrom('user_actions').select('doc').where(column, '=', value).executeTakeFirst();
    return row && fromDoc<StoredUserAction>(row.doc);
  };
  return {
    async insert(action) {
      await db.insertInto('user_actions').values({ id: action.id, insert_instant: action.insertInstant, ...columns(action) }).execute();
    },
    async update(action) {
      await db.updateTable('user_actions').set(columns(action)).where('id', '=', action.id).execute();
    },
    find: (id) => one('id', id),
    findByName: (name) => one('name', name),
    async list(active) {
      const rows = await db.selectFrom('user_actions').select('doc').where('active', '=', flag(active)).execute();
      return rows.map((r) => fromDoc<StoredUserAction>(r.doc)).sort(byName);
    },
    async delete(id) {
      const result = await db.deleteFrom('user_actions').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
