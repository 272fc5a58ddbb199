/**
 * Migration 11: Message Templates (FusionAuth's `/api/message/template`), the SMS (and voice) text a
 * multi-factor code is sent with. Global objects like Email Templates: no tenant, a global API key.
 * The whole template lives in `doc`; `type` is a column so tenant validation can ask for an SMS
 * template without reading the document; the name is unique (`[duplicate]messageTemplate.name`) and
 * the constraint backs the service's check against concurrent writes.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('message_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', 'bigint', (c) => c.notNull())
    .addColumn('last_update_instant', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('message_templates_name', ['name'])
    .execute();
}

export const messageTemplates: Migration = { version: 11, name: 'message-templates', up };
