/**
 * The template data model: JSON values (what FusionAuth's User, Tenant, Application and `requestData`
 * are), plus two FreeMarker-specific values. `undefined` is FreeMarker's "null or missing": using it
 * anywhere but under `!`, `??` or the missing-tolerant built-ins is an error, as in FusionAuth.
 */
import { TemplateRenderError } from './errors.js';

export type Hash = { readonly [key: string]: unknown };

/** What `x!` (a default with no right side) yields: an empty string, sequence and hash at once. */
export const EMPTY = Object.freeze({ empty: true as const });
export type Empty = typeof EMPTY;

/** Markup that must not be escaped again (`?no_esc`, or an escaped value under auto-escaping). */
export class Markup {
  constructor(readonly html: string) {}
}

/**
 * A stand-in for data that only exists when FusionAuth really sends (the Preview API's `requestData`):
 * shown as `{{requestData.amount}}`, and any member of it is another placeholder.
 */
export class Placeholder {
  constructor(readonly path: string) {}
  get text(): string {
    return `{{${this.path}}}`;
  }
}

export type Value = string | number | boolean | readonly unknown[] | Hash | Empty | Markup | Placeholder | undefined;

export const isHash = (value: unknown): value is Hash =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && value !== EMPTY && !(value instanceof Markup) && !(value instanceof Placeholder);

/** JSON null and absent properties are both "missing". */
export function fromData(value: unknown): Value {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) || value === EMPTY || value instanceof Markup || value instanceof Placeholder) return value as Value;
  if (typeof value === 'object') return value as Hash;
  return undefined;
}

export function typeName(value: Value): string {
  if (value === undefined) return 'null or missing';
  if (value === EMPTY) return 'an empty default value';
  if (value instanceof Markup) return 'markup output';
  if (value instanceof Placeholder) return 'a placeholder';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a hash';
  return `a ${typeof value}`;
}

/** FreeMarker's default `number_format` ("number") in the en_US locale: grouping, up to 3 decimals. */
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export const formatNumber = (value: number): string => NUMBER_FORMAT.format(value);

/** `?c`: the computer-language form of a number (no grouping, `.` decimals). */
export function computerNumber(value: number): string {
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? value.toFixed(0) : BigInt(Math.trunc(value)).toString();
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'INF' : '-INF';
  return String(value);
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The text of a value in `${…}` or string concatenation. Booleans are refused as FreeMarker refuses
 * them (its default `boolean_format` cannot be shown to end users): write `?c` or `?string("yes", "no")`.
 */
export function displayText(value: Value, source: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (value === EMPTY) return '';
  if (value instanceof Markup) return value.html;
  if (value instanceof Placeholder) return value.text;
  if (typeof value === 'boolean') {
    throw new TemplateRenderError(`Can't convert boolean to string automatically: ==> ${source}. Use ?c, ?then("yes", "no") or ?string("yes", "no").`);
  }
  throw new TemplateRenderError(`Expected a string or something automatically convertible to string (number or markup), but this has evaluated to ${typeName(value)}: ==> ${source}`);
}

export function missingError(source: string): TemplateRenderError {
  return new TemplateRenderError(
    `The following has evaluated to null or missing:\n==> ${source}\n\nTip: If the failing expression is known to legally refer to something that's sometimes null or missing, either specify a default value like myOptionalVar!myDefault, or use [#if myOptionalVar??]when-present[#else]when-missing[/#if]. (These only cover the last step of the expression; to cover the whole expression, use parenthesis: (myOptionalVar.foo)!myDefault, (myOptionalVar.foo)??`,
    true,
  );
}

export function typeError(expected: string, value: Value, source: string): TemplateRenderError {
  return new TemplateRenderError(`Expected ${expected}, but this has evaluated to ${typeName(value)}: ==> ${source}`);
}
