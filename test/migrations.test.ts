import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from './helpers/test-database.js';

type Columns = Record<string, string[]>;

async function sqliteColumns(database: Database): Promise<Columns> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(database.db);
  const out: Columns = {};
  for (const { name } of tables.rows) {
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(database.db);
    out[name] = columns.rows.map((c) => c.name).sort();
  }
  return out;
}

async function postgresColumns(database: Database): Promise<Columns> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = current_schema()`.execute(database.db);
  const out: Columns = {};
  for (const row of rows.rows) (out[row.table_name] ??= []).push(row.column_name);
  for (const columns of Object.values(out)) columns.sort();
  return out;
}

describe('migrations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function freshDatabase(): Promise<Database> {
    const test: TestDatabase = await createTestDatabase();
    const database = openDatabase(loadConfig({ DATABASE_URL: test.url }).database);
    cleanups.push(async () => {
      await database.close();
      await test.drop();
    });
    return database;
  }

  it('applies every migration once, in order, and is a no-op the second time', async () => {
    const database = await freshDatabase();
    assert.deepEqual(await migrate(database), migrations.map((m) => m.version));
    assert.deepEqual(await migrate(database), []);
    const ledger = await database.db.selectFrom('gatehouse_migrations').select('version').orderBy('version').execute();
    assert.deepEqual(ledger.map((r) => r.version), migrations.map((m) => m.version));
  });

  it('builds the same tables and columns on SQLite and PostgreSQL', { skip: testDialect !== 'postgres' && 'runs in the PostgreSQL suite' }, async () => {
    const postgres = await freshDatabase();
    await migrate(postgres);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-migrate-'));
    const sqlite = openDatabase({ dialect: 'sqlite', path: join(dir, 'schema.db') });
    cleanups.push(async () => {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await migrate(sqlite);
    assert.deepEqual(await postgresColumns(postgres), await sqliteColumns(sqlite));
  });
});
