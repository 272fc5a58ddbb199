/** JSON value helpers shared by every API group. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * FusionAuth: "Null values in JSON are not allowed … simply omit it" (seed 000). Clients still send
 * them, so a null is treated as if the property were absent.
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(withoutNulls) as T;
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && item !== undefined) out[key] = withoutNulls(item);
  }
  return out as T;
}

/**
 * Serializes a response body with nulls omitted, as FusionAuth (Jackson NON_NULL) does. A replacer
 * makes JSON.stringify several times slower, and most bodies hold no null at all: any null value would
 * appear as the text `null`, so output without that text is already the answer. Only bodies containing
 * it (a null, or merely a string with those letters) are serialized again with the replacer.
 */
export function stringifyWithoutNulls(value: unknown): string {
  const plain = JSON.stringify(value);
  if (plain === undefined || !plain.includes('null')) return plain;
  return JSON.stringify(value, (_key, item: unknown) => (item === null ? undefined : item));
}
