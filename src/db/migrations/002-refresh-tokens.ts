/**
 * Migration 2: refresh tokens (issue 3). A refresh token is a bearer secret that is only ever presented
 * back, so only its SHA-256 hash is stored (DESIGN §4 Secrets), as FusionAuth itself does. A token is
 * per user and, for everything the JWT API exchanges, per application; deleting the tenant, user or
 * application removes its tokens through ON DELETE CASCADE.
 *
 * One-time-use rotation keeps the token's id (the access token's `sid`) and replaces its hash; the
 * previous hash and the rotation time stay so that a reused old token can be recognised (grace period,
 * `onOneTimeTokenReuse`).
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const instant = 'bigint';
  await db.schema.createTable('refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('application_id', 'text', (c) => c.references('applications.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('previous_token_hash', 'text')
    .addColumn('rotation_key', 'text')
    .addColumn('rotated_instant', instant)
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('auth_instant', instant)
    .addColumn('start_instant', instant, (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').columns(['user_id', 'insert_instant']).execute();
  await db.schema.createIndex('refresh_tokens_application').on('refresh_tokens').column('application_id').execute();
  await db.schema.createIndex('refresh_tokens_previous_hash').on('refresh_tokens').column('previous_token_hash').execute();
}

export const refreshTokens: Migration = { version: 2, name: 'refresh-tokens', up };
