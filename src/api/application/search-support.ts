/**
 * Pieces the Application and Group searches share: FusionAuth's `orderBy` strings
 * (`"name ASC, insertInstant DESC"`, the direction optional and ASC by default) and field errors whose
 * code does not follow the `[type]path` rule (FusionAuth reports, e.g., `[invalid]members` under
 * `members[<groupId>]`, or `[blank]role.name` under `application.roles[0]`).
 */
import { fieldError, ValidationError } from '../../core/errors.js';

export interface SortOrder<F extends string> {
  readonly field: F;
  readonly descending: boolean;
}

/** Parses an `orderBy` string against the fields a search allows; unknown fields are `[invalid]<path>`. */
export function parseOrderBy<F extends string>(orderBy: string | undefined, fields: readonly F[], path = 'search.orderBy'): SortOrder<F>[] {
  if (orderBy === undefined || orderBy.trim() === '') return [];
  return orderBy.split(',').map((clause) => {
    const [name = '', direction = 'ASC', ...rest] = clause.trim().split(/\s+/);
    const field = fields.find((f) => f.toLowerCase() === name.toLowerCase());
    const dir = direction.toUpperCase();
    if (field === undefined || (dir !== 'ASC' && dir !== 'DESC') || rest.length > 0) {
      throw fieldError(path, 'invalid', `The [${path}] value [${clause.trim()}] is not valid. Order by one of [${fields.join(', ')}] followed by an optional ASC or DESC.`);
    }
    return { field, descending: dir === 'DESC' };
  });
}

/** Adds a field error under `path` with a code that is not derived from the path. */
export function addCoded(errors: ValidationError, path: string, code: string, message: string): ValidationError {
  (errors.fieldErrors[path] ??= []).push({ code, message });
  return errors;
}
