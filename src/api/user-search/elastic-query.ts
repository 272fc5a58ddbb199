/**
 * The Elasticsearch JSON `query` (FusionAuth passes it through to Elasticsearch), read into the query
 * tree for the database. The supported subset is the part of the query DSL FusionAuth's own docs and
 * examples use: `bool` (must / filter / should with `minimum_should_match` / must_not), `match`,
 * `match_phrase`, `term`, `terms`, `ids`, `wildcard`, `prefix`, `range`, `exists`, `nested`
 * (`registrations`, `memberships`), `constant_score`, `dis_max`, `match_all` and `match_none`.
 * Everything else — another query type, an option that changes what matches (`fuzziness`, `format`,
 * `time_zone`, a `boost` is harmless), a malformed clause — is refused with a 400 naming it: the
 * database must never answer a different question than the one asked.
 *
 * String fields compare case-insensitively, as FusionAuth's index does (its docs: the value of
 * `data.Company` matches `PiedPiper`, `piedpiper` and `PIEDPIPER` alike, while keys are case sensitive).
 */
import { ValidationError } from '../../core/errors.js';
import { isObject } from '../../core/json.js';
import { ALL, NESTED_PATHS, literalPattern, patternOf, type NestedPath, type QueryNode, type Scalar } from './query-ast.js';

/** Deeper queries than this are refused rather than risking the stack on a hostile request. */
export const MAX_QUERY_DEPTH = 32;

const SUPPORTED = 'bool, match, match_phrase, term, terms, ids, wildcard, prefix, range, exists, nested, constant_score, dis_max, match_all, match_none';

type Json = Record<string, unknown>;

export function parseElasticQuery(text: string, path: string): QueryNode {
  const fail = (message: string): never => {
    throw new ValidationError().add(path, 'invalid', message);
  };

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`The [${path}] property is not valid JSON: ${(error as Error).message}`);
  }
  // `{"query": {…}}`, the shape of an Elasticsearch search body, means the same as its inner query.
  if (isObject(parsed) && Object.keys(parsed).length === 1 && isObject(parsed.query)) parsed = parsed.query;

  const scalar = (value: unknown, where: string): Scalar => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    return fail(`The value of [${where}] must be a string, a number or a boolean.`);
  };

  const stringValue = (value: unknown, where: string): string =>
    typeof value === 'string' ? value : fail(`The value of [${where}] must be a string.`);

  /** Only `allowed` options may appear beside the value; anything else would change the meaning. */
  const onlyOptions = (options: Json, allowed: readonly string[], where: string): void => {
    const unknown = Object.keys(options).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) fail(`The option [${unknown.join(', ')}] of the [${where}] query is not supported by the database search engine.`);
  };

  /** `{field: value}` or `{field: {<valueKey>: value, …options}}`: the field and its value. */
  const fieldClause = (body: unknown, kind: string, valueKeys: readonly string[], options: readonly string[]): [string, unknown] => {
    if (!isObject(body)) return fail(`The [${kind}] query must be an object.`);
    const fields = Object.keys(body).filter((key) => key !== 'boost' && key !== '_name');
    if (fields.length !== 1) return fail(`The [${kind}] query must name exactly one field.`);
    const field = fields[0]!;
    const value = body[field];
    if (!isObject(value)) return [field, value];
    onlyOptions(value, [...valueKeys, ...options, 'boost', '_name'], kind);
    const key = valueKeys.find((k) => k in value);
    return key === undefined ? fail(`The [${kind}] query on [${field}] needs [${valueKeys[0]}].`) : [field, value[key]];
  };

  const clauses = (value: unknown, where: string, nested: NestedPath | undefined, depth: number): QueryNode[] => {
    if (value === undefined) return [];
    // Elasticsearch takes one clause or an array; FusionAuth's own docs nest an array in an array.
    const flat: unknown[] = Array.isArray(value) ? value.flat(2) : [value];
    if (flat.some(Array.isArray)) fail(`The clauses of [${where}] are nested in too many arrays.`);
    return flat.map((clause) => node(clause, where, nested, depth + 1));
  };

  /**
   * How many `should` clauses must match: an integer, a negative integer (all but that many) or a
   * percentage (rounded down, negative: all but that share), as Elasticsearch reads it.
   */
  const minimumShouldMatch = (value: unknown, clauseCount: number, fallback: number): number => {
    if (value === undefined) return fallback;
    const match = typeof value === 'number' || typeof value === 'string' ? /^(-?)(\d+)(%?)$/.exec(String(value).trim()) : null;
    if (match === null) return fail(`The [minimum_should_match] value [${String(value)}] is not supported; use an integer or a percentage.`);
    const [, negative, digits, percent] = match;
    const amount = percent === '%' ? Math.floor((clauseCount * Number(digits)) / 100) : Number(digits);
    return negative === '-' ? clauseCount - amount : amount;
  };

  const bool = (body: unknown, nested: NestedPath | undefined, depth: number): QueryNode => {
    if (!isObject(body)) return fail('The [bool] query must be an object.');
    onlyOptions(body, ['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name'], 'bool');
    const required = [...clauses(body.must, 'bool.must', nested, depth), ...clauses(body.filter, 'bool.filter', nested, depth)];
    const excluded = clauses(body.must_not, 'bool.must_not', nested, depth);
    const should = clauses(body.should, 'bool.should', nested, depth);
    // Elasticsearch: with must or filter clauses, should clauses only score unless minimum_should_match says otherwise.
    const defaultMinimum = required.length === 0 && should.length > 0 ? 1 : 0;
    const count = minimumShouldMatch(body.minimum_should_match, should.length, defaultMinimum);
    const nodes: QueryNode[] = [...required, ...excluded.map((n): QueryNode => ({ type: 'not', node: n }))];
    if (count > 0) nodes.push({ type: 'atLeast', count, nodes: should });
    return nodes.length === 0 ? ALL : nodes.length === 1 ? nodes[0]! : { type: 'and', nodes };
  };

  const range = (body: unknown): QueryNode => {
    if (!isObject(body)) return fail('The [range] query must be an object.');
    const fields = Object.keys(body).filter((key) => key !== 'boost' && key !== '_name');
    if (fields.length !== 1) return fail('The [range] query must name exactly one field.');
    const field = fields[0]!;
    const bounds = body[field];
    if (!isObject(bounds)) return fail(`The [range] query on [${field}] must be an object of bounds.`);
    onlyOptions(bounds, ['gt', 'gte', 'lt', 'lte', 'boost', '_name'], 'range');
    const out: { gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar } = {};
    for (const key of ['gt', 'gte', 'lt', 'lte'] as const) {
      if (bounds[key] !== undefined && bounds[key] !== null) out[key] = scalar(bounds[key], `range.${field}.${key}`);
    }
    if (Object.keys(out).length === 0) return fail(`The [range] query on [${field}] needs at least one of [gt, gte, lt, lte].`);
    return { type: 'range', field, ...out };
  };

  const nestedQuery = (body: unknown, outer: NestedPath | undefined, depth: number): QueryNode => {
    if (!isObject(body)) return fail('The [nested] query must be an object.');
    onlyOptions(body, ['path', 'query', 'score_mode', 'ignore_unmapped', 'boost', '_name'], 'nested');
    if (outer !== undefined) return fail('A [nested] query inside another [nested] query is not supported.');
    const nestedPath = body.path;
    if (!(NESTED_PATHS as readonly unknown[]).includes(nestedPath)) {
      return fail(`The [nested] path [${String(nestedPath)}] is not supported; use one of [${NESTED_PATHS.join(', ')}].`);
    }
    if (body.query === undefined) return fail('The [nested] query needs [query].');
    const path_ = nestedPath as NestedPath;
    return { type: 'nested', path: path_, node: node(body.query, 'nested.query', path_, depth + 1) };
  };

  function node(clause: unknown, where: string, nested: NestedPath | undefined, depth: number): QueryNode {
    if (depth > MAX_QUERY_DEPTH) return fail(`The query is nested more than ${MAX_QUERY_DEPTH} levels deep.`);
    if (!isObject(clause)) return fail(`Each clause of [${where}] must be a query object.`);
    const types = Object.keys(clause);
    if (types.length !== 1) return fail(`A query object must have exactly one query type; [${where}] has [${types.join(', ')}].`);
    const type = types[0]!;
    const body = clause[type];
    switch (type) {
      case 'match_all':
        return ALL;
      case 'match_none':
        return { type: 'none' };
      case 'bool':
        return bool(body, nested, depth);
      case 'match':
      case 'match_phrase': {
        const [field, value] = fieldClause(body, type, ['query'], ['operator', 'zero_terms_query', 'auto_generate_synonyms_phrase_query']);
        return { type: 'equals', field, values: [scalar(value, `${type}.${field}`)] };
      }
      case 'term': {
        const [field, value] = fieldClause(body, type, ['value'], ['case_insensitive']);
        return { type: 'equals', field, values: [scalar(value, `term.${field}`)] };
      }
      case 'terms': {
        if (!isObject(body)) return fail('The [terms] query must be an object.');
        const fields = Object.keys(body).filter((key) => key !== 'boost' && key !== '_name');
        const values = body[fields[0] ?? ''];
        if (fields.length !== 1 || !Array.isArray(values)) return fail('The [terms] query must name exactly one field with an array of values.');
        return { type: 'equals', field: fields[0]!, values: values.map((v) => scalar(v, `terms.${fields[0]}`)) };
      }
      case 'ids': {
        if (!isObject(body) || !Array.isArray(body.values)) return fail('The [ids] query needs an array of [values].');
        onlyOptions(body, ['values', 'boost', '_name'], 'ids');
        return { type: 'equals', field: nested === undefined ? 'id' : `${nested}.id`, values: body.values.map((v) => stringValue(v, 'ids.values')) };
      }
      case 'wildcard': {
        const [field, value] = fieldClause(body, type, ['value', 'wildcard'], ['case_insensitive', 'rewrite']);
        return { type: 'pattern', field, pattern: patternOf(stringValue(value, `wildcard.${field}`), { escapes: true }) };
      }
      case 'prefix': {
        const [field, value] = fieldClause(body, type, ['value'], ['case_insensitive', 'rewrite']);
        const prefix = literalPattern(stringValue(value, `prefix.${field}`));
        return { type: 'pattern', field, pattern: { parts: [...prefix.parts, { any: true }] } };
      }
      case 'range':
        return range(body);
      case 'exists': {
        if (!isObject(body)) return fail('The [exists] query must be an object.');
        onlyOptions(body, ['field', 'boost', '_name'], 'exists');
        return { type: 'exists', field: stringValue(body.field, 'exists.field') };
      }
      case 'nested':
        return nestedQuery(body, nested, depth);
      case 'constant_score': {
        if (!isObject(body) || body.filter === undefined) return fail('The [constant_score] query needs [filter].');
        onlyOptions(body, ['filter', 'boost', '_name'], 'constant_score');
        return node(body.filter, 'constant_score.filter', nested, depth + 1);
      }
      case 'dis_max': {
        if (!isObject(body) || !Array.isArray(body.queries)) return fail('The [dis_max] query needs an array of [queries].');
        onlyOptions(body, ['queries', 'tie_breaker', 'boost', '_name'], 'dis_max');
        return { type: 'or', nodes: clauses(body.queries, 'dis_max.queries', nested, depth) };
      }
      default:
        return fail(`The [${type}] query is not supported by the database search engine. Supported queries: ${SUPPORTED}.`);
    }
  }

  return node(parsed, path, undefined, 0);
}
