/**
 * The user search's queries: one page of user ids for a compiled condition and order, and how many
 * users match (counted up to a cap when an exact figure is not needed, so a broad search stops
 * counting early). The users themselves are then read through the Users API's store.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { SearchPlan } from './plan.js';

export interface UserSearchStore {
  /** Ids of the matching users (in `tenantId` when given) in the plan's order, `limit` of them from `offset`. */
  page(plan: SearchPlan, tenantId: string | undefined, offset: number, limit: number): Promise<string[]>;
  /** How many users match, or `cap` when at least that many do. */
  count(plan: SearchPlan, tenantId: string | undefined, cap?: number): Promise<number>;
}

export function createUserSearchStore(db: Db): UserSearchStore {
  const matching = ({ where, tenantColumn }: SearchPlan, tenantId: string | undefined) => {
    const query = db.selectFrom('users').where(where);
    return tenantId === undefined ? query : query.where(sql<SqlBool>`${tenantColumn} = ${tenantId}`);
  };
  return {
    async page(plan, tenantId, offset, limit) {
      if (limit <= 0) return [];
      let query = matching(plan, tenantId).select('id');
      for (const term of plan.orderBy) query = query.orderBy(term);
      const rows = await query.limit(limit).offset(offset).execute();
      return rows.map((row) => row.id);
    },
    async count(plan, tenantId, cap) {
      if (plan.unionOf !== undefined) {
        // SQLite only (plan.ts): distinct rowids of one covering-index scan per condition.
        const tenant = tenantId === undefined ? sql`` : sql` and ${plan.tenantColumn} = ${tenantId}`;
        const scans = plan.unionOf.map((condition) => sql`select rowid from users where ${condition}${tenant}`);
        const limit = cap === undefined ? sql`` : sql` limit ${cap}`;
        const result = await sql<{ total: number | string }>`select count(*) as total from (${sql.join(scans, sql` union `)}${limit}) as matched`.execute(db);
        return Number(result.rows[0]!.total);
      }
      const matched = cap === undefined ? matching(plan, tenantId).select('id') : matching(plan, tenantId).select('id').limit(cap);
      const row = await db.selectFrom(matched.as('matched')).select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
      return Number(row.total);
    },
  };
}
