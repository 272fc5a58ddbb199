/**
 * Which users a bulk delete (`DELETE /api/user/bulk`, seed 001 "Bulk Delete Users") acts on. `userIds`,
 * `query` and `queryString` are mutually exclusive, in that order of precedence. `query` and
 * `queryString` select users exactly as Search for Users does (the user-search matcher): the database
 * engine's one-term query string, or the supported subset of the Elasticsearch JSON query; anything
 * outside that subset is a 400 and deletes nothing.
 */
import { fieldError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { DEFAULT_BULK_DELETE_LIMIT } from './model.js';
import type { UserMatcher } from '../user-search/matcher.js';
import type { UserStore } from './store.js';

export interface BulkDeleteCriteria {
  readonly userIds: readonly string[];
  /** Where `userIds` came from, for error paths: `userId` (query) or `userIds` (body). */
  readonly userIdsParameter: string;
  readonly query?: string;
  readonly queryString?: string;
  readonly dryRun: boolean;
  readonly hardDelete: boolean;
  readonly limit?: number;
}

export async function bulkDeleteTargets(users: UserStore, matcher: UserMatcher, criteria: BulkDeleteCriteria, tenantId: string | undefined): Promise<string[]> {
  const limit = criteria.limit ?? DEFAULT_BULK_DELETE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw fieldError('limit', 'invalid', 'The [limit] property must be an integer greater than 0.');
  if (criteria.userIds.length > 0) {
    const path = criteria.userIdsParameter;
    const invalid = criteria.userIds.filter((id) => !isUuid(id));
    if (invalid.length > 0) throw fieldError(path, 'couldNotConvert', `The [${path}] values [${invalid.join(', ')}] are not valid UUIDs.`);
    return (await users.existing(criteria.userIds.map(normalizeId), tenantId)).slice(0, limit);
  }
  if (criteria.query !== undefined || criteria.queryString !== undefined) {
    const { query, queryString } = criteria;
    return matcher.matchIds({ ...(query !== undefined ? { query } : { queryString: queryString! }), queryPath: 'query', queryStringPath: 'queryString' }, tenantId, limit);
  }
  throw fieldError('userIds', 'missing', 'You must specify either the [userIds], [query] or [queryString] property.');
}
