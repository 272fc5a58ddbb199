/**
 * The SQL for one clause on one field: equality (match/term/terms), a wildcard pattern (wildcard,
 * prefix, the query-string term), a range, or existence. Values are checked against the field's kind
 * first; a value that cannot mean anything for the field (`active: "maybe"`, a date that is not a
 * date) is a 400, not an empty result.
 *
 * Text fields hold lower-cased values and are compared lower-cased. A pattern with a literal prefix
 * (`joh*`) is a byte-wise range on the column (`>= 'joh' AND < 'joi'`), which the migration-4 indexes
 * serve on both engines, narrowed by LIKE only when there is more to the pattern than the prefix.
 */
import { sql, type SqlBool } from 'kysely';
import { ValidationError } from '../../core/errors.js';
import type { FieldTarget, ValueKind } from './fields.js';
import type { Pattern, Scalar } from './query-ast.js';
import type { JsonElement, Predicate, SearchDialect, Sql } from './sql-dialect.js';

export interface Bounds {
  readonly gt?: Scalar;
  readonly gte?: Scalar;
  readonly lt?: Scalar;
  readonly lte?: Scalar;
}

const OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface PredicateBuilder {
  equals(target: FieldTarget, values: readonly Scalar[], field: string): Predicate;
  pattern(target: FieldTarget, pattern: Pattern, field: string): Predicate;
  range(target: FieldTarget, bounds: Bounds, field: string): Predicate;
  exists(target: FieldTarget): Predicate;
  /** `pattern` over a lower-cased text column (the query-string term). */
  textPattern(column: Sql, pattern: Pattern): Predicate;
  /** A column of the row being matched, hidden from the planner's index choice unless `useIndexes`. */
  column(name: string): Sql;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function likePattern(pattern: Pattern): string {
  return pattern.parts.map((part) => ('text' in part ? escapeLike(part.text.toLowerCase()) : 'any' in part ? '%' : '_')).join('');
}

/** The smallest string greater than every string starting with `prefix` (code-point order), if any. */
export function prefixSuccessor(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    let next = points.pop()!.codePointAt(0)! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

/**
 * `useIndexes: false` keeps the conditions' columns away from SQLite's index choice, so that it walks
 * an index in the requested order instead (see `plan.ts`); the conditions mean the same either way.
 */
export function createPredicates(dialect: SearchDialect, errorPath: string, useIndexes = true): PredicateBuilder {
  const columnRef = (name: string): Sql => (useIndexes ? sql.ref(name) : dialect.noIndex(sql.ref(name)));
  const fail = (message: string): never => {
    throw new ValidationError().add(errorPath, 'invalid', message);
  };
  const or = (predicates: readonly Sql[]): Predicate =>
    predicates.length === 0 ? dialect.FALSE : sql<SqlBool>`(${sql.join(predicates, sql` or `)})`;
  const and = (predicates: readonly Sql[]): Predicate => sql<SqlBool>`(${sql.join(predicates, sql` and `)})`;

  /** A value as the kind stores it: lower-cased text, 1/0, epoch milliseconds or `YYYY-MM-DD`. */
  function valueFor(kind: Exclude<ValueKind, 'dynamic'>, value: Scalar, field: string): string | number {
    switch (kind) {
      case 'keyword':
      case 'id':
        return String(value).toLowerCase();
      case 'boolean':
        if (value === true || value === 'true') return 1;
        if (value === false || value === 'false') return 0;
        return fail(`The field [${field}] is true or false; [${String(value)}] is neither.`);
      case 'instant': {
        const instant = typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : Date.parse(String(value));
        return Number.isFinite(instant) && typeof value !== 'boolean' ? instant : fail(`The field [${field}] is an instant (epoch milliseconds or an ISO-8601 date); [${String(value)}] is not.`);
      }
      case 'date':
        return typeof value === 'string' && DATE.test(value) ? value : fail(`The field [${field}] is a date (YYYY-MM-DD); [${String(value)}] is not.`);
    }
  }

  /** Text comparison for a JSON value of `kind` (booleans read as `true`/`false`). */
  function jsonEquals(kind: ValueKind, element: JsonElement, value: Scalar, field: string): Predicate {
    if (kind === 'boolean') return and([sql`${element.type} = 'boolean'`, sql`${element.text} = ${valueFor('boolean', value, field) === 1 ? 'true' : 'false'}`]);
    if (kind === 'instant') return and([sql`${element.type} = 'number'`, sql`${element.number} = ${valueFor('instant', value, field)}`]);
    if (kind !== 'dynamic') return and([sql`${element.type} = 'string'`, sql`${element.text} = ${String(value).toLowerCase()}`]);
    // A dynamic (data.*) value matches by its own type: "true" finds true, 42 finds 42 and "42".
    const text = String(value).toLowerCase();
    const alternatives = [and([sql`${element.type} in ('string', 'boolean')`, sql`${element.text} = ${text}`])];
    const number = typeof value === 'number' ? value : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
    if (number !== undefined) alternatives.push(and([sql`${element.type} = 'number'`, sql`${element.number} = ${number}`]));
    return or(alternatives);
  }

  function textPattern(column: Sql, pattern: Pattern): Predicate {
    const first = pattern.parts[0];
    const prefix = first !== undefined && 'text' in first ? first.text.toLowerCase() : '';
    if (pattern.parts.length === 1 && prefix !== '') return sql<SqlBool>`${dialect.text(column)} = ${prefix}`;
    const like = sql<SqlBool>`${column} like ${likePattern(pattern)} escape '\\'`;
    if (prefix === '') return like;
    const upper = prefixSuccessor(prefix);
    const range = [sql`${dialect.text(column)} >= ${prefix}`, ...(upper === undefined ? [] : [sql`${dialect.text(column)} < ${upper}`])];
    const exactlyPrefix = pattern.parts.length === 2 && 'any' in pattern.parts[1]! && upper !== undefined;
    return and(exactlyPrefix ? range : [...range, like]);
  }

  function rangeOf(target: FieldTarget, bounds: Bounds, field: string): Predicate {
    const entries = (Object.keys(OPERATORS) as (keyof Bounds)[]).filter((key) => bounds[key] !== undefined);
    if (target.source === 'anyOf') return or(target.targets.map((t) => rangeOf(t, bounds, field)));
    const { kind } = target;
    if (kind === 'boolean') return fail(`The field [${field}] is true or false and has no range.`);
    if (target.source === 'column') {
      if (kind === 'dynamic') return fail(`The field [${field}] has no range.`);
      const column = columnRef(target.column);
      const compared = kind === 'keyword' || kind === 'id' ? dialect.text(column) : column;
      return and(entries.map((key) => sql`${compared} ${sql.raw(OPERATORS[key])} ${valueFor(kind, bounds[key]!, field)}`));
    }
    const numeric = kind === 'instant' || (kind === 'dynamic' && entries.every((key) => typeof bounds[key] === 'number'));
    if (kind === 'dynamic' && !numeric && !entries.every((key) => typeof bounds[key] === 'string')) {
      return fail(`The range on [${field}] mixes numbers and strings.`);
    }
    return dialect.someJsonValue(sql.ref('doc'), target.path, (element) => and([
      sql`${element.type} = ${numeric ? 'number' : 'string'}`,
      ...entries.map((key) => numeric
        ? sql`${element.number} ${sql.raw(OPERATORS[key])} ${kind === 'instant' ? valueFor('instant', bounds[key]!, field) : bounds[key]!}`
        : sql`${dialect.text(element.text)} ${sql.raw(OPERATORS[key])} ${String(bounds[key]).toLowerCase()}`),
    ]));
  }

  function equals(target: FieldTarget, values: readonly Scalar[], field: string): Predicate {
    if (target.source === 'anyOf') return or(target.targets.map((t) => equals(t, values, field)));
    if (values.length === 0) return dialect.FALSE;
    if (target.source === 'column') {
      const { kind } = target;
      if (kind === 'dynamic') return fail(`The field [${field}] cannot be compared.`);
      const compared = kind === 'keyword' ? dialect.text(columnRef(target.column)) : columnRef(target.column);
      return sql<SqlBool>`${compared} in (${sql.join(values.map((value) => valueFor(kind, value, field)))})`;
    }
    return dialect.someJsonValue(sql.ref('doc'), target.path, (element) => or(values.map((value) => jsonEquals(target.kind, element, value, field))));
  }

  function patternOn(target: FieldTarget, pattern: Pattern, field: string): Predicate {
    if (target.source === 'anyOf') return or(target.targets.map((t) => patternOn(t, pattern, field)));
    if (!['keyword', 'id', 'dynamic'].includes(target.kind)) return fail(`Wildcard and prefix queries need a text field; [${field}] is not one.`);
    if (target.source === 'column') return textPattern(columnRef(target.column), pattern);
    return dialect.someJsonValue(sql.ref('doc'), target.path, (element) =>
      and([sql`${element.type} = 'string'`, sql`${element.text} like ${likePattern(pattern)} escape '\\'`]));
  }

  function exists(target: FieldTarget): Predicate {
    if (target.source === 'anyOf') return or(target.targets.map(exists));
    if (target.source === 'column') return sql<SqlBool>`${columnRef(target.column)} is not null`;
    return dialect.someJsonValue(sql.ref('doc'), target.path, (element) => sql<SqlBool>`${element.type} <> 'null'`);
  }

  return { textPattern, equals, pattern: patternOn, range: rangeOf, exists, column: columnRef };
}
