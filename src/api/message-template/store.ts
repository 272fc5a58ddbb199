/** Message Template rows: the whole template in `doc`; id, name (unique) and type in columns. */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import type { StoredMessageTemplate } from './model.js';

export interface MessageTemplateStore {
  insert(template: StoredMessageTemplate): Promise<void>;
  update(template: StoredMessageTemplate): Promise<void>;
  find(id: string): Promise<StoredMessageTemplate | undefined>;
  findByName(name: string): Promise<StoredMessageTemplate | undefined>;
  /** Every template, by name. */
  list(): Promise<StoredMessageTemplate[]>;
  delete(id: string): Promise<boolean>;
}

export function createMessageTemplateStore({ db }: Database): MessageTemplateStore {
  const values = (t: StoredMessageTemplate) => ({ name: t.name, type: t.type, doc: toDoc(t), last_update_instant: t.lastUpdateInstant });
  const one = async (column: 'id' | 'name', value: string) => {
    const row = await db.selectFrom('message_templates').select('doc').where(column, '=', value).executeTakeFirst();
    return row && fromDoc<StoredMessageTemplate>(row.doc);
  };
  return {
    async insert(t) {
      await db.insertInto('message_templates').values({ id: t.id, insert_instant: t.insertInstant, ...values(t) }).execute();
    },
    async update(t) {
      await db.updateTable('message_templates').set(values(t)).where('id', '=', t.id).execute();
    },
    find: (id) => one('id', id),
    findByName: (name) => one('name', name),
    async list() {
      const rows = await db.selectFrom('message_templates').select('doc').orderBy(sql`lower(name)`).orderBy('id').execute();
      return rows.map((r) => fromDoc<StoredMessageTemplate>(r.doc));
    },
    async delete(id) {
      const result = await db.deleteFrom('message_templates').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
