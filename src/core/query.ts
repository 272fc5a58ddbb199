/**
 * Query-string readers. The TypeScript client appends parameters whose value is undefined or null as the
 * literal strings `undefined`/`null` (API-INVENTORY §1.11), so those read as absent.
 */
import { fieldError } from './errors.js';

export type Query = Readonly<Record<string, string | string[] | undefined>>;

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === 'undefined' || value === 'null' ? undefined : value;
}

export function queryString(query: Query, name: string): string | undefined {
  const value = query[name];
  return present(Array.isArray(value) ? value[0] : value);
}

export function queryList(query: Query, name: string): string[] {
  const value = query[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => v.split(',')).map((v) => present(v.trim())).filter((v): v is string => v !== undefined);
}

export function queryBoolean(query: Query, name: string, fallback = false): boolean {
  const value = queryString(query, name);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw fieldError(name, 'invalid', `The request parameter [${name}] must be true or false.`);
}

export function queryInteger(query: Query, name: string): number | undefined {
  const value = queryString(query, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw fieldError(name, 'invalid', `The request parameter [${name}] must be an integer.`);
  return Number(value);
}

type PagedCriteria<T extends string, I extends string> =
  { [K in T]?: string } & { [K in I | 'startRow' | 'numberOfResults']?: number };

/**
 * The criteria of a GET search form (`searchXByParameters`): the named text parameters, the named
 * integer ones, and FusionAuth's paging (`startRow`, `numberOfResults`), each only when present.
 */
export function searchCriteriaFromQuery<T extends string, I extends string = never>(
  query: Query, texts: readonly T[], integers: readonly I[] = [],
): PagedCriteria<T, I> {
  const criteria: Record<string, string | number> = {};
  for (const name of texts) {
    const value = queryString(query, name);
    if (value !== undefined) criteria[name] = value;
  }
  for (const name of [...integers, 'startRow', 'numberOfResults']) {
    const value = queryInteger(query, name);
    if (value !== undefined) criteria[name] = value;
  }
  return criteria as PagedCriteria<T, I>;
}
