/**
 * Migration 7: User Actions (issue 3, the Login API's 409).
 *
 * - `user_actions`: the definitions (FusionAuth's UserAction). Global, as in FusionAuth (no tenant).
 *   The name is unique (`[duplicate]userAction.name`), the constraint backing the service's check.
 * - `user_action_logs`: actions taken on users (FusionAuth's UserActionLog). A row belongs to the
 *   actionee's tenant and goes with the actionee (cascade) and with a hard-deleted definition (FusionAuth
 *   deletes an action's logs with it). `expiry_instant` is null for an action that is not time-based;
 *   a cancel ends the action now and sets `canceled`. Login asks "what prevents this user now", hence
 *   the (actionee, expiry) index.
 * - `login_locks` is dropped: the failed-authentication policy now applies the tenant's User Action,
 *   as FusionAuth does, so a lock is a `user_action_logs` row (migration 3 created the table).
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const instant = 'bigint';

  await db.schema.createTable('user_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .addUniqueConstraint('user_actions_name', ['name'])
    .execute();

  await db.schema.createTable('user_action_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('actionee_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_action_id', 'text', (c) => c.notNull().references('user_actions.id').onDelete('cascade'))
    .addColumn('expiry_instant', instant)
    .addColumn('canceled', 'integer', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_action_logs_actionee_expiry').on('user_action_logs').columns(['actionee_user_id', 'expiry_instant']).execute();
  await db.schema.createIndex('user_action_logs_user_action').on('user_action_logs').column('user_action_id').execute();

  await db.schema.dropTable('login_locks').execute();
}

export const userActions: Migration = { version: 7, name: 'user-actions', up };
