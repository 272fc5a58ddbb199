/**
 * `sortFields` for the database search engine. The names are the ones the seed lists for that engine
 * (birthDate, email, fullName, id, insertInstant, lastLoginInstant, login, tenantId, username) plus
 * phoneNumber (1.59); `order` is asc or desc (default asc); `missing` is `_last` (the default, as in
 * Elasticsearch) or `_first`. Text sorts case-insensitively and byte-wise, the same on both engines.
 * Every order ends with the user id, so paging through equal values neither repeats nor skips a user.
 * Without sortFields, users come oldest first.
 */
import { sql } from 'kysely';
import { ValidationError } from '../../core/errors.js';
import type { Dialect } from '../../db/database.js';
import { searchDialect, type Sql } from './sql-dialect.js';

export interface SortField {
  readonly name?: unknown;
  readonly order?: unknown;
  readonly missing?: unknown;
}

const TEXT = (column: string) => ({ column, text: true });
const PLAIN = (column: string) => ({ column, text: false });

const SORTABLE: Readonly<Record<string, { column: string; text: boolean } | 'login'>> = {
  birthDate: PLAIN('birth_date'),
  email: TEXT('email_lower'),
  fullName: TEXT('full_name_lower'),
  id: TEXT('id'),
  insertInstant: PLAIN('insert_instant'),
  lastLoginInstant: PLAIN('last_login_instant'),
  login: 'login',
  phoneNumber: TEXT('phone_number'),
  tenantId: TEXT('tenant_id'),
  username: TEXT('username_lower'),
};

export const SORTABLE_FIELDS = Object.keys(SORTABLE);

/**
 * ORDER BY terms (`users` columns) for `sortFields`; 400 `[invalid]…` for names or values it cannot
 * honour. `indexedOrder: false` keeps the database from walking an index in this order (see `plan.ts`).
 */
export function orderByOf(sortFields: readonly SortField[] | undefined, dialectName: Dialect, path: string, indexedOrder = true): Sql[] {
  const dialect = searchDialect(dialectName);
  const errors = new ValidationError();
  const terms: Sql[] = [];
  for (const field of sortFields ?? []) {
    const { name, order = 'asc', missing = '_last' } = field;
    if (name === undefined || name === null || name === '') {
      errors.add(`${path}.name`, 'blank', 'You must specify the [name] of each sort field.');
      continue;
    }
    const sortable = typeof name === 'string' && Object.hasOwn(SORTABLE, name) ? SORTABLE[name]! : undefined;
    const direction = typeof order === 'string' ? order.toLowerCase() : undefined;
    if (sortable === undefined) {
      errors.add(`${path}.name`, 'invalid', `The sort field [${String(name)}] is not supported by the database search engine. Supported values are [${SORTABLE_FIELDS.join(', ')}].`);
    }
    if (direction !== 'asc' && direction !== 'desc') errors.add(`${path}.order`, 'invalid', `The sort order [${String(order)}] must be [asc] or [desc].`);
    if (missing !== '_first' && missing !== '_last') {
      errors.add(`${path}.missing`, 'invalid', `The [missing] value [${String(missing)}] is not supported by the database search engine; use [_first] or [_last].`);
    }
    if (sortable === undefined || (direction !== 'asc' && direction !== 'desc') || (missing !== '_first' && missing !== '_last')) continue;
    const value: Sql = sortable === 'login'
      ? dialect.text(sql`coalesce(${sql.ref('email_lower')}, ${sql.ref('username_lower')}, ${sql.ref('phone_number')})`)
      : sortable.text ? dialect.text(sql.ref(sortable.column)) : sql.ref(sortable.column);
    // Both engines put NULLs differently by default; say where they go.
    terms.push(sql`(${value} is null) ${sql.raw(missing === '_first' ? 'desc' : 'asc')}`, sql`${value} ${sql.raw(direction)}`);
  }
  errors.throwIfAny();
  if (terms.length === 0) terms.push(indexedOrder ? sql.ref('insert_instant') : dialect.unordered(sql.ref('insert_instant')));
  terms.push(dialect.text(sql.ref('id')));
  return terms;
}
