/**
 * HTTP for `/api/key` (FusionAuth docs, apis/keys: Retrieve, Update, Delete, Search, Generate and Import
 * a Key). Every operation needs a global API key: one locked to a tenant gets 401, as FusionAuth's
 * `global-api-key` authentication says.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { KeyRequestSchema, KeySearchCriteriaSchema, KeySearchRequestSchema, type KeySearchCriteria } from './model.js';
import type { KeyService } from './service.js';

const readKeyRequest = bodyReader(KeyRequestSchema);
const readSearchRequest = bodyReader(KeySearchRequestSchema);
const readSearchCriteria = bodyReader(KeySearchCriteriaSchema);

const options = { config: { globalKeyOnly: true } };

/** `GET /api/key/search?algorithm=&name=&type=&orderBy=&startRow=&numberOfResults=` as criteria. */
function criteriaFromQuery(query: Query): KeySearchCriteria {
  return readSearchCriteria(searchCriteriaFromQuery(query, ['algorithm', 'name', 'type', 'orderBy']));
}

export function keyRoutes(app: FastifyInstance, keys: KeyService): void {
  const generate = async (request: FastifyRequest) => ({
    key: await keys.generate(optionalPathId(request.params, 'keyId'), readKeyRequest(request.body).key),
  });
  app.post('/api/key/generate', options, generate);
  app.post('/api/key/generate/:keyId', options, generate);

  const importKey = async (request: FastifyRequest) => ({
    key: await keys.import(optionalPathId(request.params, 'keyId'), readKeyRequest(request.body).key),
  });
  app.post('/api/key/import', options, importKey);
  app.post('/api/key/import/:keyId', options, importKey);

  app.get('/api/key', options, async () => ({ keys: await keys.list() }));

  app.get('/api/key/search', options, async (request) => keys.search(criteriaFromQuery(request.query as Query)));
  app.post('/api/key/search', options, async (request) => keys.search(readSearchRequest(request.body).search ?? {}));

  app.get('/api/key/:keyId', options, async (request) => ({ key: await keys.retrieve(pathId(request.params, 'keyId')) }));

  app.put('/api/key/:keyId', options, async (request) => ({
    key: await keys.update(pathId(request.params, 'keyId'), readKeyRequest(request.body).key),
  }));

  app.delete('/api/key/:keyId', options, async (request, reply) => {
    await keys.delete(pathId(request.params, 'keyId'));
    return reply.code(200).send();
  });
}
