/**
 * The query tree as one SQL condition on `users`, for either engine. A nested query becomes
 * `EXISTS (one registration / membership of this user satisfying the whole inner query)`, which is
 * Elasticsearch's `nested` semantics; a lone membership field means "some membership matches".
 * NOT is exact over missing values: a user without an email is matched by `must_not email = x`.
 */
import { sql } from 'kysely';
import type { Dialect } from '../../db/database.js';
import { resolveField, type ResolvedField } from './fields.js';
import { createPredicates, type PredicateBuilder } from './predicates.js';
import type { NestedPath, QueryNode } from './query-ast.js';
import { searchDialect, type Predicate } from './sql-dialect.js';

/** The columns the database engine's query-string term is matched against (seed 001; phone since 1.59). */
const LOGIN_TERM_COLUMNS = ['email_lower', 'username_lower', 'first_name_lower', 'last_name_lower', 'full_name_lower', 'phone_number'];

const NESTED_TABLES: Readonly<Record<NestedPath, { table: string; alias: string }>> = {
  registrations: { table: 'registrations', alias: 'r' },
  memberships: { table: 'group_members', alias: 'm' },
};

/**
 * Compiles `node`; errors (unknown fields, values that do not fit) are 400s under `errorPath`.
 * `useIndexes: false` hides the conditions' own columns from SQLite's index choice (see `plan.ts`).
 */
export function compileQuery(node: QueryNode, dialectName: Dialect, errorPath: string, useIndexes = true): Predicate {
  const dialect = searchDialect(dialectName);
  // Only the user's own columns are hidden; a registration or membership is always found by index.
  const userPredicates = createPredicates(dialect, errorPath, useIndexes);
  const nestedPredicates = createPredicates(dialect, errorPath);
  const predicatesFor = (scope: string) => (scope === 'user' ? userPredicates : nestedPredicates);

  const some = (path: NestedPath, inner: Predicate): Predicate => {
    const { table, alias } = NESTED_TABLES[path];
    return sql`exists (select 1 from ${sql.table(table)} as ${sql.raw(alias)} where ${sql.ref(`${alias}.user_id`)} = ${sql.ref('users.id')} and ${inner})`;
  };

  /** A leaf on `field`, wrapped in EXISTS when it names a membership from the top level. */
  const leaf = (field: string, within: NestedPath | undefined, build: (resolved: ResolvedField, predicates: PredicateBuilder) => Predicate): Predicate => {
    const resolved = resolveField(field, within, errorPath);
    const predicate = build(resolved, predicatesFor(resolved.scope));
    return resolved.scope !== 'user' && within === undefined ? some(resolved.scope, predicate) : predicate;
  };

  const all = (nodes: readonly Predicate[], joiner: 'and' | 'or'): Predicate =>
    nodes.length === 1 ? nodes[0]! : sql`(${sql.join(nodes, joiner === 'and' ? sql` and ` : sql` or `)})`;

  function compile(query: QueryNode, within: NestedPath | undefined): Predicate {
    switch (query.type) {
      case 'all':
        return dialect.TRUE;
      case 'none':
        return dialect.FALSE;
      case 'and':
        return query.nodes.length === 0 ? dialect.TRUE : all(query.nodes.map((n) => compile(n, within)), 'and');
      case 'or':
        return query.nodes.length === 0 ? dialect.FALSE : all(query.nodes.map((n) => compile(n, within)), 'or');
      case 'not':
        return sql`not ${dialect.known(compile(query.node, within))}`;
      case 'atLeast': {
        const { count, nodes } = query;
        if (count <= 0) return dialect.TRUE;
        if (count > nodes.length) return dialect.FALSE;
        const compiled = nodes.map((n) => compile(n, within));
        if (count === 1) return all(compiled, 'or');
        if (count === nodes.length) return all(compiled, 'and');
        return sql`(${sql.join(compiled.map((p) => sql`(case when ${p} then 1 else 0 end)`), sql` + `)}) >= ${count}`;
      }
      case 'equals':
        return leaf(query.field, within, ({ target }, predicates) => predicates.equals(target, query.values, query.field));
      case 'pattern':
        return leaf(query.field, within, ({ target }, predicates) => predicates.pattern(target, query.pattern, query.field));
      case 'range':
        return leaf(query.field, within, ({ target }, predicates) => predicates.range(target, query, query.field));
      case 'exists':
        return leaf(query.field, within, ({ target }, predicates) => predicates.exists(target));
      case 'nested':
        return some(query.path, compile(query.node, query.path));
      case 'loginTerm':
        return all(LOGIN_TERM_COLUMNS.map((column) => userPredicates.textPattern(userPredicates.column(column), query.pattern)), 'or');
    }
  }

  return compile(node, undefined);
}

/**
 * The query-string term as one condition per column, whose union is the term: on SQLite, counting the
 * union of index-only scans is several times cheaper than an OR over the table (see `plan.ts`).
 */
export function loginTermBranches(node: QueryNode, dialectName: Dialect): Predicate[] | undefined {
  if (node.type !== 'loginTerm') return undefined;
  const predicates = createPredicates(searchDialect(dialectName), '');
  return LOGIN_TERM_COLUMNS.map((column) => predicates.textPattern(sql.ref(column), node.pattern));
}
