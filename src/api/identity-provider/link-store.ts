/**
 * Identity provider links (`identity_provider_links`, migration 6): a user of a tenant and their account
 * at a provider (FusionAuth's IdentityProviderLink, client 1.69). A link is unique per (provider, tenant,
 * `identityProviderUserId`) by constraint, so two concurrent first logins cannot both link; the loser
 * sees `UniqueViolation` and finds the winner's link. `doc` holds what has no column (`displayName`,
 * `data`); `lastLoginInstant` has its column because every login through the link updates it.
 */
import type { Database } from '../../db/database.js';
import type { IdentityProviderLinkTable } from '../../db/schema.js';
import { fromDoc, toDoc } from '../../db/documents.js';

export interface IdentityProviderLink {
  readonly id: string;
  readonly identityProviderId: string;
  readonly tenantId: string;
  readonly userId: string;
  /** The user's id at the provider (SAML: `uniqueIdClaim`'s value, else the NameID). */
  readonly identityProviderUserId: string;
  /** What the provider says the user is called (their email or username there). */
  readonly displayName?: string;
  readonly data: Record<string, unknown>;
  readonly insertInstant: number;
  readonly lastLoginInstant?: number;
}

export interface LinkKey {
  readonly identityProviderId: string;
  readonly tenantId: string;
  readonly identityProviderUserId: string;
}

export interface IdentityProviderLinkStore {
  find(key: LinkKey): Promise<IdentityProviderLink | undefined>;
  /** Throws `UniqueViolation` (asUniqueViolation) when the key is already linked. */
  insert(link: IdentityProviderLink): Promise<void>;
  /** Records a login through the link. */
  touch(id: string, lastLoginInstant: number): Promise<void>;
  /** The user's links, oldest first. */
  listForUser(userId: string): Promise<IdentityProviderLink[]>;
  /** How many links the user has to this provider (the tenant's `limitUserLinkCount`). */
  countForUser(identityProviderId: string, userId: string): Promise<number>;
}

interface Doc {
  displayName?: string;
  data?: Record<string, unknown>;
}

function fromRow(row: IdentityProviderLinkTable): IdentityProviderLink {
  const doc = fromDoc<Doc>(row.doc);
  return {
    id: row.id,
    identityProviderId: row.identity_provider_id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    identityProviderUserId: row.identity_provider_user_id,
    ...(doc.displayName !== undefined ? { displayName: doc.displayName } : {}),
    data: doc.data ?? {},
    insertInstant: Number(row.insert_instant),
    ...(row.last_login_instant !== null ? { lastLoginInstant: Number(row.last_login_instant) } : {}),
  };
}

export function createIdentityProviderLinkStore({ db }: Database): IdentityProviderLinkStore {
  return {
    async find(key) {
      const row = await db.selectFrom('identity_provider_links').selectAll()
        .where('identity_provider_id', '=', key.identityProviderId)
        .where('tenant_id', '=', key.tenantId)
        .where('identity_provider_user_id', '=', key.identityProviderUserId)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async insert(link) {
      const doc: Doc = { ...(link.displayName !== undefined ? { displayName: link.displayName } : {}), data: link.data };
      await db.insertInto('identity_provider_links').values({
        id: link.id,
        identity_provider_id: link.identityProviderId,
        tenant_id: link.tenantId,
        user_id: link.userId,
        identity_provider_user_id: link.identityProviderUserId,
        doc: toDoc(doc),
        insert_instant: link.insertInstant,
        last_login_instant: link.lastLoginInstant ?? null,
      }).execute();
    },
    async touch(id, lastLoginInstant) {
      await db.updateTable('identity_provider_links').set({ last_login_instant: lastLoginInstant }).where('id', '=', id).execute();
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('identity_provider_links').selectAll().where('user_id', '=', userId)
        .orderBy('insert_instant').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async countForUser(identityProviderId, userId) {
      const row = await db.selectFrom('identity_provider_links').select((eb) => eb.fn.countAll<number>().as('count'))
        .where('identity_provider_id', '=', identityProviderId).where('user_id', '=', userId).executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
