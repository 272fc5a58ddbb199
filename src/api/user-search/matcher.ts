/**
 * Which users a `query` or `queryString` selects: the one implementation behind Search for Users and
 * Bulk Delete Users (`DELETE /api/user/bulk` takes the same two parameters). Parsing and compiling
 * happen before any SQL runs, so an unsupported query is a 400 and never a partial answer.
 */
import type { Database } from '../../db/database.js';
import { compileSearch, type UserQuery } from './plan.js';
import { createUserSearchStore } from './store.js';

export type { UserQuery } from './plan.js';

export interface UserMatcher {
  /** Ids of the users the query selects (in `tenantId` when given), oldest first, at most `limit`. */
  matchIds(criteria: UserQuery, tenantId: string | undefined, limit: number): Promise<string[]>;
}

export function createUserMatcher(database: Database): UserMatcher {
  const store = createUserSearchStore(database.db);
  return {
    async matchIds(criteria, tenantId, limit) {
      const search = compileSearch(database, criteria);
      return store.page(search.plan(search.selective ? 'byTerms' : 'natural'), tenantId, 0, limit);
    },
  };
}
