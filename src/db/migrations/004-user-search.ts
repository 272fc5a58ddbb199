/**
 * Migration 4: user search with the database search engine (issue 4, seed 001 "Search for Users").
 *
 * - Columns for what the search matches and sorts on and `doc` alone cannot index: the lower-cased
 *   first, last and full name (the query string is case-insensitive), the phone number (lower-cased
 *   like the other login ids) and the birth date (`YYYY-MM-DD`, so text order is date order).
 * - Indexes on every column a query-string term is matched against, as `(column, tenant_id)` so that
 *   a search within a tenant is answered from the index alone. A term with a literal prefix (`joh*`)
 *   becomes a range (`col >= 'joh' AND col < 'joi'`), which a plain B-tree serves on both engines; on
 *   PostgreSQL the text indexes use the "C" collation so that the range, like SQLite's binary
 *   comparison, is exactly "starts with" whatever the database's default collation, and so that both
 *   engines sort text the same way. `(insert_instant, id)` serves the default order.
 *
 * Existing rows are backfilled from `doc` in JavaScript (not SQL `lower()`, which on SQLite folds ASCII
 * only), with the same lower-casing the user store applies on every write. This file keeps its own copy
 * of that rule on purpose: a released migration must not change when application code does.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from './index.js';

const BATCH = 1000;

const LOWERED_TEXT_COLUMNS = ['email_lower', 'username_lower', 'first_name_lower', 'last_name_lower', 'full_name_lower', 'phone_number'] as const;

interface UserRow {
  id: string;
  doc: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const lowered = (value: unknown): string | null => (typeof value === 'string' ? value.toLowerCase() : null);

async function backfill(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await sql<UserRow>`select id, doc from users where id > ${after} order by id limit ${BATCH}`.execute(db)).rows;
    for (const row of rows) {
      const doc = JSON.parse(row.doc) as Record<string, unknown>;
      await sql`update users set
          first_name_lower = ${lowered(doc.firstName)}, last_name_lower = ${lowered(doc.lastName)},
          full_name_lower = ${lowered(doc.fullName)}, phone_number = ${lowered(doc.phoneNumber)},
          birth_date = ${text(doc.birthDate)}
        where id = ${row.id}`.execute(db);
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['first_name_lower', 'last_name_lower', 'full_name_lower', 'phone_number', 'birth_date']) {
    await db.schema.alterTable('users').addColumn(column, 'text').execute();
  }
  await backfill(db);

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const column of LOWERED_TEXT_COLUMNS) {
    const index = db.schema.createIndex(`users_search_${column}`).on('users');
    await (postgres ? index.expression(sql`${sql.ref(column)} collate "C", tenant_id`) : index.columns([column, 'tenant_id'])).execute();
  }
  await db.schema.createIndex('users_insert_instant_id').on('users').columns(['insert_instant', 'id']).execute();
}

export const userSearch: Migration = { version: 4, name: 'user-search', up };
