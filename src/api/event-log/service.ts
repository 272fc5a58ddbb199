/**
 * The Event Log (docs `apis/event-logs.mdx`): entries are written by other groups through
 * `EventLogWriter` (a SAML v2 provider's debug output, issue 6) and read by retrieve and search.
 *
 * Search follows the docs: `message` is matched case-insensitively, and "if no wildcards are present,
 * this parameter value will be interpreted as `*value*`"; with a `*`, the `*`s are the only wildcards.
 * `type` is one of Information, Debug, Error. `orderBy` is `insertInstant` (default, `DESC`),
 * `message`, `type` or `insertUser` (Gatehouse records no insert user: it orders by instant), each
 * optionally followed by `ASC` or `DESC`.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { pageOf } from '../../core/pagination.js';
import {
  EVENT_LOG_TYPES, EVENT_LOGS_TO_RETAIN, MAX_MESSAGE_LENGTH,
  type EventLog, type EventLogCriteria, type EventLogSearchResponse, type EventLogType, type NewEventLog,
} from './model.js';
import type { EventLogFilter, EventLogOrder, EventLogOrderColumn, EventLogStore } from './store.js';

/** What other groups use to write entries. */
export interface EventLogWriter {
  write(entry: NewEventLog): Promise<EventLog>;
}

export interface EventLogService extends EventLogWriter {
  retrieve(id: string): Promise<EventLog>;
  search(criteria: EventLogCriteria): Promise<EventLogSearchResponse>;
}

const ORDER_COLUMNS: Readonly<Record<string, EventLogOrderColumn>> = {
  insertinstant: 'insert_instant', insertuser: 'insert_instant', message: 'message', type: 'type',
};

/** Trimming to the retention limit runs on every hundredth entry, not on each write. */
const TRIM_EVERY = 100;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** FusionAuth's message match as a LIKE pattern over the lower-cased message. */
export function messagePattern(message: string): string {
  const lower = message.trim().toLowerCase();
  return lower.includes('*') ? lower.split('*').map(escapeLike).join('%') : `%${escapeLike(lower)}%`;
}

function orderOf(orderBy: string | undefined, errors: ValidationError): EventLogOrder {
  if (orderBy === undefined || orderBy.trim() === '') return { column: 'insert_instant', direction: 'desc' };
  const [name = '', direction = 'ASC', ...rest] = orderBy.trim().split(/\s+/);
  const column = ORDER_COLUMNS[name.toLowerCase()];
  const upper = direction.toUpperCase();
  if (column === undefined || (upper !== 'ASC' && upper !== 'DESC') || rest.length > 0) {
    errors.add('search.orderBy', 'invalid', `The [search.orderBy] value [${orderBy}] is not valid. Order by insertInstant, insertUser, message or type, optionally followed by ASC or DESC.`);
    return { column: 'insert_instant', direction: 'desc' };
  }
  return { column, direction: upper === 'DESC' ? 'desc' : 'asc' };
}

function filterOf(criteria: EventLogCriteria, errors: ValidationError): EventLogFilter {
  const { type, message, start, end } = criteria;
  if (type !== undefined && !(EVENT_LOG_TYPES as readonly string[]).includes(type)) {
    errors.add('search.type', 'invalid', `The [search.type] value [${type}] is not valid. Valid values are [${EVENT_LOG_TYPES.join(', ')}].`);
  }
  return {
    ...(type !== undefined ? { type: type as EventLogType } : {}),
    ...(message !== undefined && message.trim() !== '' && message.trim() !== '*' ? { messagePattern: messagePattern(message) } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
  };
}

export function createEventLogService({ store, clock }: { store: EventLogStore; clock: Clock }): EventLogService {
  return {
    async write(entry) {
      const message = entry.message.length > MAX_MESSAGE_LENGTH ? `${entry.message.slice(0, MAX_MESSAGE_LENGTH)}…` : entry.message;
      const written = await store.insert({ type: entry.type, message }, clock.now());
      if (written.id % TRIM_EVERY === 0) await store.trim(EVENT_LOGS_TO_RETAIN);
      return written;
    },

    async retrieve(id) {
      if (!/^\d{1,15}$/.test(id)) throw new NotFoundError();
      const found = await store.find(Number(id));
      if (found === undefined) throw new NotFoundError();
      return found;
    },

    async search(criteria) {
      const errors = new ValidationError();
      const filter = filterOf(criteria, errors);
      const order = orderOf(criteria.orderBy, errors);
      errors.throwIfAny();
      const { startRow, numberOfResults } = pageOf(criteria);
      const [eventLogs, total] = await Promise.all([store.search(filter, order, startRow, numberOfResults), store.count(filter)]);
      return { eventLogs, total };
    },
  };
}
