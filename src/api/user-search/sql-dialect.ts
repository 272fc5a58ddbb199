/**
 * The few places where the search SQL differs between SQLite and PostgreSQL, in one file:
 * text comparison order, JSON values inside `doc`, and boolean literals.
 *
 * Text is compared byte-wise on both engines (SQLite's BINARY collation, PostgreSQL's "C"), so a prefix
 * range is exactly "starts with" and sorting gives the same order everywhere; migration 4 builds the
 * PostgreSQL indexes with the "C" collation so those comparisons use them.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/database.js';

export type Sql = RawBuilder<unknown>;
export type Predicate = RawBuilder<SqlBool>;

/** One value found at a JSON path: a scalar, or each element when the path holds an array. */
export interface JsonElement {
  /** `string`, `number`, `boolean`, `null`, `object` or `array` (PostgreSQL's jsonb_typeof names). */
  readonly type: Sql;
  /** The value as lower-cased text (`true`/`false` for booleans). */
  readonly text: Sql;
  /** The numeric value; meaningful only when `type` is `number`. */
  readonly number: Sql;
}

export interface SearchDialect {
  readonly TRUE: Predicate;
  readonly FALSE: Predicate;
  /** The expression compared byte-wise (for ranges, `=` on prefixes and ORDER BY). */
  text(expression: Sql): Sql;
  /** The same value, but not usable by an index (SQLite's unary `+`); PostgreSQL plans from statistics. */
  noIndex(expression: Sql): Sql;
  /** A numeric sort key no index can produce in order, on either engine (`+x`, `x + 0`). */
  unordered(expression: Sql): Sql;
  /** `predicate`, with NULL (unknown) read as false, so that NOT of it is exact. */
  known(predicate: Predicate): Predicate;
  /** Some value at `path` in the JSON column `doc` satisfies `test`. */
  someJsonValue(doc: Sql, path: readonly string[], test: (element: JsonElement) => Predicate): Predicate;
}

const sqlite: SearchDialect = {
  TRUE: sql<SqlBool>`(1 = 1)`,
  FALSE: sql<SqlBool>`(1 = 0)`,
  text: (expression) => expression,
  noIndex: (expression) => sql`+${expression}`,
  unordered: (expression) => sql`+${expression}`,
  known: (predicate) => sql<SqlBool>`coalesce(${predicate}, 0)`,
  someJsonValue(doc, path, test) {
    const jsonPath = `$${path.map((key) => `."${key}"`).join('')}`;
    // json_each walks an array's elements, or yields the one scalar; a missing path yields no row.
    const element: JsonElement = {
      type: sql`(case je.type when 'true' then 'boolean' when 'false' then 'boolean' when 'integer' then 'number' when 'real' then 'number' when 'text' then 'string' else je.type end)`,
      text: sql`(case je.type when 'true' then 'true' when 'false' then 'false' else lower(je.value) end)`,
      number: sql`je.value`,
    };
    return sql<SqlBool>`exists (select 1 from json_each(${doc}, ${jsonPath}) as je where ${test(element)})`;
  },
};

const postgres: SearchDialect = {
  TRUE: sql<SqlBool>`true`,
  FALSE: sql<SqlBool>`false`,
  text: (expression) => sql`(${expression} collate "C")`,
  noIndex: (expression) => expression,
  unordered: (expression) => sql`(${expression} + 0)`,
  known: (predicate) => sql<SqlBool>`coalesce(${predicate}, false)`,
  someJsonValue(doc, path, test) {
    const value = sql`(${doc}::jsonb #> ${[...path]}::text[])`;
    const element: JsonElement = {
      type: sql`jsonb_typeof(je.value)`,
      text: sql`lower(je.value #>> '{}')`,
      number: sql`(case when jsonb_typeof(je.value) = 'number' then (je.value #>> '{}')::numeric end)`,
    };
    // A scalar (or a missing path, read as JSON null) becomes a one-element array.
    const elements = sql`jsonb_array_elements(case jsonb_typeof(${value}) when 'array' then ${value} else jsonb_build_array(${value}) end)`;
    return sql<SqlBool>`exists (select 1 from ${elements} as je(value) where ${test(element)})`;
  },
};

export const searchDialect = (dialect: Dialect): SearchDialect => (dialect === 'postgres' ? postgres : sqlite);
