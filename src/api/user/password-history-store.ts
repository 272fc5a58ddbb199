/**
 * `password_history` rows: the passwords a user had before the current one, stored as the users table
 * stores a password (hash, salt, scheme, factor). Read newest first; trimmed to the newest N.
 */
import type { StoredPassword } from '../../crypto/password/index.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../../db/database.js';

export interface PasswordHistoryStore {
  /** The user's earlier passwords, newest first, at most `limit`. */
  recent(userId: string, limit: number): Promise<StoredPassword[]>;
  /** Appends `password` as the user's newest earlier password, then keeps only the newest `keep` rows. */
  append(tenantId: string, userId: string, password: StoredPassword, now: number, keep: number): Promise<void>;
  /** Keeps only the user's newest `keep` rows. */
  trim(userId: string, keep: number): Promise<void>;
}

export function createPasswordHistoryStore(db: Db): PasswordHistoryStore {
  const newestFirst = (userId: string) =>
    db.selectFrom('password_history').where('user_id', '=', userId).orderBy('insert_instant', 'desc');

  async function trim(userId: string, keep: number): Promise<void> {
    const rows = await newestFirst(userId).select('id').execute();
    const stale = rows.slice(Math.max(keep, 0)).map((r) => r.id);
    if (stale.length > 0) await db.deleteFrom('password_history').where('id', 'in', stale).execute();
  }

  return {
    async recent(userId, limit) {
      if (limit <= 0) return [];
      const rows = await newestFirst(userId)
        .select(['password_hash', 'password_salt', 'password_scheme', 'password_factor'])
        .limit(limit)
        .execute();
      return rows.map((r) => ({ hash: r.password_hash, salt: r.password_salt, scheme: r.password_scheme, factor: Number(r.password_factor) }));
    },

    async append(tenantId, userId, password, now, keep) {
      // Order is by instant alone: a row is always strictly newer than the user's newest one, even
      // when two changes land in the same millisecond.
      const newest = await newestFirst(userId).select('insert_instant').limit(1).executeTakeFirst();
      const instant = newest === undefined ? now : Math.max(now, Number(newest.insert_instant) + 1);
      await db.insertInto('password_history').values({
        id: newId(),
        tenant_id: tenantId,
        user_id: userId,
        password_hash: password.hash,
        password_salt: password.salt,
        password_scheme: password.scheme,
        password_factor: password.factor,
        insert_instant: instant,
      }).execute();
      await trim(userId, keep);
    },

    trim,
  };
}
