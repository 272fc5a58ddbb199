/**
 * HTTP for Search for Users (seed 001) and the search index endpoints. GET and POST search alike
 * ("Calling this API with either the GET or POST HTTP method will provide the same search results");
 * GET takes `ids` (repeated), `queryString`, `query`, `startRow`, `numberOfResults`, `accurateTotal`,
 * `expand` and `sortFields[i].name|order|missing`.
 *
 * With the database search engine there is no index to maintain: `PUT /api/user/search` (client
 * `refreshUserSearchIndex`, a flush) answers 200; `POST /api/system/reindex` validates the index name
 * and answers 202 ("the re-index request has been started") with nothing to do, and
 * `GET /api/system/reindex` answers 404 ("a re-index operation is not currently in progress").
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError, NotFoundError } from '../../core/errors.js';
import { queryBoolean, queryInteger, queryList, queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { INDEX_NAMES, ReindexRequestSchema, SearchRequestSchema, type UserSearchCriteria } from './model.js';
import type { UserSearchService } from './service.js';

const readSearch = bodyReader(SearchRequestSchema);
const readReindex = bodyReader(ReindexRequestSchema);

/** `sortFields[0].name=email&sortFields[0].order=desc` → `[{name: 'email', order: 'desc'}]`. */
function sortFieldsOf(query: Query): UserSearchCriteria['sortFields'] {
  const fields = new Map<number, Record<string, string>>();
  for (const key of Object.keys(query)) {
    const match = /^sortFields\[(\d+)\]\.(name|order|missing)$/.exec(key);
    const value = queryString(query, key);
    if (match === null || value === undefined) continue;
    const index = Number(match[1]);
    fields.set(index, { ...fields.get(index), [match[2]!]: value });
  }
  return fields.size === 0 ? undefined : [...fields.entries()].sort(([a], [b]) => a - b).map(([, field]) => field);
}

function criteriaOf(query: Query): UserSearchCriteria {
  const optional = <K extends keyof UserSearchCriteria>(key: K, value: UserSearchCriteria[K] | undefined) => (value === undefined ? {} : { [key]: value });
  const ids = queryList(query, 'ids');
  return {
    ...(ids.length > 0 ? { ids } : {}),
    ...optional('queryString', queryString(query, 'queryString')),
    ...optional('query', queryString(query, 'query')),
    ...optional('nextResults', queryString(query, 'nextResults')),
    ...optional('startRow', queryInteger(query, 'startRow')),
    ...optional('numberOfResults', queryInteger(query, 'numberOfResults')),
    ...optional('sortFields', sortFieldsOf(query)),
    ...(queryBoolean(query, 'accurateTotal') ? { accurateTotal: true } : {}),
  };
}

export function userSearchRoutes(app: FastifyInstance, service: UserSearchService): void {
  app.post('/api/user/search', async (request) => {
    const body = readSearch(request.body);
    return service.search(body.search, body.expand, request.explicitTenantId);
  });

  app.get('/api/user/search', async (request: FastifyRequest) => {
    const query = request.query as Query;
    const expand = query.expand === undefined ? undefined : queryList(query, 'expand');
    return service.search(criteriaOf(query), expand, request.explicitTenantId);
  });

  app.put('/api/user/search', async (_request, reply) => reply.code(200).send());

  app.post('/api/system/reindex', async (request, reply) => {
    const { index } = readReindex(request.body);
    if (index === undefined || index.trim() === '') throw fieldError('index', 'blank', 'You must specify the [index] property.');
    if (!(INDEX_NAMES as readonly string[]).includes(index)) {
      throw fieldError('index', 'invalid', `The [index] property must be one of [${INDEX_NAMES.join(', ')}].`);
    }
    return reply.code(202).send();
  });

  app.get('/api/system/reindex', async () => {
    throw new NotFoundError();
  });
}
