/**
 * Applies pending migrations at start-up, each in its own transaction. On PostgreSQL an advisory lock
 * makes concurrent processes take turns, so several Gatehouse instances can start at once.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

const MIGRATION_LOCK = 7_340_117;

async function ensureLedger(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('gatehouse_migrations').ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_instant', 'bigint', (c) => c.notNull())
    .execute();
}

export async function migrate(database: Database, now: () => number = Date.now): Promise<number[]> {
  const applied: number[] = [];
  await database.transaction(async (tx) => {
    if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
    await ensureLedger(tx as unknown as Kysely<unknown>);
    const done = new Set((await tx.selectFrom('gatehouse_migrations').select('version').execute()).map((r) => r.version));
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await migration.up(tx as unknown as Kysely<unknown>);
      await tx.insertInto('gatehouse_migrations')
        .values({ version: migration.version, name: migration.name, applied_instant: now() })
        .execute();
      applied.push(migration.version);
    }
  });
  return applied;
}
