/**
 * Migration 1: the identity core (issue 2). Tenants own everything below them, and deleting a tenant,
 * user or application removes what hangs off it through ON DELETE CASCADE, in one statement.
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const instant = 'bigint';

  await db.schema.createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull().unique())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .execute();

  await db.schema.createTable('keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull().unique())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .execute();

  await db.schema.createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_value', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
    .addColumn('key_manager', 'integer', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .execute();

  await db.schema.createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_tenant').on('applications').columns(['tenant_id', 'name']).execute();

  await db.schema.createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .addUniqueConstraint('groups_tenant_name', ['tenant_id', 'name_lower'])
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('email_lower', 'text')
    .addColumn('username', 'text')
    .addColumn('username_lower', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('full_name', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('password_salt', 'text')
    .addColumn('password_scheme', 'text')
    .addColumn('password_factor', 'integer')
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .addColumn('last_login_instant', instant)
    .addUniqueConstraint('users_tenant_email', ['tenant_id', 'email_lower'])
    .addUniqueConstraint('users_tenant_username', ['tenant_id', 'username_lower'])
    .execute();
  await db.schema.createIndex('users_tenant_insert').on('users').columns(['tenant_id', 'insert_instant']).execute();

  await db.schema.createTable('group_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addUniqueConstraint('group_members_group_user', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();

  await db.schema.createTable('registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .addColumn('last_login_instant', instant)
    .addUniqueConstraint('registrations_user_application', ['user_id', 'application_id'])
    .execute();
  await db.schema.createIndex('registrations_application').on('registrations').column('application_id').execute();
}

export const foundation: Migration = { version: 1, name: 'foundation', up };
