/**
 * FreeMarker built-ins (`x?name`, `x?name(args)`) that templates use in practice. Names not listed here
 * are refused when the template is parsed. The built-ins that need more than a value — the ones that
 * tolerate a missing value (`?has_content`, `?exists`, `?if_exists`, `?default`), `?then` (lazy), the
 * loop-variable ones (`?index`, `?has_next` …) and the escaping ones (`?esc`, `?no_esc`) — are handled
 * by the evaluator; the rest are plain functions of their target and arguments.
 */
import { TemplateRenderError } from './errors.js';
import { computerNumber, EMPTY, formatNumber, escapeHtml, isHash, Markup, Placeholder, typeError, type Value } from './values.js';

type Builtin = (target: Value, args: readonly Value[], source: string) => Value;

export const MISSING_TOLERANT_BUILTINS = new Set(['has_content', 'exists', 'if_exists', 'default']);
export const LOOP_BUILTINS = new Set(['index', 'counter', 'has_next', 'is_first', 'is_last', 'item_parity', 'item_cycle', 'is_even_item', 'is_odd_item']);
const EVALUATOR_BUILTINS = ['then', 'esc', 'no_esc'];

function text(value: Value, source: string): string {
  if (typeof value === 'string') return value;
  if (value === EMPTY) return '';
  if (value instanceof Markup) return value.html;
  if (value instanceof Placeholder) return value.text;
  throw typeError('a string', value, source);
}

/** Strings and numbers (FreeMarker converts numbers for string built-ins). */
function stringy(value: Value, source: string): string {
  return typeof value === 'number' ? formatNumber(value) : text(value, source);
}

function number(value: Value, source: string): number {
  if (typeof value === 'number') return value;
  throw typeError('a number', value, source);
}

function sequence(value: Value, source: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value === EMPTY) return [];
  throw typeError('a sequence', value, source);
}

function arg(args: readonly Value[], index: number, name: string): Value {
  if (index >= args.length) throw new TemplateRenderError(`?${name} needs at least ${index + 1} argument(s).`);
  return args[index];
}

function argCount(name: string, args: readonly Value[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    throw new TemplateRenderError(`?${name} expects ${min === max ? min : `${min} to ${max}`} argument(s), but got ${args.length}.`);
  }
}

const noArgs = (name: string, impl: (target: Value, source: string) => Value): [string, Builtin] =>
  [name, (target, args, source) => { argCount(name, args, 0, 0); return impl(target, source); }];

const stringFn = (name: string, impl: (s: string) => Value): [string, Builtin] => noArgs(name, (t, source) => impl(stringy(t, source)));

function pad(name: string, atStart: boolean): [string, Builtin] {
  return [name, (target, args, source) => {
    argCount(name, args, 1, 2);
    const s = stringy(target, source);
    const width = number(args[0], `?${name} width`);
    const filler = args.length > 1 ? text(args[1], `?${name} filler`) : ' ';
    return atStart ? s.padStart(width, filler) : s.padEnd(width, filler);
  }];
}

function compareForSort(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  throw new TemplateRenderError('?sort can only sort sequences of only strings or only numbers.');
}

const ENTRIES: [string, Builtin][] = [
  stringFn('upper_case', (s) => s.toUpperCase()),
  stringFn('lower_case', (s) => s.toLowerCase()),
  stringFn('cap_first', (s) => s.replace(/^(\s*)(\S)/, (_m, ws: string, c: string) => ws + c.toUpperCase())),
  stringFn('uncap_first', (s) => s.replace(/^(\s*)(\S)/, (_m, ws: string, c: string) => ws + c.toLowerCase())),
  stringFn('capitalize', (s) => s.replace(/\S+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())),
  stringFn('trim', (s) => s.trim()),
  stringFn('length', (s) => s.length),
  stringFn('chop_linebreak', (s) => s.replace(/\r?\n$|\r$/, '')),
  stringFn('url', (s) => encodeURIComponent(s)),
  stringFn('url_path', (s) => s.split('/').map(encodeURIComponent).join('/')),
  stringFn('html', escapeHtml),
  stringFn('xhtml', escapeHtml),
  stringFn('xml', (s) => escapeHtml(s).replace(/&#39;/g, '&apos;')),
  stringFn('json_string', (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/').replace(/</g, '\\u003C')),
  stringFn('js_string', (s) => JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'").replace(/</g, '\\x3C').replace(/>/g, '\\x3E')),
  stringFn('boolean', (s) => {
    if (s === 'true' || s === 'false') return s === 'true';
    throw new TemplateRenderError(`Can't convert the string "${s}" to a boolean: only "true" and "false" can be.`);
  }),
  noArgs('number', (t, source) => {
    if (typeof t === 'number') return t;
    const s = text(t, source).trim();
    const parsed = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
    if (Number.isNaN(parsed)) throw new TemplateRenderError(`Can't convert this string to number: "${s}" ==> ${source}`);
    return parsed;
  }),
  ['contains', (t, args, source) => { argCount('contains', args, 1, 1); return stringy(t, source).includes(text(arg(args, 0, 'contains'), source)); }],
  ['starts_with', (t, args, source) => { argCount('starts_with', args, 1, 1); return stringy(t, source).startsWith(text(args[0], source)); }],
  ['ends_with', (t, args, source) => { argCount('ends_with', args, 1, 1); return stringy(t, source).endsWith(text(args[0], source)); }],
  ['index_of', (t, args, source) => { argCount('index_of', args, 1, 1); return stringy(t, source).indexOf(text(args[0], source)); }],
  ['keep_before', (t, args, source) => {
    argCount('keep_before', args, 1, 1);
    const s = stringy(t, source);
    const at = s.indexOf(text(args[0], source));
    return at < 0 ? s : s.slice(0, at);
  }],
  ['keep_after', (t, args, source) => {
    argCount('keep_after', args, 1, 1);
    const s = stringy(t, source);
    const needle = text(args[0], source);
    const at = s.indexOf(needle);
    return at < 0 ? '' : s.slice(at + needle.length);
  }],
  ['replace', (t, args, source) => { argCount('replace', args, 2, 2); return stringy(t, source).split(text(args[0], source)).join(text(args[1], source)); }],
  ['split', (t, args, source) => { argCount('split', args, 1, 1); return stringy(t, source).split(text(args[0], source)); }],
  pad('left_pad', true),
  pad('right_pad', false),
  ['c', (t, args, source) => {
    argCount('c', args, 0, 0);
    if (typeof t === 'boolean') return t ? 'true' : 'false';
    return computerNumber(number(t, source));
  }],
  ['string', (t, args, source) => {
    if (typeof t === 'boolean') {
      argCount('string', args, 0, 2);
      if (args.length === 0) return t ? 'true' : 'false';
      if (args.length !== 2) throw new TemplateRenderError('?string on a boolean takes two arguments: the text for true and for false.');
      return text(t ? args[0] : args[1], source);
    }
    argCount('string', args, 0, 0);
    return stringy(t, source);
  }],
  noArgs('abs', (t, source) => Math.abs(number(t, source))),
  noArgs('round', (t, source) => Math.floor(number(t, source) + 0.5)),
  noArgs('floor', (t, source) => Math.floor(number(t, source))),
  noArgs('ceiling', (t, source) => Math.ceil(number(t, source))),
  noArgs('int', (t, source) => Math.trunc(number(t, source))),
  noArgs('size', (t, source) => (isHash(t) ? Object.keys(t).length : sequence(t, source).length)),
  noArgs('first', (t, source) => sequence(t, source)[0] as Value),
  noArgs('last', (t, source) => { const s = sequence(t, source); return s[s.length - 1] as Value; }),
  noArgs('reverse', (t, source) => [...sequence(t, source)].reverse()),
  noArgs('sort', (t, source) => [...sequence(t, source)].sort(compareForSort)),
  ['join', (t, args, source) => {
    argCount('join', args, 1, 2);
    const items = sequence(t, source).filter((item) => item !== null && item !== undefined);
    if (items.length === 0 && args.length > 1) return text(args[1], source);
    return items.map((item) => stringy(item as Value, source)).join(text(args[0], source));
  }],
  ['seq_contains', (t, args, source) => { argCount('seq_contains', args, 1, 1); return sequence(t, source).some((item) => item === args[0]); }],
  ['seq_index_of', (t, args, source) => { argCount('seq_index_of', args, 1, 1); return sequence(t, source).findIndex((item) => item === args[0]); }],
  noArgs('keys', (t, source) => { if (!isHash(t)) throw typeError('a hash', t, source); return Object.keys(t); }),
  noArgs('values', (t, source) => { if (!isHash(t)) throw typeError('a hash', t, source); return Object.values(t).map((v) => v ?? undefined); }),
  noArgs('is_string', (t) => typeof t === 'string'),
  noArgs('is_number', (t) => typeof t === 'number'),
  noArgs('is_boolean', (t) => typeof t === 'boolean'),
  noArgs('is_sequence', (t) => Array.isArray(t)),
  noArgs('is_hash', (t) => isHash(t)),
  noArgs('is_markup_output', (t) => t instanceof Markup),
];

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(ENTRIES);

export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  ...BUILTINS.keys(), ...MISSING_TOLERANT_BUILTINS, ...LOOP_BUILTINS, ...EVALUATOR_BUILTINS,
]);
