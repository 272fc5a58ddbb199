/**
 * User rows. The User object lives in `doc`; login ids, names, the active flag, the instants and the
 * password have columns, plus the lower-cased copies the user search matches and sorts on. The password columns never enter `doc`, and the `active`, instant and
 * last-login columns are authoritative (deactivation and logins update only them), so they are folded
 * back into the object on every read. Uniqueness of email and username per tenant is enforced by the
 * constraints `users_tenant_email` / `users_tenant_username` on the lower-cased columns.
 */
import type { Db } from '../../db/database.js';
import { flag, fromDoc, toDoc } from '../../db/documents.js';
import { prepared } from '../../db/prepared.js';
import type { StoredPassword } from '../../crypto/password/index.js';
import type { LoginIdType, User } from './model.js';

/** A user as stored: the object (without password fields, registrations or memberships) and its password. */
export interface StoredUser {
  readonly user: UserDoc;
  readonly password?: StoredPassword;
}

export type UserDoc = Omit<User, 'password' | 'salt' | 'factor' | 'encryptionScheme' | 'registrations' | 'memberships'> & {
  id: string;
  tenantId: string;
  active: boolean;
  insertInstant: number;
  lastUpdateInstant: number;
};

export interface LoginIdConflicts {
  readonly email: boolean;
  readonly username: boolean;
}

export interface UserStore {
  insert(stored: StoredUser): Promise<void>;
  /** Rewrites the object and the password columns (not the last-login instant). */
  update(stored: StoredUser): Promise<void>;
  find(id: string): Promise<StoredUser | undefined>;
  /** The users among `ids` that exist, in no particular order. */
  findMany(ids: readonly string[]): Promise<StoredUser[]>;
  findByLoginId(tenantId: string, loginId: string, types: readonly LoginIdType[]): Promise<StoredUser | undefined>;
  /** Which of the given login ids another user of the tenant (not `exceptId`) already holds. */
  conflicts(tenantId: string, emailLower: string | undefined, usernameLower: string | undefined, exceptId?: string): Promise<LoginIdConflicts>;
  /** Of `ids`, those that exist (in `tenantId` when given), oldest first. */
  existing(ids: readonly string[], tenantId?: string): Promise<string[]>;
  setActive(ids: readonly string[], active: boolean, now: number): Promise<number>;
  /** Hard delete; registrations and memberships go with the rows (ON DELETE CASCADE). */
  delete(ids: readonly string[]): Promise<number>;
}

const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

type Row = {
  doc: string;
  active: number;
  insert_instant: number;
  last_update_instant: number;
  last_login_instant: number | null;
  password_hash: string | null;
  password_salt: string | null;
  password_scheme: string | null;
  password_factor: number | null;
};
const rowColumns = [
  'doc', 'active', 'insert_instant', 'last_update_instant', 'last_login_instant',
  'password_hash', 'password_salt', 'password_scheme', 'password_factor',
] as const;

// The lookups every login, token refresh and user retrieval makes: compiled once (db/prepared.ts).
const byId = prepared((db, p: { id: string }) => db.selectFrom('users').select(rowColumns).where('id', '=', p.id));
const byEmail = prepared((db, p: { tenantId: string; value: string }) =>
  db.selectFrom('users').select(rowColumns).where('tenant_id', '=', p.tenantId).where('email_lower', '=', p.value));
const byUsername = prepared((db, p: { tenantId: string; value: string }) =>
  db.selectFrom('users').select(rowColumns).where('tenant_id', '=', p.tenantId).where('username_lower', '=', p.value));

function fromRow(row: Row): StoredUser {
  const { lastLoginInstant: _login, ...doc } = fromDoc<UserDoc>(row.doc);
  const user: UserDoc = {
    ...doc,
    active: row.active === 1,
    insertInstant: Number(row.insert_instant),
    lastUpdateInstant: Number(row.last_update_instant),
    ...(row.last_login_instant !== null ? { lastLoginInstant: Number(row.last_login_instant) } : {}),
  };
  const hasPassword = row.password_hash !== null && row.password_salt !== null && row.password_scheme !== null;
  return hasPassword
    ? { user, password: { hash: row.password_hash!, salt: row.password_salt!, scheme: row.password_scheme!, factor: Number(row.password_factor ?? 0) } }
    : { user };
}

const lower = (value: string | undefined): string | null => (value === undefined ? null : value.toLowerCase());

function columns({ user, password }: StoredUser) {
  const { active: _a, lastLoginInstant: _l, ...doc } = user;
  return {
    tenant_id: user.tenantId,
    email: user.email ?? null,
    email_lower: lower(user.email),
    username: user.username ?? null,
    username_lower: lower(user.username),
    first_name: user.firstName ?? null,
    last_name: user.lastName ?? null,
    full_name: user.fullName ?? null,
    // What the user search matches and sorts on (src/api/user-search, migration 4).
    first_name_lower: lower(user.firstName),
    last_name_lower: lower(user.lastName),
    full_name_lower: lower(user.fullName),
    phone_number: lower(user.phoneNumber),
    birth_date: user.birthDate ?? null,
    active: flag(user.active),
    doc: toDoc(doc),
    password_hash: password?.hash ?? null,
    password_salt: password?.salt ?? null,
    password_scheme: password?.scheme ?? null,
    password_factor: password?.factor ?? null,
    last_update_instant: user.lastUpdateInstant,
  };
}

/**
 * The complete users row for `stored`, exactly what `insert` writes. Exported for the bulk Import Users
 * API (src/api/user-import), which writes the same rows many per statement.
 */
export function userRow(stored: StoredUser) {
  return {
    id: stored.user.id,
    insert_instant: stored.user.insertInstant,
    last_login_instant: stored.user.lastLoginInstant ?? null,
    ...columns(stored),
  };
}

/** Works on the shared handle or inside a transaction (`Transaction` is a `Kysely`). */
export function createUserStore(db: Db): UserStore {
  const select = () => db.selectFrom('users').select(rowColumns);
  return {
    async insert(stored) {
      await db.insertInto('users').values(userRow(stored)).execute();
    },
    async update(stored) {
      await db.updateTable('users').set(columns(stored)).where('id', '=', stored.user.id).execute();
    },
    async find(id) {
      const row = await byId.first(db, { id });
      return row && fromRow(row);
    },
    async findMany(ids) {
      const found: StoredUser[] = [];
      for (const chunk of chunks([...new Set(ids)])) found.push(...(await select().where('id', 'in', chunk).execute()).map(fromRow));
      return found;
    },
    async findByLoginId(tenantId, loginId, types) {
      // FusionAuth resolves a login id as an email first, then as a username.
      const value = loginId.toLowerCase();
      for (const type of (['email', 'username'] as const).filter((t) => types.includes(t))) {
        const row = await (type === 'email' ? byEmail : byUsername).first(db, { tenantId, value });
        if (row) return fromRow(row);
      }
      return undefined;
    },
    async conflicts(tenantId, emailLower, usernameLower, exceptId) {
      const holds = async (column: 'email_lower' | 'username_lower', value: string | undefined): Promise<boolean> => {
        if (value === undefined) return false;
        let query = db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where(column, '=', value);
        if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
        return (await query.executeTakeFirst()) !== undefined;
      };
      return { email: await holds('email_lower', emailLower), username: await holds('username_lower', usernameLower) };
    },
    async existing(ids, tenantId) {
      const found: { id: string; insert_instant: number }[] = [];
      for (const chunk of chunks([...new Set(ids)])) {
        let query = db.selectFrom('users').select(['id', 'insert_instant']).where('id', 'in', chunk);
        if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
        found.push(...(await query.execute()));
      }
      return found.sort((a, b) => Number(a.insert_instant) - Number(b.insert_instant) || a.id.localeCompare(b.id)).map((r) => r.id);
    },
    async setActive(ids, active, now) {
      let changed = 0;
      for (const chunk of chunks(ids)) {
        const result = await db.updateTable('users').set({ active: flag(active), last_update_instant: now }).where('id', 'in', chunk).executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
      return changed;
    },
    async delete(ids) {
      let deleted = 0;
      for (const chunk of chunks(ids)) {
        const result = await db.deleteFrom('users').where('id', 'in', chunk).executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },
  };
}
