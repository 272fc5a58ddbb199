/**
 * Search for Users with the database search engine (seed 001). `ids`, `query` and `queryString` are
 * mutually exclusive, in that order of precedence. An `ids` search is neither paginated nor sorted and
 * ignores ids that are not UUIDs (client: "If any Id is invalid, it is ignored"); the others page with
 * `startRow`/`numberOfResults` (0/25) and sort with `sortFields`. `total` stops at 10,000 unless
 * `accurateTotal`. A request that names a tenant (locked key or header) only sees that tenant's users;
 * without one, the search spans every tenant (FusionAuth: no tenant id is required here).
 *
 * Users are built exactly as the Users API returns them (`toUserResponse`), with `registrations` and
 * `memberships` left out when `expand` does not name them.
 */
import { fieldError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { pageOf } from '../../core/pagination.js';
import type { Database } from '../../db/database.js';
import type { GroupMember } from '../group/model.js';
import type { UserRegistration } from '../registration/model.js';
import type { User } from '../user/model.js';
import type { StoredUser, UserStore } from '../user/store.js';
import { toUserResponse } from '../user/user-response.js';
import { compileSearch, FEW_MATCHES } from './plan.js';
import { EXPANDABLE, TOTAL_CAP, type Expandable, type SearchResponse, type UserSearchCriteria } from './model.js';
import { createUserSearchStore } from './store.js';

export interface UserSearchService {
  search(criteria: UserSearchCriteria | undefined, expand: readonly string[] | undefined, explicitTenantId: string | undefined): Promise<SearchResponse>;
}

export interface UserSearchServiceDeps {
  readonly database: Database;
  readonly users: Pick<UserStore, 'findMany'>;
  /** Registrations of several users at once, by user id. */
  readonly registrationsOf: (userIds: readonly string[]) => Promise<Map<string, UserRegistration[]>>;
  /** Memberships of several users at once, by user id. */
  readonly membershipsOf: (userIds: readonly string[]) => Promise<Map<string, GroupMember[]>>;
}

const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

export function createUserSearchService(deps: UserSearchServiceDeps): UserSearchService {
  const { database, users } = deps;
  const store = createUserSearchStore(database.db);

  /** The users of `ids` that exist (and are in the tenant), in the order of `ids`. */
  async function load(ids: readonly string[], tenantId: string | undefined): Promise<StoredUser[]> {
    const found = new Map((await users.findMany(ids)).map((stored) => [stored.user.id, stored]));
    return ids.map((id) => found.get(id)).filter((s): s is StoredUser => s !== undefined && (tenantId === undefined || s.user.tenantId === tenantId));
  }

  /** `relationsOf` for every user, a few hundred ids per query. */
  async function relations<T>(ids: readonly string[], relationsOf: (ids: readonly string[]) => Promise<Map<string, T[]>>): Promise<Map<string, T[]>> {
    const maps = await Promise.all(chunks(ids).map(relationsOf));
    return new Map(maps.flatMap((map) => [...map]));
  }

  async function present(stored: readonly StoredUser[], expanded: ReadonlySet<Expandable>): Promise<User[]> {
    const ids = stored.map((s) => s.user.id);
    const [registrations, memberships] = await Promise.all([
      expanded.has('registrations') ? relations(ids, deps.registrationsOf) : new Map<string, UserRegistration[]>(),
      expanded.has('memberships') ? relations(ids, deps.membershipsOf) : new Map<string, GroupMember[]>(),
    ]);
    return stored.map((s) => {
      const user = toUserResponse(s, { registrations: registrations.get(s.user.id) ?? [], memberships: memberships.get(s.user.id) ?? [] });
      if (!expanded.has('registrations')) delete user.registrations;
      if (!expanded.has('memberships')) delete user.memberships;
      return user;
    });
  }

  async function matchingIds(criteria: UserSearchCriteria, tenantId: string | undefined): Promise<{ ids: string[]; total: number }> {
    if (criteria.nextResults !== undefined) {
      throw fieldError('search.nextResults', 'invalid', 'The [nextResults] token is not supported by the database search engine; page with [startRow].');
    }
    if (criteria.query === undefined && criteria.queryString === undefined) {
      throw fieldError('search.queryString', 'blank', 'You must specify either the [search.ids], [search.query] or [search.queryString] property.');
    }
    const { startRow, numberOfResults } = pageOf(criteria);
    const search = compileSearch(database, {
      ...(criteria.query !== undefined ? { query: criteria.query } : {}),
      ...(criteria.queryString !== undefined ? { queryString: criteria.queryString } : {}),
      queryPath: 'search.query',
      queryStringPath: 'search.queryString',
    }, criteria.sortFields);
    // Count first: how many match decides how SQLite is best asked for the page (plan.ts).
    const total = await store.count(search.plan(search.selective ? 'byTerms' : 'natural'), tenantId, criteria.accurateTotal === true ? undefined : TOTAL_CAP);
    // Walking in order pays when matches are many and the page is early among them.
    const early = startRow + numberOfResults <= total / 4;
    const mode = !search.selective ? 'natural' : total > FEW_MATCHES && early && search.defaultOrder ? 'byOrder' : 'byTerms';
    const ids = await store.page(search.plan(mode), tenantId, startRow, numberOfResults);
    return { ids, total };
  }

  return {
    async search(criteria = {}, expand, tenantId) {
      const expanded = new Set<Expandable>(expand === undefined ? EXPANDABLE : EXPANDABLE.filter((e) => expand.includes(e)));
      let stored: StoredUser[];
      let total: number;
      if (criteria.ids !== undefined && criteria.ids.length > 0) {
        const ids = [...new Set(criteria.ids.filter(isUuid).map(normalizeId))];
        stored = await load(ids, tenantId);
        total = stored.length;
      } else {
        const matched = await matchingIds(criteria, tenantId);
        stored = await load(matched.ids, tenantId);
        total = matched.total;
      }
      const expandable = EXPANDABLE.filter((e) => !expanded.has(e));
      return { users: await present(stored, expanded), total, ...(expandable.length > 0 ? { expandable } : {}) };
    },
  };
}
