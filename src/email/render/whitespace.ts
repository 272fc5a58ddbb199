/**
 * FreeMarker's white-space stripping (on by default, `strip_whitespace`): a line that holds nothing but
 * FTL tags (directives and comments, not interpolations) and white-space loses its indentation and its
 * trailing white-space including the line break. So
 *
 *     [#if user.verified]
 *     Verified!
 *     [/#if]
 *
 * renders "Verified!\n", not "\nVerified!\n". White-space between two tags on the line (`[#if x] [#list
 * …]`) is content, so such a line is kept as it is. Text email bodies depend on this.
 */
import type { TemplateToken } from './template-lexer.js';

const BLANK = /^[ \t\r]*$/;
const BLANK_LINE_END = /^[ \t\r]*\n$/;

/** Splits text tokens so that a line break only ever ends a text token. */
function splitLines(tokens: readonly TemplateToken[]): TemplateToken[] {
  const out: TemplateToken[] = [];
  for (const token of tokens) {
    if (token.kind !== 'text') {
      out.push(token);
      continue;
    }
    let offset = 0;
    for (const piece of token.text.split(/(?<=\n)/)) {
      out.push({ kind: 'text', text: piece, start: token.start + offset });
      offset += piece.length;
    }
  }
  return out;
}

/** Whether `line` (its tokens, the last text ending in a line break or at the end) is tags only. */
function isTagOnlyLine(line: readonly TemplateToken[]): boolean {
  const first = line[0];
  const last = line[line.length - 1];
  let tags = 0;
  for (const [index, token] of line.entries()) {
    if (token.kind === 'directive' || token.kind === 'comment') tags++;
    else if (token.kind === 'interpolation') return false;
    else if (token === first && index === 0 && !token.text.includes('\n') && BLANK.test(token.text)) continue;
    else if (token === last && (BLANK_LINE_END.test(token.text) || BLANK.test(token.text))) continue;
    else return false;
  }
  return tags > 0;
}

function mergeText(tokens: readonly TemplateToken[]): TemplateToken[] {
  const out: TemplateToken[] = [];
  for (const token of tokens) {
    const previous = out[out.length - 1];
    if (token.kind === 'text' && previous?.kind === 'text') out[out.length - 1] = { ...previous, text: previous.text + token.text };
    else if (token.kind !== 'text' || token.text !== '') out.push(token);
  }
  return out;
}

export function stripWhitespace(tokens: readonly TemplateToken[]): TemplateToken[] {
  const pieces = splitLines(tokens);
  const out: TemplateToken[] = [];
  let line: TemplateToken[] = [];
  const flush = (): void => {
    out.push(...(isTagOnlyLine(line) ? line.filter((t) => t.kind !== 'text') : line));
    line = [];
  };
  for (const piece of pieces) {
    line.push(piece);
    if (piece.kind === 'text' && piece.text.endsWith('\n')) flush();
  }
  if (line.length > 0) flush();
  return mergeText(out);
}
