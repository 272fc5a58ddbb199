/**
 * Migration 3: logins (issue 3).
 *
 * - `login_records`: one row per completed login (FusionAuth's "raw logins"), kept with the login id and
 *   application name as they were at the time (seed 002: only the ids are immutable). Deleting the
 *   tenant or user removes them; an application's deletion keeps them (the name stays readable).
 * - `login_failures` / `login_locks`: the tenant's `failedAuthenticationConfiguration`. Failures are
 *   rows counted inside a sliding window, so concurrent failures never lose an increment; a lock is a row
 *   per user that expires. FusionAuth applies a User Action instead; Gatehouse has no User Actions yet.
 * - `flows`: DESIGN §5 "Flows are rows". One-time secrets handed to a client (change-password ids,
 *   one-time passwords, two-factor ids, trust ids, verification ids …): the row id is the SHA-256 of
 *   the secret, so a database dump hands none of them out; `kind` says what it is, `state` is a small
 *   JSON document, `consumed` makes a use exactly-once.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const instant = 'bigint';

  await db.schema.createTable('login_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('application_id', 'text')
    .addColumn('application_name', 'text')
    .addColumn('login_id', 'text')
    .addColumn('ip_address', 'text')
    .addColumn('instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_records_user_instant').on('login_records').columns(['user_id', 'instant']).execute();
  await db.schema.createIndex('login_records_instant').on('login_records').column('instant').execute();
  await db.schema.createIndex('login_records_application_instant').on('login_records').columns(['application_id', 'instant']).execute();

  await db.schema.createTable('login_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_user_instant').on('login_failures').columns(['user_id', 'instant']).execute();

  await db.schema.createTable('login_locks')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('expiry_instant', instant, (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .execute();

  await db.schema.createTable('flows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('consumed', 'integer', (c) => c.notNull())
    .addColumn('expires_instant', instant, (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flows_user_kind').on('flows').columns(['user_id', 'kind']).execute();
  await db.schema.createIndex('flows_expires').on('flows').column('expires_instant').execute();
}

export const login: Migration = { version: 3, name: 'login', up };
