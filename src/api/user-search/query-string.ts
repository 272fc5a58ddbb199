/**
 * `queryString`, read into the query tree.
 *
 * The database search engine (seed 001, "Search for Users"; docs "Search And FusionAuth", Limitations):
 * one term, matched case-insensitively against email, username, first, last and full name (and the
 * 1.59 phone number); `*` alone matches everyone. The docs say both "search for users … containing
 * piper" (`piper`) and "`*` matches any character, including none, so `*piedpiper` will match
 * `piedpiper` and `thepiedpiper`; you may put the wildcard at any location". Gatehouse reads that as:
 * a term without `*` matches anywhere in a value (contains); a term with `*` is a pattern over the
 * whole value, so `joh*` is a prefix search (and uses an index) and `*son` a suffix search.
 *
 * A field-qualified query string (`email:*@example.com`, `tenantId:…`, `memberships.groupId:…`,
 * `active:true AND _exists_:data.migrated`), which FusionAuth documents for its Elasticsearch engine,
 * is accepted in a small, exact subset: `field:value` clauses (a value with `*`/`?` is a wildcard
 * pattern, a quoted value is literal), `_exists_:field`, parentheses, `NOT`/`!`, and `AND`/`OR`
 * (`&&`/`||`) between every two clauses. Anything else (regular expressions, ranges, fuzzy or boosted
 * terms, `+`/`-`, clauses side by side without an operator, whose meaning depends on Elasticsearch's
 * scoring) is a 400 rather than a guess.
 */
import { ValidationError } from '../../core/errors.js';
import { MAX_QUERY_DEPTH } from './elastic-query.js';
import { isSearchableField } from './fields.js';
import { ALL, containsPattern, hasWildcard, matchesEverything, patternOf, type QueryNode } from './query-ast.js';

/** A field name followed by `:` at the start of a clause, e.g. `email:` or `(registrations.roles:`. */
const FIELD_PREFIX = /(?:^|[\s(!])(_exists_|[A-Za-z_][\w.]*):/g;

function isFieldQualified(text: string): boolean {
  for (const match of text.matchAll(FIELD_PREFIX)) {
    if (match[1] === '_exists_' || isSearchableField(match[1]!)) return true;
  }
  return false;
}

export function parseQueryString(text: string, path: string): QueryNode {
  const term = text.trim();
  if (term === '') return ALL;
  if (isFieldQualified(term)) return parseFieldQueryString(term, path);
  const pattern = patternOf(term, { questionMark: false });
  if (matchesEverything(pattern)) return ALL;
  return { type: 'loginTerm', pattern: hasWildcard(pattern) ? pattern : containsPattern(pattern) };
}

type Token = { kind: 'open' | 'close' | 'and' | 'or' | 'not' } | { kind: 'clause'; field: string; value: string; quoted: boolean };

function tokenize(text: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === '!') {
      tokens.push({ kind: 'not' });
      i++;
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ kind: c === '&' ? 'and' : 'or' });
      i += 2;
    } else if (c === '+' || c === '-') {
      fail(`The [${c}] operator is not supported in [queryString]; use AND, OR and NOT.`);
    } else {
      const word = /^[^\s()]+/.exec(text.slice(i))![0];
      if (word === 'AND' || word === 'OR' || word === 'NOT') {
        tokens.push({ kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not' });
        i += word.length;
        continue;
      }
      const colon = word.indexOf(':');
      if (colon <= 0) fail(`The term [${word}] has no field; a field-qualified [queryString] needs [field:value] clauses.`);
      const field = word.slice(0, colon);
      i += colon + 1;
      if (text[i] === '"') {
        const end = text.indexOf('"', i + 1);
        if (end < 0) fail('The [queryString] has an unterminated quoted value.');
        tokens.push({ kind: 'clause', field, value: text.slice(i + 1, end), quoted: true });
        i = end + 1;
        continue;
      }
      const value = /^(?:\\.|[^\s()])*/.exec(text.slice(i))![0];
      if (value === '') fail(`The field [${field}] has no value in [queryString].`);
      if (/^[/[{]/.test(value) || /(^|[^\\])[~^]/.test(value)) {
        fail(`The value [${value}] of [${field}] uses regular expression, range, fuzzy or boost syntax, which the database search engine does not support.`);
      }
      tokens.push({ kind: 'clause', field, value, quoted: false });
      i += value.length;
    }
  }
  return tokens;
}

function parseFieldQueryString(text: string, path: string): QueryNode {
  const fail = (message: string): never => {
    throw new ValidationError().add(path, 'invalid', message);
  };
  const tokens = tokenize(text, fail);
  let at = 0;
  let depth = 0;
  const peek = () => tokens[at];

  const primary = (): QueryNode => {
    const token = tokens[at++];
    if (token === undefined) return fail('The [queryString] ends where a clause was expected.');
    if (++depth > MAX_QUERY_DEPTH) fail(`The [queryString] is nested more than ${MAX_QUERY_DEPTH} levels deep.`);
    try {
      return clause(token);
    } finally {
      depth--;
    }
  };

  const clause = (token: Token): QueryNode => {
    if (token.kind === 'not') return { type: 'not', node: primary() };
    if (token.kind === 'open') {
      const inner = or();
      if (tokens[at++]?.kind !== 'close') fail('The [queryString] has an unbalanced parenthesis.');
      return inner;
    }
    if (token.kind !== 'clause') return fail(`The [queryString] has [${token.kind.toUpperCase()}] where a clause was expected.`);
    if (token.field === '_exists_') return { type: 'exists', field: token.value };
    if (token.quoted) return { type: 'equals', field: token.field, values: [token.value] };
    const pattern = patternOf(token.value, { escapes: true });
    if (matchesEverything(pattern)) return { type: 'exists', field: token.field };
    return hasWildcard(pattern)
      ? { type: 'pattern', field: token.field, pattern }
      : { type: 'equals', field: token.field, values: [token.value.replace(/\\(.)/g, '$1')] };
  };

  const sequence = (operator: 'and' | 'or', next: () => QueryNode): QueryNode => {
    const nodes = [next()];
    while (peek()?.kind === operator) {
      at++;
      nodes.push(next());
    }
    return nodes.length === 1 ? nodes[0]! : { type: operator, nodes };
  };
  const and = (): QueryNode => sequence('and', primary);
  const or = (): QueryNode => sequence('or', and);

  const query = or();
  if (at < tokens.length) {
    fail(tokens[at]!.kind === 'close'
      ? 'The [queryString] has an unbalanced parenthesis.'
      : 'Clauses of a field-qualified [queryString] must be joined with AND or OR.');
  }
  return query;
}
