/**
 * A search, parsed and compiled once per way of running it.
 *
 * Left alone, both engines like to walk the users in the requested order (an index on the insert
 * instant, or the tenant's) and test each one, stopping after a page: ideal when matches are
 * everywhere, a read of every row for a rare prefix (`kevin.r*`). SQLite has no statistics to know
 * better unless someone runs ANALYZE, and PostgreSQL's are missing or stale after a bulk load. So a
 * search whose condition narrows through an index on its own (a prefix of a name or login id, an exact
 * email or id) is run in one of two explicit ways:
 *  - `byTerms`: the condition's indexes find the matching users, which are then sorted (the order,
 *    and on SQLite the tenant filter, are hidden from the index choice). Cost grows with the matches.
 *  - `byOrder`: an index is walked in the requested order and the condition tested on each user (on
 *    SQLite the condition's columns are hidden), stopping after one page. Cheap when matches abound.
 * The search counts the matches first (by terms, stopping at the cap), then pages by terms when there
 * are few and by order when there are many, the order is the default and the page is early. On
 * SQLite a plain query-string term is counted as the union of one index-only scan per column
 * (`unionOf`; the indexes hold the tenant too). The answer is the same either way; only the work differs.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { compileQuery, loginTermBranches } from './compile.js';
import { parseElasticQuery } from './elastic-query.js';
import { ALL, type QueryNode } from './query-ast.js';
import { parseQueryString } from './query-string.js';
import { orderByOf, type SortField } from './sort.js';
import { searchDialect, type Predicate, type Sql } from './sql-dialect.js';

export type PlanMode = 'natural' | 'byTerms' | 'byOrder';

/** Up to this many matches, sorting them beats walking an index in order. */
export const FEW_MATCHES = 2_000;

export interface SearchPlan {
  readonly where: Predicate;
  readonly orderBy: readonly Sql[];
  /** The tenant column as the tenant filter should name it (hidden from SQLite's index choice `byTerms`). */
  readonly tenantColumn: Sql;
  /** SQLite only: conditions whose union is `where`, each served by one covering index, for counting. */
  readonly unionOf?: readonly Predicate[];
}

export interface UserQuery {
  /** The Elasticsearch JSON query; wins over `queryString` (FusionAuth's order of precedence). */
  readonly query?: string;
  readonly queryString?: string;
  /** Error paths for the two parameters, e.g. `search.query` or `query`. */
  readonly queryPath: string;
  readonly queryStringPath: string;
}

export interface CompiledSearch {
  /** True when the condition can pick the rows through its own indexes (see above). */
  readonly selective: boolean;
  readonly defaultOrder: boolean;
  plan(mode: PlanMode): SearchPlan;
}

/** Fields whose columns have an index that a prefix or an exact value can use. */
const INDEXED_FIELDS = new Set(['id', 'email', 'username', 'firstName', 'lastName', 'fullName', 'phoneNumber', 'login']);

const hasPrefix = (node: { pattern: { parts: readonly object[] } }): boolean => {
  const first = node.pattern.parts[0];
  return first !== undefined && 'text' in first;
};

/** True when `node` alone narrows the users through an index. */
export function isSelective(node: QueryNode): boolean {
  switch (node.type) {
    case 'loginTerm':
      return hasPrefix(node);
    case 'equals':
      return INDEXED_FIELDS.has(node.field);
    case 'pattern':
      return INDEXED_FIELDS.has(node.field) && hasPrefix(node);
    case 'and':
      return node.nodes.some(isSelective);
    case 'or':
      return node.nodes.length > 0 && node.nodes.every(isSelective);
    default:
      return false;
  }
}

/** Parses and compiles `query`/`queryString` and the sort; throws the 400 for anything unsupported. */
export function compileSearch(database: Database, criteria: UserQuery, sortFields?: readonly SortField[], sortPath = 'search.sortFields'): CompiledSearch {
  const node: QueryNode = criteria.query !== undefined
    ? parseElasticQuery(criteria.query, criteria.queryPath)
    : criteria.queryString !== undefined ? parseQueryString(criteria.queryString, criteria.queryStringPath) : ALL;
  const errorPath = criteria.query !== undefined ? criteria.queryPath : criteria.queryStringPath;
  const { dialect } = database;
  // Compiling validates: an unknown field or sort name fails here, before any SQL runs.
  const natural: SearchPlan = { where: compileQuery(node, dialect, errorPath), orderBy: orderByOf(sortFields, dialect, sortPath), tenantColumn: sql.ref('tenant_id') };
  const selective = isSelective(node);
  return {
    selective,
    defaultOrder: sortFields === undefined || sortFields.length === 0,
    plan(mode) {
      if (!selective || mode === 'natural') return natural;
      if (mode === 'byOrder') return { ...natural, where: compileQuery(node, dialect, errorPath, false) };
      const unionOf = dialect === 'sqlite' ? loginTermBranches(node, dialect) : undefined;
      return { where: natural.where, orderBy: orderByOf(sortFields, dialect, sortPath, false), tenantColumn: searchDialect(dialect).noIndex(sql.ref('tenant_id')), ...(unionOf !== undefined ? { unionOf } : {}) };
    },
  };
}
