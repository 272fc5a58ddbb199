/** Helpers for the `doc` column: an object's JSON, minus anything kept in its own columns. */
import { withoutNulls } from '../core/json.js';

export function toDoc(value: object): string {
  return JSON.stringify(withoutNulls(value));
}

export function fromDoc<T>(doc: string): T {
  return JSON.parse(doc) as T;
}

/** Booleans are 0/1 integers on both dialects. */
export const flag = (value: boolean | undefined): number => (value ? 1 : 0);
