/** HTTP for `/api/api-key` (FusionAuth docs, API Keys). Only key-manager keys may call these. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal } from '../../core/auth.js';
import { UnauthorizedError } from '../../core/errors.js';
import { patchRequest } from '../../core/patch.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { ApiKeyRequestSchema } from './model.js';
import type { ApiKeyService } from './service.js';

const readRequest = bodyReader(ApiKeyRequestSchema);
const config = { keyManagerOnly: true };

function caller(request: FastifyRequest): ApiKeyPrincipal {
  if (request.apiKey === undefined) throw new UnauthorizedError();
  return request.apiKey;
}

export function apiKeyRoutes(app: FastifyInstance, service: ApiKeyService): void {
  const create = async (request: FastifyRequest) => {
    const body = readRequest(request.body);
    const id = optionalPathId(request.params, 'keyId');
    return { apiKey: await service.create(caller(request), id, body.apiKey ?? {}, body.sourceKeyId) };
  };
  app.post('/api/api-key', { config }, create);
  app.post('/api/api-key/:keyId', { config }, create);

  app.get('/api/api-key/:keyId', { config }, async (request) => ({
    apiKey: await service.retrieve(caller(request), pathId(request.params, 'keyId')),
  }));

  app.put('/api/api-key/:keyId', { config }, async (request) => ({
    apiKey: await service.update(caller(request), pathId(request.params, 'keyId'), readRequest(request.body).apiKey ?? {}),
  }));

  app.patch('/api/api-key/:keyId', { config }, async (request) => {
    const id = pathId(request.params, 'keyId');
    const current = await service.retrieve(caller(request), id);
    const merged = readRequest(patchRequest(request, { apiKey: current }));
    return { apiKey: await service.update(caller(request), id, merged.apiKey ?? {}) };
  });

  app.delete('/api/api-key/:keyId', { config }, async (request, reply) => {
    await service.delete(caller(request), pathId(request.params, 'keyId'));
    return reply.code(200).send();
  });
}
