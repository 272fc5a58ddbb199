/** HTTP for `/api/user-action` (FusionAuth docs apis/user-actions). User Actions are global objects. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { patchRequest } from '../../core/patch.js';
import { queryBoolean, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { UserActionRequestSchema } from './model.js';
import type { UserActionService } from './service.js';

const readRequest = bodyReader(UserActionRequestSchema);
const query = (request: FastifyRequest): Query => request.query as Query;

export function userActionRoutes(app: FastifyInstance, service: UserActionService): void {
  const create = async (request: FastifyRequest) => {
    const body = readRequest(request.body);
    return { userAction: await service.create(optionalPathId(request.params, 'userActionId'), body.userAction ?? {}) };
  };
  app.post('/api/user-action', create);
  app.post('/api/user-action/:userActionId', create);

  app.get('/api/user-action', async (request) => ({ userActions: await service.list(queryBoolean(query(request), 'inactive')) }));

  app.get('/api/user-action/:userActionId', async (request) => ({
    userAction: await service.retrieve(pathId(request.params, 'userActionId')),
  }));

  // `?reactivate=true` reactivates a soft-deleted action; otherwise the body replaces the action.
  app.put('/api/user-action/:userActionId', async (request) => {
    const id = pathId(request.params, 'userActionId');
    if (queryBoolean(query(request), 'reactivate')) return { userAction: await service.reactivate(id) };
    return { userAction: await service.update(id, readRequest(request.body).userAction ?? {}) };
  });

  app.patch('/api/user-action/:userActionId', async (request) => {
    const id = pathId(request.params, 'userActionId');
    const merged = readRequest(patchRequest(request, { userAction: await service.retrieve(id) }));
    return { userAction: await service.update(id, merged.userAction ?? {}) };
  });

  // Soft delete (deactivate) unless `?hardDelete=true`, which removes the action and its logs.
  app.delete('/api/user-action/:userActionId', async (request, reply) => {
    const id = pathId(request.params, 'userActionId');
    if (queryBoolean(query(request), 'hardDelete')) await service.delete(id);
    else await service.deactivate(id);
    return reply.code(200).send();
  });
}
