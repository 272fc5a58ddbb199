/** HTTP for `/api/tenant` (FusionAuth docs, "Tenants"). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../core/errors.js';
import { pageOf } from '../../core/pagination.js';
import { patchRequest } from '../../core/patch.js';
import { queryBoolean, type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { requireTenantId, type TenantDirectory } from '../../core/tenant-context.js';
import { parseOrderBy } from '../application/search-support.js';
import { TenantDeleteRequestSchema, TenantRequestSchema, TenantSearchRequestSchema } from './model-request.js';
import type { TenantScope, TenantService } from './service.js';
import { TENANT_ORDER_FIELDS, type TenantSearch } from './store.js';

const readRequest = bodyReader(TenantRequestSchema);
const readDeleteRequest = bodyReader(TenantDeleteRequestSchema);
const readSearch = bodyReader(TenantSearchRequestSchema);

interface SearchInput {
  name?: string;
  startRow?: number;
  numberOfResults?: number;
  orderBy?: string;
}

function criteriaOf(input: SearchInput, prefix: string): TenantSearch {
  return {
    ...pageOf(input),
    ...(input.name !== undefined ? { name: input.name } : {}),
    orderBy: parseOrderBy(input.orderBy, TENANT_ORDER_FIELDS, `${prefix}orderBy`),
  };
}

function searchQuery(query: Query): SearchInput {
  return searchCriteriaFromQuery(query, ['name', 'orderBy']);
}

export function tenantRoutes(app: FastifyInstance, service: TenantService, tenants: TenantDirectory): void {
  /** The tenant the request acts as (locked key or header), which must exist; undefined for a global request. */
  const scopeOf = async (request: FastifyRequest): Promise<TenantScope> =>
    request.explicitTenantId === undefined ? undefined : requireTenantId(request, tenants);

  const create = async (request: FastifyRequest) => {
    const body = readRequest(request.body);
    return { tenant: await service.create(await scopeOf(request), optionalPathId(request.params, 'tenantId'), body) };
  };
  app.post('/api/tenant', create);
  app.post('/api/tenant/:tenantId', create);

  app.get('/api/tenant', async (request) => ({ tenants: await service.list(await scopeOf(request)) }));

  app.get('/api/tenant/:tenantId', async (request) => ({
    tenant: await service.retrieve(await scopeOf(request), pathId(request.params, 'tenantId')),
  }));

  app.put('/api/tenant/:tenantId', async (request) => ({
    tenant: await service.update(await scopeOf(request), pathId(request.params, 'tenantId'), readRequest(request.body)),
  }));

  app.patch('/api/tenant/:tenantId', async (request) => {
    const id = pathId(request.params, 'tenantId');
    const scope = await scopeOf(request);
    const current = await service.retrieve(scope, id);
    return { tenant: await service.update(scope, id, readRequest(patchRequest(request, { tenant: current }))) };
  });

  // `async` (query or body): FusionAuth answers 202 and deletes in the background. Here the delete is
  // done before answering, so the caller gets the same 202 with the work already complete.
  app.delete('/api/tenant/:tenantId', async (request, reply: FastifyReply) => {
    const id = pathId(request.params, 'tenantId');
    const body = readDeleteRequest(request.body);
    const async = queryBoolean(request.query as Query, 'async') || body.async === true;
    await service.delete(await scopeOf(request), id);
    return reply.code(async ? 202 : 200).send();
  });

  // Search is for global API keys only: a tenant-scoped request gets 401 (docs, Search for Tenants).
  const globalOnly = (request: FastifyRequest): void => {
    if (request.explicitTenantId !== undefined) throw new UnauthorizedError();
  };
  app.get('/api/tenant/search', async (request) => {
    globalOnly(request);
    return service.search(criteriaOf(searchQuery(request.query as Query), ''));
  });
  app.post('/api/tenant/search', async (request) => {
    globalOnly(request);
    return service.search(criteriaOf(readSearch(request.body).search ?? {}, 'search.'));
  });

  // No API key: login pages read these to show the rules. Without an id, the request's tenant.
  const config = { auth: 'none' as const };
  app.get('/api/tenant/password-validation-rules', { config }, async (request) => ({
    passwordValidationRules: await service.passwordValidationRules(await requireTenantId(request, tenants)),
  }));
  app.get('/api/tenant/password-validation-rules/:tenantId', { config }, async (request) => ({
    passwordValidationRules: await service.passwordValidationRules(pathId(request.params, 'tenantId')),
  }));
}
