/**
 * Identity provider rows. The provider object lives in `doc`; the domains it manages are mirrored into
 * `identity_provider_domains` (in the same transaction) so a domain lookup is one indexed read.
 */
import type { Database, Db } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import type { RemovedOwners } from '../application/store.js';
import type { IdentityProvider } from './model.js';

export interface DomainClaim {
  readonly domain: string;
  readonly identityProviderId: string;
}

export interface IdentityProviderStore {
  insert(provider: IdentityProvider, domains: readonly string[]): Promise<void>;
  update(provider: IdentityProvider, domains: readonly string[]): Promise<void>;
  find(id: string): Promise<IdentityProvider | undefined>;
  findByName(name: string): Promise<IdentityProvider | undefined>;
  /** Every provider (optionally of one type, and only those visible in a tenant), by name. */
  list(criteria?: { type?: string; visibleInTenant?: string }): Promise<IdentityProvider[]>;
  delete(id: string): Promise<boolean>;
  /**
   * Drops deleted applications' entries from every provider's `applicationConfiguration` (and a deleted
   * tenant's from `tenantConfiguration`), so no provider names an object that no longer exists (its
   * update would otherwise be refused).
   */
  forgetRemoved(removed: RemovedOwners): Promise<void>;
  /**
   * Which of `domains` another provider already manages in an overlapping scope: a global provider's
   * domains overlap every tenant's, a tenant's only its own and the global ones.
   */
  domainClaims(domains: readonly string[], exceptId: string, tenantId: string | undefined): Promise<DomainClaim[]>;
  /** The providers managing `domain`, visible in the tenant when one is given. */
  findByDomain(domain: string, tenantId: string | undefined): Promise<IdentityProvider[]>;
}

export function createIdentityProviderStore(database: Database): IdentityProviderStore {
  const { db } = database;
  const values = (p: IdentityProvider) => ({
    type: p.type,
    name: p.name,
    tenant_id: p.tenantId ?? null,
    doc: toDoc(p),
    last_update_instant: p.lastUpdateInstant,
  });
  const writeDomains = async (tx: Db, p: IdentityProvider, domains: readonly string[]) => {
    await tx.deleteFrom('identity_provider_domains').where('identity_provider_id', '=', p.id).execute();
    if (domains.length === 0) return;
    await tx.insertInto('identity_provider_domains')
      .values(domains.map((domain) => ({ identity_provider_id: p.id, domain, tenant_id: p.tenantId ?? null })))
      .execute();
  };
  const parse = (rows: { doc: string }[]) => rows.map((r) => fromDoc<IdentityProvider>(r.doc));

  return {
    async insert(p, domains) {
      await database.transaction(async (tx) => {
        await tx.insertInto('identity_providers').values({ id: p.id, insert_instant: p.insertInstant, ...values(p) }).execute();
        await writeDomains(tx, p, domains);
      });
    },
    async update(p, domains) {
      await database.transaction(async (tx) => {
        await tx.updateTable('identity_providers').set(values(p)).where('id', '=', p.id).execute();
        await writeDomains(tx, p, domains);
      });
    },
    async find(id) {
      const row = await db.selectFrom('identity_providers').select('doc').where('id', '=', id).executeTakeFirst();
      return row && fromDoc<IdentityProvider>(row.doc);
    },
    async findByName(name) {
      const row = await db.selectFrom('identity_providers').select('doc').where('name', '=', name).executeTakeFirst();
      return row && fromDoc<IdentityProvider>(row.doc);
    },
    async list({ type, visibleInTenant } = {}) {
      let query = db.selectFrom('identity_providers').select('doc');
      if (type !== undefined) query = query.where('type', '=', type);
      if (visibleInTenant !== undefined) {
        query = query.where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', visibleInTenant)]));
      }
      return parse(await query.orderBy('name').orderBy('id').execute());
    },
    async delete(id) {
      const result = await db.deleteFrom('identity_providers').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async forgetRemoved({ tenantId, applicationIds }) {
      // Providers are few (one per enterprise IdP): reading them all is simpler than matching ids in SQL.
      const rows = await db.selectFrom('identity_providers').select('doc').execute();
      for (const provider of parse(rows)) {
        const staleApplications = applicationIds.filter((id) => Object.hasOwn(provider.applicationConfiguration, id));
        const staleTenant = tenantId !== undefined && Object.hasOwn(provider.tenantConfiguration, tenantId);
        if (staleApplications.length === 0 && !staleTenant) continue;
        const applicationConfiguration = { ...provider.applicationConfiguration };
        for (const id of staleApplications) delete applicationConfiguration[id];
        const tenantConfiguration = { ...provider.tenantConfiguration };
        if (staleTenant) delete tenantConfiguration[tenantId];
        await db.updateTable('identity_providers').set({ doc: toDoc({ ...provider, applicationConfiguration, tenantConfiguration }) }).where('id', '=', provider.id).execute();
      }
    },
    async domainClaims(domains, exceptId, tenantId) {
      if (domains.length === 0) return [];
      let query = db.selectFrom('identity_provider_domains').select(['domain', 'identity_provider_id'])
        .where('domain', 'in', [...domains])
        .where('identity_provider_id', '!=', exceptId);
      if (tenantId !== undefined) query = query.where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]));
      const rows = await query.orderBy('domain').execute();
      return rows.map((r) => ({ domain: r.domain, identityProviderId: r.identity_provider_id }));
    },
    async findByDomain(domain, tenantId) {
      let query = db.selectFrom('identity_provider_domains as d')
        .innerJoin('identity_providers as p', 'p.id', 'd.identity_provider_id')
        .select('p.doc')
        .where('d.domain', '=', domain);
      if (tenantId !== undefined) query = query.where((eb) => eb.or([eb('d.tenant_id', 'is', null), eb('d.tenant_id', '=', tenantId)]));
      return parse(await query.orderBy('p.name').execute());
    },
  };
}
