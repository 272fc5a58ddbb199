/** Email Template rows: the whole template in `doc`; id and name in columns (looked up, unique, sorted). */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { containsPattern, matchesAll } from '../../db/like.js';
import type { SortOrder } from '../application/search-support.js';
import type { EmailTemplate, EmailTemplateOrderField } from './model.js';

export type StoredEmailTemplate = EmailTemplate & { id: string; name: string; insertInstant: number; lastUpdateInstant: number };

export interface EmailTemplateSearch {
  readonly name?: string;
  readonly startRow: number;
  readonly numberOfResults: number;
  /** Empty: FusionAuth's default, `name ASC`. */
  readonly orderBy: readonly SortOrder<EmailTemplateOrderField>[];
}

export interface EmailTemplateStore {
  insert(template: StoredEmailTemplate): Promise<void>;
  update(template: StoredEmailTemplate): Promise<void>;
  find(id: string): Promise<StoredEmailTemplate | undefined>;
  findByName(name: string): Promise<StoredEmailTemplate | undefined>;
  exists(id: string): Promise<boolean>;
  /** Every template, by name. */
  list(): Promise<StoredEmailTemplate[]>;
  search(criteria: EmailTemplateSearch): Promise<{ emailTemplates: StoredEmailTemplate[]; total: number }>;
  delete(id: string): Promise<boolean>;
}

const ORDER_COLUMNS = {
  id: sql.ref('id'),
  insertInstant: sql.ref('insert_instant'),
  name: sql`lower(name)`,
} as const;

export function createEmailTemplateStore({ db }: Database): EmailTemplateStore {
  const values = (t: StoredEmailTemplate) => ({ name: t.name, doc: toDoc(t), last_update_instant: t.lastUpdateInstant });
  const one = async (column: 'id' | 'name', value: string) => {
    const row = await db.selectFrom('email_templates').select('doc').where(column, '=', value).executeTakeFirst();
    return row && fromDoc<StoredEmailTemplate>(row.doc);
  };
  return {
    async insert(t) {
      await db.insertInto('email_templates').values({ id: t.id, insert_instant: t.insertInstant, ...values(t) }).execute();
    },
    async update(t) {
      await db.updateTable('email_templates').set(values(t)).where('id', '=', t.id).execute();
    },
    find: (id) => one('id', id),
    findByName: (name) => one('name', name),
    async exists(id) {
      return (await db.selectFrom('email_templates').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async list() {
      const rows = await db.selectFrom('email_templates').select('doc').orderBy(sql`lower(name)`).orderBy('id').execute();
      return rows.map((r) => fromDoc<StoredEmailTemplate>(r.doc));
    },
    async search({ name, startRow, numberOfResults, orderBy }) {
      let query = db.selectFrom('email_templates');
      if (!matchesAll(name)) query = query.where(sql<boolean>`lower(name) like ${containsPattern(name!)} escape '\\'`);
      const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      let page = query.select('doc');
      for (const { field, descending } of orderBy.length > 0 ? orderBy : [{ field: 'name' as const, descending: false }]) {
        page = page.orderBy(ORDER_COLUMNS[field], descending ? 'desc' : 'asc');
      }
      const rows = await page.orderBy('id').limit(numberOfResults).offset(startRow).execute();
      return { emailTemplates: rows.map((r) => fromDoc<StoredEmailTemplate>(r.doc)), total };
    },
    async delete(id) {
      const result = await db.deleteFrom('email_templates').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
