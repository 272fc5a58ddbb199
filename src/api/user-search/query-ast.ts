/**
 * What a user search asks for, whatever it was written in (a database-engine query string, a
 * field-qualified query string, or the Elasticsearch JSON `query`): a small tree that `compile.ts`
 * turns into SQL. Field names stay as the client wrote them (`email`, `registrations.roles`,
 * `data.company`); they are resolved, and refused when unknown, at compile time.
 */

export type Scalar = string | number | boolean;

/** A wildcard pattern: literal text, `*` (any run, including none) and `?` (exactly one character). */
export type PatternPart = { readonly text: string } | { readonly any: true } | { readonly one: true };
export interface Pattern {
  readonly parts: readonly PatternPart[];
}

export type QueryNode =
  | { readonly type: 'all' }
  | { readonly type: 'none' }
  | { readonly type: 'and'; readonly nodes: readonly QueryNode[] }
  | { readonly type: 'or'; readonly nodes: readonly QueryNode[] }
  | { readonly type: 'not'; readonly node: QueryNode }
  /** At least `count` of `nodes` (bool `should` with `minimum_should_match`). */
  | { readonly type: 'atLeast'; readonly count: number; readonly nodes: readonly QueryNode[] }
  /** The field has any of `values` (match, term, terms). */
  | { readonly type: 'equals'; readonly field: string; readonly values: readonly Scalar[] }
  | { readonly type: 'pattern'; readonly field: string; readonly pattern: Pattern }
  | { readonly type: 'range'; readonly field: string; readonly gt?: Scalar; readonly gte?: Scalar; readonly lt?: Scalar; readonly lte?: Scalar }
  | { readonly type: 'exists'; readonly field: string }
  /** One registration (or membership) satisfies the whole inner query. */
  | { readonly type: 'nested'; readonly path: NestedPath; readonly node: QueryNode }
  /** The database engine's query-string term, matched against the login ids and names. */
  | { readonly type: 'loginTerm'; readonly pattern: Pattern };

export const NESTED_PATHS = ['registrations', 'memberships'] as const;
export type NestedPath = (typeof NESTED_PATHS)[number];

export const ALL: QueryNode = { type: 'all' };

const ANY: PatternPart = { any: true };
const ONE: PatternPart = { one: true };
export const isAny = (part: PatternPart | undefined): boolean => part !== undefined && 'any' in part;

export interface PatternSyntax {
  /** Honour Lucene's backslash escapes (`\*` is a literal star). */
  readonly escapes?: boolean;
  /** `?` is a one-character wildcard (Elasticsearch); the database engine's term knows only `*`. */
  readonly questionMark?: boolean;
}

/** Splits `jo*n?` into literal runs and wildcards. */
export function patternOf(text: string, { escapes = false, questionMark = true }: PatternSyntax = {}): Pattern {
  const parts: PatternPart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (escapes && c === '\\' && i + 1 < text.length) {
      literal += text[++i];
    } else if (c === '*') {
      flush();
      // Consecutive `*` mean the same as one.
      if (!isAny(parts[parts.length - 1])) parts.push(ANY);
    } else if (c === '?' && questionMark) {
      flush();
      parts.push(ONE);
    } else {
      literal += c;
    }
  }
  flush();
  return { parts };
}

export const literalPattern = (text: string): Pattern => ({ parts: text === '' ? [] : [{ text }] });

/** `*text*`: FusionAuth's database engine matches a term without wildcards anywhere in a value. */
export const containsPattern = (pattern: Pattern): Pattern => ({ parts: [ANY, ...pattern.parts, ANY] });

/** True when the pattern matches every string (`*`). */
export const matchesEverything = (pattern: Pattern): boolean => pattern.parts.length === 1 && isAny(pattern.parts[0]);

export const hasWildcard = (pattern: Pattern): boolean => pattern.parts.some((p) => !('text' in p));
