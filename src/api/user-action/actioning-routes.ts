/** HTTP for `/api/user/action` (FusionAuth docs apis/actioning-users). Scoped by the request's tenant. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { queryBoolean, queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { pathId } from '../../core/route-params.js';
import type { ActioningService } from './actioning.js';
import { ActionRequestSchema } from './model.js';

const readRequest = bodyReader(ActionRequestSchema);

export function actioningRoutes(app: FastifyInstance, service: ActioningService): void {
  app.post('/api/user/action', async (request) => ({
    action: await service.take(readRequest(request.body), request.explicitTenantId),
  }));

  app.get('/api/user/action/:actionId', async (request) => ({
    action: await service.retrieve(pathId(request.params, 'actionId'), request.explicitTenantId),
  }));

  app.get('/api/user/action', async (request: FastifyRequest) => {
    const query = request.query as Query;
    const userId = queryString(query, 'userId');
    const active = queryString(query, 'active') === undefined ? undefined : queryBoolean(query, 'active');
    return {
      actions: await service.list({
        ...(userId !== undefined ? { userId } : {}),
        ...(active !== undefined ? { active } : {}),
        preventingLogin: queryBoolean(query, 'preventingLogin'),
      }, request.explicitTenantId),
    };
  });

  app.put('/api/user/action/:actionId', async (request) => ({
    action: await service.modify(pathId(request.params, 'actionId'), readRequest(request.body), request.explicitTenantId),
  }));

  app.delete('/api/user/action/:actionId', async (request) => ({
    action: await service.cancel(pathId(request.params, 'actionId'), readRequest(request.body), request.explicitTenantId),
  }));
}
