/**
 * Tokens of FreeMarker's expression language. Offsets are absolute (in the whole template) so errors
 * point at the right line and column.
 */
import { parseError } from './errors.js';

export type ExpressionToken =
  | { readonly kind: 'number'; readonly value: number; readonly at: number; readonly end: number }
  | { readonly kind: 'string'; readonly raw: boolean; readonly content: string; readonly contentAt: number; readonly at: number; readonly end: number }
  | { readonly kind: 'name'; readonly value: string; readonly at: number; readonly end: number }
  | { readonly kind: 'operator'; readonly value: string; readonly at: number; readonly end: number }
  | { readonly kind: 'end'; readonly at: number; readonly end: number };

/** Longest first, so `??` wins over `?` and `!=` over `!`. */
const OPERATORS = [
  '??', '!=', '==', '<=', '>=', '&&', '||', '+=', '..', '?', '!', '=', '<', '>', '+', '-', '*', '/', '%', '.',
  '(', ')', '[', ']', '{', '}', ',', ':',
];

const NAME_START = /[A-Za-z_$@]/;
const NAME_PART = /[A-Za-z0-9_$@]/;

export function tokenizeExpression(template: string, start: number, end: number): ExpressionToken[] {
  const tokens: ExpressionToken[] = [];
  let i = start;
  while (i < end) {
    const ch = template[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === 'r' && (template[i + 1] === '"' || template[i + 1] === "'")) {
      const close = closingQuote(template, i + 1, end, true);
      tokens.push({ kind: 'string', raw: true, content: template.slice(i + 2, close), contentAt: i + 2, at: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const close = closingQuote(template, i, end, false);
      tokens.push({ kind: 'string', raw: false, content: template.slice(i + 1, close), contentAt: i + 1, at: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const match = /^\d+(?:\.\d+)?/.exec(template.slice(i, end))![0];
      tokens.push({ kind: 'number', value: Number(match), at: i, end: i + match.length });
      i += match.length;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < end && NAME_PART.test(template[j]!)) j++;
      tokens.push({ kind: 'name', value: template.slice(i, j), at: i, end: j });
      i = j;
      continue;
    }
    const operator = OPERATORS.find((op) => template.startsWith(op, i) && i + op.length <= end);
    if (operator === undefined) parseError(template, i, `Unexpected character "${ch}" in an expression.`);
    tokens.push({ kind: 'operator', value: operator, at: i, end: i + operator.length });
    i += operator.length;
  }
  tokens.push({ kind: 'end', at: end, end });
  return tokens;
}

function closingQuote(template: string, quoteAt: number, end: number, raw: boolean): number {
  const quote = template[quoteAt];
  for (let i = quoteAt + 1; i < end; i++) {
    if (template[i] === '\\' && !raw) i++;
    else if (template[i] === quote) return i;
  }
  return parseError(template, quoteAt, 'The string literal is not closed.');
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', "'": "'", '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', l: '<', g: '>', a: '&', '{': '{', '=': '=',
};

/** Decodes FreeMarker's string escapes (`\n`, `\"`, `\xA9`, …) in `text`, located at `at`. */
export function unescapeString(template: string, text: string, at: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === 'x') {
      const hex = /^[0-9A-Fa-f]{1,4}/.exec(text.slice(i + 2))?.[0];
      if (hex === undefined) parseError(template, at + i, 'The \\x escape needs hexadecimal digits.');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 1 + hex.length;
      continue;
    }
    const decoded = next === undefined ? undefined : ESCAPES[next];
    if (decoded === undefined) parseError(template, at + i, `Unknown escape sequence "\\${next ?? ''}" in a string literal.`);
    out += decoded;
    i++;
  }
  return out;
}
