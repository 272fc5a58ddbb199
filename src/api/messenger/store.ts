/** Messenger rows: the whole configuration in `doc`; id, name (unique) and type in columns. */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import type { StoredMessenger } from './model.js';

export interface MessengerStore {
  insert(messenger: StoredMessenger): Promise<void>;
  update(messenger: StoredMessenger): Promise<void>;
  find(id: string): Promise<StoredMessenger | undefined>;
  findByName(name: string): Promise<StoredMessenger | undefined>;
  /** Every messenger, by name. */
  list(): Promise<StoredMessenger[]>;
  delete(id: string): Promise<boolean>;
}

export function createMessengerStore({ db }: Database): MessengerStore {
  const values = (m: StoredMessenger) => ({ name: m.name, type: m.type, doc: toDoc(m), last_update_instant: m.lastUpdateInstant });
  const one = async (column: 'id' | 'name', value: string) => {
    const row = await db.selectFrom('messengers').select('doc').where(column, '=', value).executeTakeFirst();
    return row && fromDoc<StoredMessenger>(row.doc);
  };
  return {
    async insert(m) {
      await db.insertInto('messengers').values({ id: m.id, insert_instant: m.insertInstant, ...values(m) }).execute();
    },
    async update(m) {
      await db.updateTable('messengers').set(values(m)).where('id', '=', m.id).execute();
    },
    find: (id) => one('id', id),
    findByName: (name) => one('name', name),
    async list() {
      const rows = await db.selectFrom('messengers').select('doc').orderBy(sql`lower(name)`).orderBy('id').execute();
      return rows.map((r) => fromDoc<StoredMessenger>(r.doc));
    },
    async delete(id) {
      const result = await db.deleteFrom('messengers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
