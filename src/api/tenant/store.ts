/** Tenant rows. A tenant's whole configuration lives in `doc`; its name is unique case-insensitively. */
import { sql } from 'kysely';
import type { TenantDirectory } from '../../core/tenant-context.js';
import { scopedTo, type Database } from '../../db/database.js';
import type { ReferenceCleaner } from '../application/store.js';
import { fromDoc, parsedDocuments, toDoc } from '../../db/documents.js';
import { lowerContains, matchesAll } from '../../db/like.js';
import { prepared } from '../../db/prepared.js';
import type { Tenant } from './model.js';

export type StoredTenant = Tenant & { id: string; name: string; insertInstant: number; lastUpdateInstant: number };

/** The fields Search for Tenants may order by (docs: `search.orderBy`). */
export const TENANT_ORDER_FIELDS = ['id', 'insertInstant', 'name'] as const;
export type TenantOrderField = (typeof TENANT_ORDER_FIELDS)[number];

export interface TenantSearch {
  readonly name?: string;
  readonly startRow: number;
  readonly numberOfResults: number;
  /** Empty: FusionAuth's default, `name ASC`. */
  readonly orderBy?: readonly { readonly field: TenantOrderField; readonly descending: boolean }[];
}

export interface TenantStore extends TenantDirectory {
  insert(tenant: StoredTenant): Promise<void>;
  update(tenant: StoredTenant): Promise<void>;
  find(id: string): Promise<StoredTenant | undefined>;
  findByName(name: string): Promise<StoredTenant | undefined>;
  /**
   * FusionAuth's "Default" tenant: the one created on first start, before any other, and never
   * deletable — so the oldest tenant is it, whatever it has since been renamed to.
   */
  findDefault(): Promise<StoredTenant | undefined>;
  list(): Promise<StoredTenant[]>;
  search(criteria: TenantSearch): Promise<{ tenants: StoredTenant[]; total: number }>;
  /**
   * Deletes the tenant and, through ON DELETE CASCADE, everything it owns; references to it and its
   * applications held inside other objects' documents go in the same transaction (`forgetRemoved`).
   */
  delete(id: string): Promise<boolean>;
}

const ORDER_COLUMNS: Record<TenantOrderField, ReturnType<typeof sql.ref>> = {
  id: sql.ref('id'),
  insertInstant: sql.ref('insert_instant'),
  name: sql.ref('name_lower'),
};

// Every login, token refresh and tenant-scoped request reads a tenant by id: compiled once.
const byId = prepared((db, p: { id: string }) => db.selectFrom('tenants').select('doc').where('id', '=', p.id));
// …and parses the same configuration again and again: `find` reuses the parsed (frozen) tenant while its text is unchanged.
const parsedTenant = parsedDocuments<StoredTenant>();

/**
 * `forgetRemoved` is needed only by stores that delete tenants (the server's); start-up and test
 * fixtures that only insert pass none.
 */
export function createTenantStore(database: Database, forgetRemoved?: ReferenceCleaner): TenantStore {
  const { db } = database;
  const values = (t: StoredTenant) => ({
    name: t.name,
    name_lower: t.name.toLowerCase(),
    doc: toDoc(t),
    last_update_instant: t.lastUpdateInstant,
  });
  const byName = () => db.selectFrom('tenants').select('doc').orderBy('name_lower').orderBy('id');
  return {
    async insert(t) {
      await db.insertInto('tenants').values({ id: t.id, insert_instant: t.insertInstant, ...values(t) }).execute();
    },
    async update(t) {
      await db.updateTable('tenants').set(values(t)).where('id', '=', t.id).execute();
    },
    async find(id) {
      const row = await byId.first(db, { id });
      return row && parsedTenant(id, row.doc);
    },
    async findByName(name) {
      const row = await db.selectFrom('tenants').select('doc').where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
      return row && fromDoc<StoredTenant>(row.doc);
    },
    async findDefault() {
      const row = await db.selectFrom('tenants').select('doc').orderBy('insert_instant').orderBy('id').limit(1).executeTakeFirst();
      return row && fromDoc<StoredTenant>(row.doc);
    },
    async list() {
      return (await byName().execute()).map((r) => fromDoc<StoredTenant>(r.doc));
    },
    async search({ name, startRow, numberOfResults, orderBy = [] }) {
      let query = db.selectFrom('tenants');
      if (!matchesAll(name)) query = query.where(lowerContains('name_lower', name!));
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let page = query.select('doc');
      const order = orderBy.length > 0 ? orderBy : [{ field: 'name' as const, descending: false }];
      for (const { field, descending } of order) page = page.orderBy(ORDER_COLUMNS[field], descending ? 'desc' : 'asc');
      const rows = await page.orderBy('id').limit(numberOfResults).offset(startRow).execute();
      return { tenants: rows.map((r) => fromDoc<StoredTenant>(r.doc)), total: Number(total.n) };
    },
    async delete(id) {
      return database.transaction(async (tx) => {
        const applications = await tx.selectFrom('applications').select('id').where('tenant_id', '=', id).execute();
        const result = await tx.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
        const deleted = Number(result.numDeletedRows) > 0;
        if (deleted) await forgetRemoved?.(scopedTo(database, tx), { tenantId: id, applicationIds: applications.map((a) => a.id) });
        return deleted;
      });
    },
    async exists(id) {
      return (await db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async soleTenantId() {
      const rows = await db.selectFrom('tenants').select('id').limit(2).execute();
      return rows.length === 1 ? rows[0]!.id : undefined;
    },
  };
}
