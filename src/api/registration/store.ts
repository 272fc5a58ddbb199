/**
 * Registration rows: one per (user, application), unique by constraint `registrations_user_application`.
 * The whole UserRegistration lives in `doc`; user, application, tenant and instants have columns because
 * they are looked up and sorted on. The row's `last_login_instant` column is authoritative (logins update
 * only that column), so it is folded back into the object on every read.
 *
 * An authentication token is a password for one application, so only its SHA-256 is kept (inside `doc`,
 * under a key no read returns): a database dump does not hand it out.
 */
import type { Database } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { prepared } from '../../db/prepared.js';
import type { StoredRegistration } from './model.js';

export interface RegistrationStore {
  /** The user's registrations, oldest first (FusionAuth lists them in insertion order). */
  listForUser(userId: string): Promise<StoredRegistration[]>;
  /** Registrations of several users at once (for user search results), keyed by user id. */
  listForUsers(userIds: readonly string[]): Promise<Map<string, StoredRegistration[]>>;
  find(userId: string, applicationId: string): Promise<StoredRegistration | undefined>;
  /** True when a registration with this id exists (any user). */
  idExists(id: string): Promise<boolean>;
  insert(tenantId: string, userId: string, registration: StoredRegistration, authenticationTokenHash?: string): Promise<void>;
  /** Replaces the registration; the token hash is replaced too (pass the old one to keep it). */
  update(userId: string, registration: StoredRegistration, authenticationTokenHash?: string): Promise<void>;
  delete(userId: string, applicationId: string): Promise<boolean>;
  /** The SHA-256 (hex) of the registration's authentication token, when it has one. */
  authenticationTokenHash(userId: string, applicationId: string): Promise<string | undefined>;
  /** The tenant of a user, or undefined when no such user exists. */
  userTenantId(userId: string): Promise<string | undefined>;
}

/** What `doc` holds: the registration (without lastLoginInstant, which has its column) and the token hash. */
type Doc = StoredRegistration & { authenticationTokenHash?: string };
type Row = { doc: string; last_login_instant: number | null };

// Every login, token refresh and user retrieval lists the user's registrations: compiled once.
const ofUser = prepared((db, p: { userId: string }) => db.selectFrom('registrations').select(['user_id', 'doc', 'last_login_instant'])
  .where('user_id', '=', p.userId).orderBy('insert_instant').orderBy('id'));

function fromRow(row: Row): StoredRegistration {
  const { authenticationTokenHash: _hash, lastLoginInstant: _login, authenticationToken: _token, ...registration } = fromDoc<Doc>(row.doc);
  return row.last_login_instant === null ? registration : { ...registration, lastLoginInstant: row.last_login_instant };
}

function docOf(registration: StoredRegistration, authenticationTokenHash: string | undefined): string {
  const { lastLoginInstant: _login, authenticationToken: _token, ...rest } = registration;
  return toDoc(authenticationTokenHash === undefined ? rest : { ...rest, authenticationTokenHash });
}

/** The complete registrations row, exactly what `insert` writes (the Import Users API writes many per statement). */
export function registrationRow(tenantId: string, userId: string, registration: StoredRegistration, authenticationTokenHash?: string) {
  return {
    id: registration.id,
    tenant_id: tenantId,
    user_id: userId,
    application_id: registration.applicationId,
    doc: docOf(registration, authenticationTokenHash),
    insert_instant: registration.insertInstant,
    last_update_instant: registration.lastUpdateInstant,
    last_login_instant: registration.lastLoginInstant ?? null,
  };
}

export function createRegistrationStore({ db }: Database): RegistrationStore {
  const selectRows = () => db.selectFrom('registrations').select(['user_id', 'doc', 'last_login_instant']);
  return {
    async listForUser(userId) {
      const rows = await ofUser.all(db, { userId });
      return rows.map(fromRow);
    },
    async listForUsers(userIds) {
      const byUser = new Map<string, StoredRegistration[]>();
      if (userIds.length === 0) return byUser;
      const rows = await selectRows().where('user_id', 'in', [...userIds]).orderBy('insert_instant').orderBy('id').execute();
      for (const row of rows) {
        const list = byUser.get(row.user_id) ?? [];
        list.push(fromRow(row));
        byUser.set(row.user_id, list);
      }
      return byUser;
    },
    async find(userId, applicationId) {
      const row = await selectRows().where('user_id', '=', userId).where('application_id', '=', applicationId).executeTakeFirst();
      return row && fromRow(row);
    },
    async idExists(id) {
      return (await db.selectFrom('registrations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async insert(tenantId, userId, registration, authenticationTokenHash) {
      await db.insertInto('registrations').values(registrationRow(tenantId, userId, registration, authenticationTokenHash)).execute();
    },
    async update(userId, registration, authenticationTokenHash) {
      await db.updateTable('registrations')
        .set({ doc: docOf(registration, authenticationTokenHash), last_update_instant: registration.lastUpdateInstant })
        .where('user_id', '=', userId)
        .where('application_id', '=', registration.applicationId)
        .execute();
    },
    async delete(userId, applicationId) {
      const result = await db.deleteFrom('registrations')
        .where('user_id', '=', userId).where('application_id', '=', applicationId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async authenticationTokenHash(userId, applicationId) {
      const row = await db.selectFrom('registrations').select('doc')
        .where('user_id', '=', userId).where('application_id', '=', applicationId).executeTakeFirst();
      return row && fromDoc<Doc>(row.doc).authenticationTokenHash;
    },
    async userTenantId(userId) {
      const row = await db.selectFrom('users').select('tenant_id').where('id', '=', userId).executeTakeFirst();
      return row?.tenant_id;
    },
  };
}
