/**
 * Migration 10: Messengers (issue 5; FusionAuth's `/api/messenger`). Messengers are global objects, as
 * in FusionAuth (no tenant; the API takes a global API key). The whole configuration, secrets included
 * (FusionAuth returns them too), lives in `doc`; the name is unique, as FusionAuth checks on create and
 * update (`[duplicate]messenger.name`), and the constraint backs that check against races.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('messengers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', 'bigint', (c) => c.notNull())
    .addColumn('last_update_instant', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('messengers_name', ['name'])
    .execute();
}

export const messengers: Migration = { version: 10, name: 'messengers', up };
