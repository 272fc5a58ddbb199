/** Identifiers: FusionAuth ids are lower-case, hyphenated UUIDs. */
import { randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export const newId = (): string => randomUUID();

/** Canonical form for storage and comparison. */
export const normalizeId = (id: string): string => id.toLowerCase();
