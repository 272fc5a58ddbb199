/**
 * Error codes of an import are FusionAuth's, path without index (`[duplicate]user.email`, as the Users
 * API writes them); with thousands of users per request the message also says which one:
 * "… already exists. [users[42]]".
 */
import type { ValidationError } from '../../core/errors.js';

export const position = (index: number): string => `[users[${index}]]`;

/** Adds `source`'s errors to `target`, each message ending with the user's position in the request. */
export function mergeAt(target: ValidationError, source: ValidationError, index: number): void {
  const where = ` ${position(index)}`;
  for (const [path, items] of Object.entries(source.fieldErrors)) {
    const list = (target.fieldErrors[path] ??= []);
    for (const item of items) list.push({ ...item, message: item.message + where });
  }
  for (const item of source.generalErrors) target.generalErrors.push({ ...item, message: item.message + where });
}

/** `isTimeZone` remembered per import: ten thousand users share a handful of zones, and each check builds an Intl formatter. */
export function memoized(check: (value: string) => boolean): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let answer = known.get(value);
    if (answer === undefined) {
      answer = check(value);
      known.set(value, answer);
    }
    return answer;
  };
}
