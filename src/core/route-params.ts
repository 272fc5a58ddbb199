/** Path parameters: an id that is not a UUID cannot name anything, so it is a 404, not a 500. */
import { NotFoundError } from './errors.js';
import { isUuid, normalizeId } from './ids.js';

export function pathId(params: unknown, name: string): string {
  const value = (params as Record<string, string | undefined>)[name];
  if (!isUuid(value)) throw new NotFoundError();
  return normalizeId(value);
}

/** An optional id on create (`POST /api/x/{id}`): absent is fine, malformed is a 400 on `<entity>.id`. */
export function optionalPathId(params: unknown, name: string): string | undefined {
  const value = (params as Record<string, string | undefined>)[name];
  return value === undefined || value === '' ? undefined : value;
}
