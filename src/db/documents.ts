/** Helpers for the `doc` column: an object's JSON, minus anything kept in its own columns. */
import { withoutNulls } from '../core/json.js';

export function toDoc(value: object): string {
  return JSON.stringify(withoutNulls(value));
}

export function fromDoc<T>(doc: string): T {
  return JSON.parse(doc) as T;
}

/** Freezes `value` and everything reachable from it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Parsed documents of rows that nearly every request reads by id (tenants, applications: several KB of
 * JSON, ≈10–25 µs to parse each time). The row is still read each time and its `doc` text compared with
 * the one parsed before, so an update — from this process or another — is seen at once without any
 * invalidation; only an unchanged text reuses the parsed object. That object is shared between requests,
 * so it is deeply frozen: code that would change it fails loudly instead of corrupting other requests.
 * Bounded; the oldest entry goes first.
 */
export function parsedDocuments<T extends object>(limit = 256): (id: string, doc: string) => T {
  const parsed = new Map<string, { readonly doc: string; readonly value: T }>();
  return (id, doc) => {
    const known = parsed.get(id);
    if (known !== undefined && known.doc === doc) return known.value;
    const value = deepFreeze(fromDoc<T>(doc));
    parsed.delete(id);
    if (parsed.size >= limit) parsed.delete(parsed.keys().next().value!);
    parsed.set(id, { doc, value });
    return value;
  };
}

/** Booleans are 0/1 integers on both dialects. */
export const flag = (value: boolean | undefined): number => (value ? 1 : 0);
