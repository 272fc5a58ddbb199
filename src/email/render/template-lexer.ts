/**
 * Splits a FreeMarker template into text, `${…}` interpolations, directives (`[#if …]`, `[/#if]`) and
 * comments (`[#-- … --]`). Like FreeMarker, the tag syntax is detected from the first tag: square
 * brackets (`[#if]`, what FusionAuth's stock templates use) or angle brackets (`<#if>`); tags of the
 * other syntax are then plain text. Expressions inside tags are only delimited here (respecting string
 * literals and nested brackets); `expression-parser.ts` reads them.
 */
import { parseError } from './errors.js';

export type TagSyntax = 'square' | 'angle';

export interface TextToken {
  readonly kind: 'text';
  readonly text: string;
  readonly start: number;
}

export interface InterpolationToken {
  readonly kind: 'interpolation';
  /** The expression between `${` and `}`. */
  readonly expression: string;
  /** Offset of the expression in the template. */
  readonly start: number;
}

export interface DirectiveToken {
  readonly kind: 'directive';
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly params: string;
  readonly paramsStart: number;
  readonly start: number;
}

export interface CommentToken {
  readonly kind: 'comment';
  readonly start: number;
}

export type TemplateToken = TextToken | InterpolationToken | DirectiveToken | CommentToken;

/** FreeMarker decides the syntax from the first FTL tag; with none, square (FusionAuth's choice). */
export function detectSyntax(source: string): TagSyntax {
  const match = /\[\/?[#@]|<\/?[#@]/.exec(source);
  return match !== null && match[0].startsWith('<') ? 'angle' : 'square';
}

const isIdentifierChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_$@]/.test(ch);

/**
 * Skips a string literal starting at `start` (a quote); returns the offset just after it. A raw string
 * (`r"…"`) has no escapes.
 */
function skipString(source: string, start: number): number {
  const quote = source[start]!;
  const raw = source[start - 1] === 'r' && !isIdentifierChar(source[start - 2]);
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\' && !raw) i++;
    else if (ch === quote) return i + 1;
  }
  return parseError(source, start, 'The string literal is not closed.');
}

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * The offset of the character that ends an expression starting at `from`: the first `terminator` seen
 * outside string literals and outside brackets opened within the expression.
 */
function expressionEnd(source: string, from: number, isTerminator: (ch: string, depth: number) => boolean, what: string): number {
  const stack: string[] = [];
  let i = from;
  while (i < source.length) {
    const ch = source[i]!;
    if (isTerminator(ch, stack.length)) return i;
    if (ch === '"' || ch === "'") {
      i = skipString(source, i);
      continue;
    }
    if (OPENERS[ch] !== undefined) stack.push(OPENERS[ch]);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (stack.pop() !== ch) parseError(source, i, `Unexpected "${ch}" in ${what}.`);
    }
    i++;
  }
  return parseError(source, from, `The ${what} is not closed.`);
}

interface Delimiters {
  readonly open: string;
  readonly close: string;
  readonly commentEnd: string;
}

const DELIMITERS: Readonly<Record<TagSyntax, Delimiters>> = {
  square: { open: '[', close: ']', commentEnd: '--]' },
  angle: { open: '<', close: '>', commentEnd: '-->' },
};

export function tokenizeTemplate(source: string, syntax: TagSyntax = detectSyntax(source)): TemplateToken[] {
  const { open, close, commentEnd } = DELIMITERS[syntax];
  const tokens: TemplateToken[] = [];
  let text = '';
  let textStart = 0;
  const flushText = (): void => {
    if (text !== '') tokens.push({ kind: 'text', text, start: textStart });
    text = '';
  };
  const tagEnd = (ch: string, depth: number): boolean => depth === 0 && ch === close;

  let i = 0;
  while (i < source.length) {
    if (source.startsWith('${', i)) {
      flushText();
      const end = expressionEnd(source, i + 2, (ch, depth) => depth === 0 && ch === '}', 'interpolation ${…}');
      tokens.push({ kind: 'interpolation', expression: source.slice(i + 2, end), start: i + 2 });
      i = end + 1;
      textStart = i;
      continue;
    }
    if (source.startsWith('#{', i)) {
      // FreeMarker reads #{…} as its legacy numeric interpolation; printing it as text would differ.
      parseError(source, i, 'The #{…} numeric interpolation is not supported; use ${…}.');
    }
    if (source.startsWith(`${open}#--`, i)) {
      flushText();
      const end = source.indexOf(commentEnd, i + 4);
      if (end < 0) parseError(source, i, 'The comment is not closed.');
      tokens.push({ kind: 'comment', start: i });
      i = end + commentEnd.length;
      textStart = i;
      continue;
    }
    if (source.startsWith(`${open}@`, i) || source.startsWith(`${open}/@`, i)) {
      parseError(source, i, 'User-defined directives and macro calls (@…) are not supported.');
    }
    const closing = source.startsWith(`${open}/#`, i);
    if (closing || source.startsWith(`${open}#`, i)) {
      const nameStart = i + (closing ? 3 : 2);
      const name = /^[A-Za-z_]+/.exec(source.slice(nameStart))?.[0];
      if (name !== undefined) {
        flushText();
        const paramsStart = nameStart + name.length;
        const end = expressionEnd(source, paramsStart, tagEnd, `#${name} tag`);
        let params = source.slice(paramsStart, end);
        const selfClosing = /\/\s*$/.test(params);
        if (selfClosing) params = params.replace(/\/\s*$/, '');
        tokens.push({ kind: 'directive', name, closing, selfClosing, params, paramsStart, start: i });
        i = end + 1;
        if (name === 'noparse' && !closing) i = readNoparse(source, i, open, close, tokens);
        textStart = i;
        continue;
      }
    }
    if (text === '') textStart = i;
    text += source[i];
    i++;
  }
  flushText();
  return tokens;
}

/** `[#noparse]…[/#noparse]`: the content is text, whatever it contains. */
function readNoparse(source: string, from: number, open: string, close: string, tokens: TemplateToken[]): number {
  const closingTag = new RegExp(`\\${open}/#noparse\\s*\\${close}`, 'g');
  closingTag.lastIndex = from;
  const match = closingTag.exec(source);
  if (match === null) return parseError(source, from, 'The #noparse directive is not closed.');
  if (match.index > from) tokens.push({ kind: 'text', text: source.slice(from, match.index), start: from });
  tokens.push({ kind: 'directive', name: 'noparse', closing: true, selfClosing: false, params: '', paramsStart: match.index, start: match.index });
  return match.index + match[0].length;
}
