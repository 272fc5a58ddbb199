/**
 * Application rows. The whole Application object (its roles included: roles are always read and written
 * with their application) lives in `doc`; id, tenant, name and the active flag have columns because they
 * are looked up, filtered and sorted on.
 */
import { sql } from 'kysely';
import { scopedTo, type Database } from '../../db/database.js';
import { flag, fromDoc, parsedDocuments, toDoc } from '../../db/documents.js';
import { containsPattern, matchesAll } from '../../db/like.js';
import { prepared } from '../../db/prepared.js';
import type { Application, ApplicationRole } from './model.js';
import type { SortOrder } from './search-support.js';

export type StoredApplication = Application & {
  id: string;
  tenantId: string;
  name: string;
  active: boolean;
  roles: ApplicationRole[];
  insertInstant: number;
  lastUpdateInstant: number;
};

/** A role together with the application that owns it (group roles, registrations). */
export interface OwnedRole {
  readonly applicationId: string;
  readonly tenantId: string;
  readonly role: ApplicationRole;
}

export const APPLICATION_ORDER_FIELDS = ['id', 'insertInstant', 'name', 'tenant'] as const;
export type ApplicationOrderField = (typeof APPLICATION_ORDER_FIELDS)[number];

export interface ApplicationSearch {
  readonly name?: string;
  readonly tenantId?: string;
  /** Only active (true) or only inactive (false) applications; both when absent. */
  readonly active?: boolean;
  readonly startRow: number;
  readonly numberOfResults: number;
  readonly orderBy: readonly SortOrder<ApplicationOrderField>[];
}

export interface ApplicationStore {
  insert(application: StoredApplication): Promise<void>;
  update(application: StoredApplication): Promise<void>;
  find(id: string): Promise<StoredApplication | undefined>;
  /**
   * Reads the application, lets `change` compute its new state and writes it, all in one transaction
   * with the row locked, so concurrent role edits cannot overwrite each other. `change` may throw to
   * abort; returning undefined leaves the row as it was.
   */
  modify(id: string, change: (current: StoredApplication) => Promise<StoredApplication | undefined>): Promise<StoredApplication | undefined>;
  /** Active or inactive applications, optionally of one tenant, by name. */
  list(criteria: { active: boolean; tenantId?: string }): Promise<StoredApplication[]>;
  /** The application of the tenant with this name (case-insensitively), other than `exceptId`. */
  findByName(tenantId: string, name: string, exceptId?: string): Promise<StoredApplication | undefined>;
  search(criteria: ApplicationSearch): Promise<{ applications: StoredApplication[]; total: number }>;
  /** Roles with the given ids, wherever they live (optionally only in one tenant's applications). */
  findRoles(roleIds: readonly string[], tenantId?: string): Promise<OwnedRole[]>;
  /**
   * Hard delete: registrations go with it through ON DELETE CASCADE; references held in other objects'
   * documents are removed by `forgetRemoved` in the same transaction.
   */
  delete(id: string): Promise<boolean>;
}

/** What a hard delete removed: applications, and the tenant when a whole tenant went. */
export interface RemovedOwners {
  readonly tenantId?: string;
  readonly applicationIds: readonly string[];
}

/**
 * Removes references to deleted tenants and applications that other objects keep inside their documents
 * (identity providers' `applicationConfiguration` / `tenantConfiguration`), writing through `scoped`,
 * the delete's transaction.
 */
export type ReferenceCleaner = (scoped: Database, removed: RemovedOwners) => Promise<void>;

const lowerName = sql<string>`lower(${sql.ref('applications.name')})`;
const tenantName = sql<string>`(select t.name_lower from tenants t where t.id = ${sql.ref('applications.tenant_id')})`;

const orderExpression = (field: ApplicationOrderField) =>
  field === 'name' ? lowerName
    : field === 'tenant' ? tenantName
      : field === 'id' ? sql.ref('applications.id')
        : sql.ref('applications.insert_instant');

// Every login and token refresh reads its application by id: compiled once.
const byId = prepared((db, p: { id: string }) => db.selectFrom('applications').select('doc').where('id', '=', p.id));
// …and parses the same configuration again and again: `find` reuses the parsed (frozen) application while its text is unchanged.
const parsedApplication = parsedDocuments<StoredApplication>();

export function createApplicationStore(database: Database, forgetRemoved: ReferenceCleaner): ApplicationStore {
  const { db } = database;
  const values = (a: StoredApplication) => ({
    tenant_id: a.tenantId,
    name: a.name,
    active: flag(a.active),
    doc: toDoc(a),
    last_update_instant: a.lastUpdateInstant,
  });
  const parse = (rows: { doc: string }[]): StoredApplication[] => rows.map((r) => fromDoc<StoredApplication>(r.doc));

  return {
    async insert(a) {
      await db.insertInto('applications').values({ id: a.id, insert_instant: a.insertInstant, ...values(a) }).execute();
    },
    async update(a) {
      await db.updateTable('applications').set(values(a)).where('id', '=', a.id).execute();
    },
    async find(id) {
      const row = await byId.first(db, { id });
      return row && parsedApplication(id, row.doc);
    },
    async modify(id, change) {
      return database.transaction(async (tx) => {
        let query = tx.selectFrom('applications').select('doc').where('id', '=', id);
        // SQLite has no row locks (and no FOR UPDATE); its writers are serialized already.
        if (database.dialect === 'postgres') query = query.forUpdate();
        const row = await query.executeTakeFirst();
        if (row === undefined) return undefined;
        const next = await change(fromDoc<StoredApplication>(row.doc));
        if (next === undefined) return undefined;
        await tx.updateTable('applications').set(values(next)).where('id', '=', id).execute();
        return next;
      });
    },
    async list({ active, tenantId }) {
      let query = db.selectFrom('applications').select('doc').where('active', '=', flag(active));
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      return parse(await query.orderBy(lowerName).orderBy('id').execute());
    },
    async findByName(tenantId, name, exceptId) {
      let query = db.selectFrom('applications').select('doc')
        .where('tenant_id', '=', tenantId)
        .where(lowerName, '=', name.toLowerCase());
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
      const row = await query.orderBy('active', 'desc').executeTakeFirst();
      return row && fromDoc<StoredApplication>(row.doc);
    },
    async search({ name, tenantId, active, startRow, numberOfResults, orderBy }) {
      let query = db.selectFrom('applications');
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      if (active !== undefined) query = query.where('active', '=', flag(active));
      if (!matchesAll(name)) query = query.where(sql<boolean>`${lowerName} like ${containsPattern(name!)} escape '\\'`);
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let page = query.select('doc');
      const order = orderBy.length > 0 ? orderBy : [{ field: 'name' as const, descending: false }];
      for (const { field, descending } of order) page = page.orderBy(orderExpression(field), descending ? 'desc' : 'asc');
      const rows = await page.orderBy('applications.id').limit(numberOfResults).offset(startRow).execute();
      return { applications: parse(rows), total: Number(total.n) };
    },
    async findRoles(roleIds, tenantId) {
      if (roleIds.length === 0) return [];
      const wanted = new Set(roleIds);
      let query = db.selectFrom('applications').select('doc');
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      // Roles live in the doc; a textual pre-filter on the (UUID) ids keeps this from reading every application.
      if (wanted.size <= 100) {
        query = query.where((eb) => eb.or([...wanted].map((roleId) => eb('doc', 'like', `%"${roleId.replace(/[^0-9a-f-]/gi, '')}"%`))));
      }
      const owned: OwnedRole[] = [];
      for (const application of parse(await query.orderBy(lowerName).orderBy('id').execute())) {
        for (const role of application.roles ?? []) {
          if (role.id !== undefined && wanted.has(role.id)) {
            owned.push({ applicationId: application.id, tenantId: application.tenantId, role });
          }
        }
      }
      return owned;
    },
    async delete(id) {
      return database.transaction(async (tx) => {
        const result = await tx.deleteFrom('applications').where('id', '=', id).executeTakeFirst();
        const deleted = Number(result.numDeletedRows) > 0;
        if (deleted) await forgetRemoved(scopedTo(database, tx), { applicationIds: [id] });
        return deleted;
      });
    },
  };
}
