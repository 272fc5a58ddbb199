/**
 * Migration 8: the Event Log (FusionAuth's `/api/system/event-log`; issue 6: a SAML v2 provider's
 * `debug` flag writes one entry per reconcile).
 *
 * `event_logs`: FusionAuth's EventLog ids are Longs handed out in insertion order, so the id is the
 * database's own sequence (SQLite `integer primary key autoincrement`, PostgreSQL `bigserial`): ids are
 * never reused, even after old entries are trimmed. The message is plain text; searches match it
 * case-insensitively, and sort on the instant (the default order) and the type.
 */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.createTable('event_logs')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('insert_instant', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_logs_insert_instant').on('event_logs').column('insert_instant').execute();
}

export const eventLog: Migration = { version: 8, name: 'event-log', up };
