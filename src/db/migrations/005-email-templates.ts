/**
 * Migration 5: Email Templates (issue 4). Templates are global, as in FusionAuth (its EmailTemplate has
 * no tenant; the API takes a global API key). The name is unique, as FusionAuth checks on create and
 * update (`[duplicate]emailTemplate.name`); the constraint backs that check against races.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const instant = 'bigint';
  await db.schema.createTable('email_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .addUniqueConstraint('email_templates_name', ['name'])
    .execute();
}

export const emailTemplates: Migration = { version: 5, name: 'email-templates', up };
