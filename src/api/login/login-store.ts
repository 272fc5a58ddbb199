/**
 * The login's writes: the `last_login_instant` columns of the user and the registration (both stores
 * document these columns as written by logins only), the login record, and the password columns when
 * the tenant re-hashes on login. A completed login's three writes run in one transaction.
 */
import type { StoredPassword } from '../../crypto/password/index.js';
import type { Database, Tx } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { prepared } from '../../db/prepared.js';
import { newId } from '../../core/ids.js';
import type { ChangePasswordReason } from './model.js';

export interface CompletedLogin {
  readonly tenantId: string;
  readonly userId: string;
  /** The application logged into, if any (recorded even when the user is not registered to it). */
  readonly applicationId?: string;
  readonly applicationName?: string;
  /** Whether the user is registered to the application: only then has the registration a login instant. */
  readonly registered: boolean;
  readonly loginId?: string;
  readonly ipAddress?: string;
  readonly instant: number;
}

export interface LoginStore {
  recordLogin(login: CompletedLogin): Promise<void>;
  updatePassword(userId: string, password: StoredPassword): Promise<void>;
  /** Sets `passwordChangeRequired` and its reason on the stored user (FusionAuth persists them on login). */
  requirePasswordChange(userId: string, reason: ChangePasswordReason): Promise<void>;
}

// The writes of every login: compiled once (db/prepared.ts).
const userLoggedIn = prepared((db, p: { userId: string; instant: number }) =>
  db.updateTable('users').set({ last_login_instant: p.instant }).where('id', '=', p.userId));
const registrationLoggedIn = prepared((db, p: { userId: string; applicationId: string; instant: number }) =>
  db.updateTable('registrations').set({ last_login_instant: p.instant }).where('user_id', '=', p.userId).where('application_id', '=', p.applicationId));
type LoginRecordRow = { id: string; tenant_id: string; user_id: string; application_id: string | null; application_name: string | null; login_id: string | null; ip_address: string | null; instant: number };
const insertLoginRecord = prepared((db, p: LoginRecordRow) => db.insertInto('login_records').values({
  id: p.id, tenant_id: p.tenant_id, user_id: p.user_id, application_id: p.application_id, application_name: p.application_name,
  login_id: p.login_id, ip_address: p.ip_address, instant: p.instant,
}));

async function insertRecord(tx: Tx, login: CompletedLogin): Promise<void> {
  await insertLoginRecord.run(tx, {
    id: newId(),
    tenant_id: login.tenantId,
    user_id: login.userId,
    application_id: login.applicationId ?? null,
    application_name: login.applicationName ?? null,
    login_id: login.loginId ?? null,
    ip_address: login.ipAddress ?? null,
    instant: login.instant,
  });
}

export function createLoginStore(database: Database): LoginStore {
  return {
    async recordLogin(login) {
      await database.transaction(async (tx) => {
        await userLoggedIn.run(tx, { userId: login.userId, instant: login.instant });
        if (login.registered && login.applicationId !== undefined) {
          await registrationLoggedIn.run(tx, { userId: login.userId, applicationId: login.applicationId, instant: login.instant });
        }
        await insertRecord(tx, login);
      });
    },

    async updatePassword(userId, password) {
      await database.db.updateTable('users').set({
        password_hash: password.hash,
        password_salt: password.salt,
        password_scheme: password.scheme,
        password_factor: password.factor,
      }).where('id', '=', userId).execute();
    },

    async requirePasswordChange(userId, reason) {
      await database.transaction(async (tx) => {
        const row = await tx.selectFrom('users').select('doc').where('id', '=', userId).executeTakeFirst();
        if (row === undefined) return;
        const doc = { ...fromDoc<Record<string, unknown>>(row.doc), passwordChangeRequired: true, passwordChangeReason: reason };
        await tx.updateTable('users').set({ doc: toDoc(doc) }).where('id', '=', userId).execute();
      });
    },
  };
}
