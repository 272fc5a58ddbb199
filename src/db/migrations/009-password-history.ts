/**
 * Migration 9: password history (tenant `passwordValidationRules.rememberPreviousPasswords`). Each row
 * is a password a user had before, stored exactly as the users table stores one (hash, salt, scheme,
 * factor: never the password), so a new password can be checked against it with its own scheme. Rows
 * go with their user and tenant (ON DELETE CASCADE); the newest rows per user are read and kept.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('password_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_salt', 'text', (c) => c.notNull())
    .addColumn('password_scheme', 'text', (c) => c.notNull())
    .addColumn('password_factor', 'integer', (c) => c.notNull())
    .addColumn('insert_instant', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user').on('password_history').columns(['user_id', 'insert_instant']).execute();
}

export const passwordHistory: Migration = { version: 9, name: 'password-history', up };
