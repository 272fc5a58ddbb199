/**
 * PATCH semantics, chosen by Content-Type as FusionAuth does (seed 001 "Update a User"):
 *  - `application/json` (what every client `patchX()` sends): objects merge recursively and a null
 *    removes a value; an array's new values are appended to the existing list ("a known limitation
 *    to the current implementation of PATCH", which clients may rely on);
 *  - `application/merge-patch+json` (RFC 7396): the same, except that arrays are replaced;
 *  - `application/json-patch+json` (RFC 6902): a list of operations applied in order.
 * The result is then validated exactly like a PUT of the whole object.
 */
import jsonPatch from 'fast-json-patch';
import type { FastifyRequest } from 'fastify';
import { generalError } from './errors.js';
import { isObject, withoutNulls, type JsonObject } from './json.js';

type ArrayMerge = 'append' | 'replace';

export function mergePatch(target: unknown, patch: unknown, arrays: ArrayMerge = 'replace'): unknown {
  if (arrays === 'append' && Array.isArray(patch) && Array.isArray(target)) return [...target, ...patch];
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value, arrays);
  }
  return out;
}

function applyJsonPatch(target: JsonObject, operations: unknown): JsonObject {
  if (!Array.isArray(operations)) {
    throw generalError('[invalidJSON]', 'A JSON Patch request body must be an array of operations.');
  }
  const validationError = jsonPatch.validate(operations as jsonPatch.Operation[], target);
  if (validationError !== undefined) {
    throw generalError('[invalidJSON]', `Invalid JSON Patch operation: ${validationError.message.split('\n')[0] ?? 'invalid'}`);
  }
  try {
    return jsonPatch.applyPatch(structuredClone(target), operations as jsonPatch.Operation[], false, true).newDocument;
  } catch (error) {
    throw generalError('[invalidJSON]', `The JSON Patch could not be applied: ${error instanceof Error ? error.message.split('\n')[0] : 'failed'}`);
  }
}

/**
 * Applies the PATCH body of `request` to `current` — the whole request-shaped object, e.g.
 * `{"user": {...}}` — and returns the merged request with nulls removed.
 */
export function patchRequest<T extends JsonObject>(request: FastifyRequest, current: T): JsonObject {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const merged = contentType === 'application/json-patch+json'
    ? applyJsonPatch(current, request.body)
    : mergePatch(current, request.body ?? {}, contentType === 'application/merge-patch+json' ? 'replace' : 'append');
  return withoutNulls(isObject(merged) ? merged : {});
}
