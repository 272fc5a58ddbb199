/**
 * Fills the gaps in a FusionAuth object from its defaults, the way FusionAuth's domain classes start
 * out with every nested configuration already initialised: a property the input leaves out (or sets to
 * null) takes the default; nested objects are filled recursively; arrays and scalars the input does give
 * win as they are (an explicit `[]` stays empty). Properties the defaults do not know are kept.
 * Defaults are copied, never shared, so the result can be mutated safely.
 */
import { isObject, type JsonObject } from './json.js';

export function deepFill<T>(input: T, defaults: T): T {
  return fill(input, defaults) as T;
}

function fill(input: unknown, defaults: unknown): unknown {
  if (input === undefined || input === null) return structuredClone(defaults);
  if (!isObject(input) || !isObject(defaults)) return input;
  const out: JsonObject = { ...input };
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = fill(input[key], fallback);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
