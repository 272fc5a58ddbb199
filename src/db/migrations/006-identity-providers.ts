/**
 * Migration 6: identity providers (issue 6, seed 003).
 *
 * - `identity_providers`: every provider type in one table. The whole provider object lives in `doc`;
 *   `type`, `name` (unique across all providers, docs: "Must be unique across all identity providers")
 *   and `tenant_id` (null for a global provider, since 1.62) have columns because they are filtered on.
 * - `identity_provider_domains`: the email domains a provider manages (domain-based login and
 *   `GET /api/identity-provider/lookup`), indexed so a lookup is one read.
 * - `identity_provider_requests`: SAML v2 AuthnRequest ids recorded by `POST /api/identity-provider/start`
 *   (DESIGN §5 "flows are rows"). A response is accepted only against a pending, unexpired, unconsumed row
 *   of the same provider, consumed exactly once; `assertion_id` remembers which assertion consumed it, and
 *   is unique per provider so the same signed assertion can never be accepted twice (replay), even
 *   against another request id. A request id is not a secret (it travels to the IdP in the AuthnRequest
 *   and back in `InResponseTo`), so it is stored as it is.
 * - `identity_provider_links`: the link between a user and their account at a provider, for the
 *   reconcile step of the login (issue 6 item 4).
 */
import type { Kysely } from 'kysely';
import type { Migration } from './index.js';

async function up(db: Kysely<unknown>): Promise<void> {
  const instant = 'bigint';

  await db.schema.createTable('identity_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_update_instant', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identity_providers_type').on('identity_providers').column('type').execute();

  await db.schema.createTable('identity_provider_domains')
    .addColumn('identity_provider_id', 'text', (c) => c.notNull().references('identity_providers.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addPrimaryKeyConstraint('identity_provider_domains_pk', ['identity_provider_id', 'domain'])
    .execute();
  await db.schema.createIndex('identity_provider_domains_domain').on('identity_provider_domains').column('domain').execute();

  await db.schema.createTable('identity_provider_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identity_provider_id', 'text', (c) => c.notNull().references('identity_providers.id').onDelete('cascade'))
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('consumed', 'integer', (c) => c.notNull())
    .addColumn('assertion_id', 'text')
    .addColumn('expires_instant', instant, (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addUniqueConstraint('identity_provider_requests_assertion', ['identity_provider_id', 'assertion_id'])
    .execute();
  await db.schema.createIndex('identity_provider_requests_expiry').on('identity_provider_requests').column('expires_instant').execute();

  await db.schema.createTable('identity_provider_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identity_provider_id', 'text', (c) => c.notNull().references('identity_providers.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('identity_provider_user_id', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('insert_instant', instant, (c) => c.notNull())
    .addColumn('last_login_instant', instant)
    .addUniqueConstraint('identity_provider_links_provider_user', ['identity_provider_id', 'tenant_id', 'identity_provider_user_id'])
    .execute();
  await db.schema.createIndex('identity_provider_links_user').on('identity_provider_links').column('user_id').execute();
}

export const identityProviders: Migration = { version: 6, name: 'identity-providers', up };
