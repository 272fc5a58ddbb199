/**
 * Login record queries: search (instant range, user, application; oldest first as seed 002's example
 * lists them), recent logins (newest first, seed 001), and the rows of an export, read in pages so an
 * export of millions of records never sits in memory at once.
 */
import type { Database } from '../../db/database.js';
import type { LoginRecordTable } from '../../db/schema.js';
import type { DisplayableRawLogin } from './model.js';

export interface LoginRecordFilter {
  readonly userId?: string;
  readonly applicationId?: string;
  /** Inclusive epoch ms bounds. */
  readonly start?: number;
  readonly end?: number;
  /** Only this tenant's records (a tenant-scoped request). */
  readonly tenantId?: string;
}

export interface LoginRecordStore {
  search(filter: LoginRecordFilter, startRow: number, numberOfResults: number): Promise<DisplayableRawLogin[]>;
  count(filter: LoginRecordFilter): Promise<number>;
  recent(filter: LoginRecordFilter, offset: number, limit: number): Promise<DisplayableRawLogin[]>;
  /** Every matching record, oldest first, `pageSize` rows per query. */
  each(filter: LoginRecordFilter, pageSize: number): AsyncGenerator<DisplayableRawLogin>;
}

type Row = Pick<LoginRecordTable, 'user_id' | 'application_id' | 'application_name' | 'login_id' | 'ip_address' | 'instant'>;

function fromRow(row: Row): DisplayableRawLogin {
  return {
    ...(row.application_id !== null ? { applicationId: row.application_id } : {}),
    ...(row.application_name !== null ? { applicationName: row.application_name } : {}),
    instant: Number(row.instant),
    ...(row.ip_address !== null ? { ipAddress: row.ip_address } : {}),
    ...(row.login_id !== null ? { loginId: row.login_id } : {}),
    userId: row.user_id,
  };
}

export function createLoginRecordStore({ db }: Database): LoginRecordStore {
  const filtered = (filter: LoginRecordFilter) => {
    let query = db.selectFrom('login_records');
    if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
    if (filter.applicationId !== undefined) query = query.where('application_id', '=', filter.applicationId);
    if (filter.start !== undefined) query = query.where('instant', '>=', filter.start);
    if (filter.end !== undefined) query = query.where('instant', '<=', filter.end);
    if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
    return query;
  };
  const columns = ['user_id', 'application_id', 'application_name', 'login_id', 'ip_address', 'instant'] as const;

  return {
    async search(filter, startRow, numberOfResults) {
      const rows = await filtered(filter).select(columns).orderBy('instant').orderBy('id').limit(numberOfResults).offset(startRow).execute();
      return rows.map(fromRow);
    },
    async count(filter) {
      const row = await filtered(filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async recent(filter, offset, limit) {
      const rows = await filtered(filter).select(columns).orderBy('instant', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(fromRow);
    },
    async *each(filter, pageSize) {
      // Keyset paging on (instant, id): stable under concurrent inserts, no growing OFFSET.
      let after: { instant: number; id: string } | undefined;
      for (;;) {
        let query = filtered(filter).select([...columns, 'id']);
        if (after !== undefined) {
          const { instant, id } = after;
          query = query.where((eb) => eb.or([eb('instant', '>', instant), eb.and([eb('instant', '=', instant), eb('id', '>', id)])]));
        }
        const rows = await query.orderBy('instant').orderBy('id').limit(pageSize).execute();
        for (const row of rows) yield fromRow(row);
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        after = { instant: Number(last.instant), id: last.id };
      }
    },
  };
}
