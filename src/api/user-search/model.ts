/**
 * The Search for Users request and response (seed 001; client `SearchRequest`, `UserSearchCriteria`,
 * `SortField`, `SearchResponse`): `{"search": {ids | query | queryString, sortFields, startRow,
 * numberOfResults, accurateTotal}, "expand": [...]}` → `{"users": [...], "total": N, "expandable"?}`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { User } from '../user/model.js';

/** Without `accurateTotal`, `total` stops at 10,000 (seed: "the returned total count will be 10,000"). */
export const TOTAL_CAP = 10_000;

/** What `expand` may name; both are expanded when `expand` is absent (seed: "for backwards compatibility"). */
export const EXPANDABLE = ['memberships', 'registrations'] as const;
export type Expandable = (typeof EXPANDABLE)[number];

export const SortFieldSchema = Type.Object({
  name: Type.Optional(Type.String()),
  order: Type.Optional(Type.String()),
  missing: Type.Optional(Type.String()),
});

export const UserSearchCriteriaSchema = Type.Object({
  accurateTotal: Type.Optional(Type.Boolean()),
  ids: Type.Optional(Type.Array(Type.String())),
  nextResults: Type.Optional(Type.String()),
  numberOfResults: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String()),
  query: Type.Optional(Type.String()),
  queryString: Type.Optional(Type.String()),
  sortFields: Type.Optional(Type.Array(SortFieldSchema)),
  startRow: Type.Optional(Type.Integer()),
});
export type UserSearchCriteria = Static<typeof UserSearchCriteriaSchema>;

export const SearchRequestSchema = Type.Object({
  search: Type.Optional(UserSearchCriteriaSchema),
  expand: Type.Optional(Type.Array(Type.String())),
});

export interface SearchResponse {
  users: User[];
  total: number;
  /** The expandable properties left out of this response. */
  expandable?: Expandable[];
}

/** `POST /api/system/reindex` (client `ReindexRequest`). */
export const ReindexRequestSchema = Type.Object({ index: Type.Optional(Type.String()) });

/** The index names the Reindex API accepts (docs apis/system: "Rebuild the Elasticsearch index"). */
export const INDEX_NAMES = ['fusionauth_user', 'fusionauth_entity'] as const;
