/**
 * Event Log rows. The id is the database's sequence (migration 8); searches filter on the instant
 * range, the type and a case-insensitive message pattern, and page with a total.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { EventLogTable } from '../../db/schema.js';
import type { EventLog, EventLogType, NewEventLog } from './model.js';

export interface EventLogFilter {
  readonly type?: EventLogType;
  /** A LIKE pattern over the lower-cased message (see service.ts for how FusionAuth's `*` maps). */
  readonly messagePattern?: string;
  /** Inclusive epoch-ms bounds. */
  readonly start?: number;
  readonly end?: number;
}

export type EventLogOrderColumn = 'insert_instant' | 'message' | 'type';

export interface EventLogOrder {
  readonly column: EventLogOrderColumn;
  readonly direction: 'asc' | 'desc';
}

export interface EventLogStore {
  insert(entry: NewEventLog, now: number): Promise<EventLog>;
  find(id: number): Promise<EventLog | undefined>;
  search(filter: EventLogFilter, order: EventLogOrder, startRow: number, numberOfResults: number): Promise<EventLog[]>;
  count(filter: EventLogFilter): Promise<number>;
  /** Deletes all but the newest `keep` entries (by id). */
  trim(keep: number): Promise<void>;
}

type Row = Pick<EventLogTable, 'type' | 'message' | 'insert_instant'> & { id: number | string };

const fromRow = (row: Row): EventLog => ({
  id: Number(row.id),
  insertInstant: Number(row.insert_instant),
  message: row.message,
  type: row.type as EventLogType,
});

export function createEventLogStore({ db }: Database): EventLogStore {
  const filtered = (filter: EventLogFilter) => {
    let query = db.selectFrom('event_logs');
    if (filter.type !== undefined) query = query.where('type', '=', filter.type);
    if (filter.start !== undefined) query = query.where('insert_instant', '>=', filter.start);
    if (filter.end !== undefined) query = query.where('insert_instant', '<=', filter.end);
    const pattern = filter.messagePattern;
    if (pattern !== undefined) query = query.where(sql<boolean>`lower(${sql.ref('message')}) like ${pattern} escape '\\'`);
    return query;
  };

  return {
    async insert(entry, now) {
      const row = await db.insertInto('event_logs')
        .values({ type: entry.type, message: entry.message, insert_instant: now })
        .returning(['id', 'type', 'message', 'insert_instant'])
        .executeTakeFirstOrThrow();
      return fromRow(row);
    },
    async find(id) {
      const row = await db.selectFrom('event_logs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
    async search(filter, order, startRow, numberOfResults) {
      const rows = await filtered(filter).selectAll()
        .orderBy(order.column, order.direction)
        .orderBy('id', order.direction)
        .limit(numberOfResults).offset(startRow)
        .execute();
      return rows.map(fromRow);
    },
    async count(filter) {
      const row = await filtered(filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async trim(keep) {
      const newest = await db.selectFrom('event_logs').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      if (newest?.id == null) return;
      await db.deleteFrom('event_logs').where('id', '<=', Number(newest.id) - keep).execute();
    },
  };
}
