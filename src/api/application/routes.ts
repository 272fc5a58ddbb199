/** HTTP for `/api/application` and its roles (FusionAuth docs, Applications). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldError } from '../../core/errors.js';
import { pageOf } from '../../core/pagination.js';
import { patchRequest } from '../../core/patch.js';
import { queryBoolean, queryList, queryString, type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { OneOf } from './model-shared.js';
import { ApplicationRequestSchema, OBJECT_STATES, type Application } from './model.js';
import type { RoleService } from './role-service.js';
import { parseOrderBy } from './search-support.js';
import type { ApplicationSearchCriteria, ApplicationService } from './service.js';
import { APPLICATION_ORDER_FIELDS } from './store.js';

const readRequest = bodyReader(ApplicationRequestSchema);

const ApplicationSearchRequestSchema = Type.Object({
  search: Type.Optional(Type.Object({
    name: Type.Optional(Type.String()),
    state: Type.Optional(OneOf(OBJECT_STATES)),
    tenantId: Type.Optional(Type.String()),
    universal: Type.Optional(Type.Boolean()),
    numberOfResults: Type.Optional(Type.Integer()),
    startRow: Type.Optional(Type.Integer()),
    orderBy: Type.Optional(Type.String()),
  })),
  expand: Type.Optional(Type.Array(Type.String())),
});
const readSearch = bodyReader(ApplicationSearchRequestSchema);

interface SearchInput {
  name?: string;
  state?: string;
  tenantId?: string;
  numberOfResults?: number;
  startRow?: number;
  orderBy?: string;
}

function criteriaOf(input: SearchInput, prefix: string): ApplicationSearchCriteria {
  const page = pageOf(input);
  const states: readonly string[] = OBJECT_STATES;
  if (input.state !== undefined && !states.includes(input.state)) {
    throw fieldError(`${prefix}state`, 'invalid', `The [${prefix}state] must be one of [${OBJECT_STATES.join(', ')}].`);
  }
  return {
    ...page,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.state !== undefined ? { state: input.state as NonNullable<ApplicationSearchCriteria['state']> } : {}),
    ...(input.tenantId !== undefined ? { tenantId: input.tenantId } : {}),
    orderBy: parseOrderBy(input.orderBy, APPLICATION_ORDER_FIELDS, `${prefix}orderBy`),
  };
}

/** `expand` (1.50): which of `roles` and `scopes` a search returns; both when absent. */
function expanded(applications: Application[], expand: string[] | undefined): Application[] {
  if (expand === undefined) return applications;
  return applications.map(({ roles, scopes, ...rest }) => ({
    ...rest,
    ...(expand.includes('roles') ? { roles } : {}),
    ...(expand.includes('scopes') ? { scopes } : {}),
  }));
}

const scopeOf = (request: FastifyRequest): string | undefined => request.explicitTenantId;
const emptyOk = (reply: FastifyReply) => reply.code(200).send();

export function applicationRoutes(app: FastifyInstance, service: ApplicationService): void {
  const create = async (request: FastifyRequest) => {
    const body = readRequest(request.body);
    if (body.application === undefined) throw fieldError('application', 'missing', 'You must specify the [application] property.');
    const id = optionalPathId(request.params, 'applicationId');
    return {
      application: await service.create({
        scope: scopeOf(request),
        application: body.application,
        ...(id !== undefined ? { id } : {}),
        ...(body.sourceApplicationId !== undefined ? { sourceApplicationId: body.sourceApplicationId } : {}),
      }),
    };
  };
  app.post('/api/application', create);
  app.post('/api/application/:applicationId', create);

  app.get('/api/application', async (request) => ({
    applications: await service.list(scopeOf(request), queryBoolean(request.query as Query, 'inactive')),
  }));

  app.get('/api/application/search', async (request) => {
    const query = request.query as Query;
    const input: SearchInput = searchCriteriaFromQuery(query, ['name', 'state', 'tenantId', 'orderBy']);
    const result = await service.search(scopeOf(request), criteriaOf(input, ''));
    const expand = query.expand === undefined ? undefined : queryList(query, 'expand');
    return { applications: expanded(result.applications, expand), total: result.total };
  });

  app.post('/api/application/search', async (request) => {
    const body = readSearch(request.body);
    const result = await service.search(scopeOf(request), criteriaOf(body.search ?? {}, 'search.'));
    return { applications: expanded(result.applications, body.expand), total: result.total };
  });

  app.get('/api/application/:applicationId', async (request) => ({
    application: await service.retrieve(scopeOf(request), pathId(request.params, 'applicationId')),
  }));

  app.get('/api/application/:applicationId/oauth-configuration', { config: { auth: 'optionalApiKey' } }, async (request) =>
    service.oauthConfiguration(scopeOf(request), pathId(request.params, 'applicationId'), request.apiKey !== undefined));

  app.put('/api/application/:applicationId', async (request) => {
    const id = pathId(request.params, 'applicationId');
    if (queryBoolean(request.query as Query, 'reactivate')) return { application: await service.reactivate(scopeOf(request), id) };
    const body = readRequest(request.body);
    if (body.application === undefined) throw fieldError('application', 'missing', 'You must specify the [application] property.');
    return { application: await service.update(scopeOf(request), id, body.application) };
  });

  app.patch('/api/application/:applicationId', async (request) => {
    const id = pathId(request.params, 'applicationId');
    const current = await service.retrieve(scopeOf(request), id);
    const merged = readRequest(patchRequest(request, { application: current }));
    return { application: await service.update(scopeOf(request), id, merged.application ?? {}) };
  });

  app.delete('/api/application/:applicationId', async (request, reply) => {
    const id = pathId(request.params, 'applicationId');
    if (queryBoolean(request.query as Query, 'hardDelete')) await service.hardDelete(scopeOf(request), id);
    else await service.deactivate(scopeOf(request), id);
    return emptyOk(reply);
  });
}

export function applicationRoleRoutes(app: FastifyInstance, roles: RoleService): void {
  const create = async (request: FastifyRequest) => {
    const applicationId = pathId(request.params, 'applicationId');
    const body = readRequest(request.body);
    return { role: await roles.create(scopeOf(request), applicationId, optionalPathId(request.params, 'roleId'), body.role) };
  };
  app.post('/api/application/:applicationId/role', create);
  app.post('/api/application/:applicationId/role/:roleId', create);

  app.put('/api/application/:applicationId/role/:roleId', async (request) => {
    const applicationId = pathId(request.params, 'applicationId');
    const roleId = pathId(request.params, 'roleId');
    return { role: await roles.update(scopeOf(request), applicationId, roleId, readRequest(request.body).role) };
  });

  app.patch('/api/application/:applicationId/role/:roleId', async (request) => {
    const applicationId = pathId(request.params, 'applicationId');
    const roleId = pathId(request.params, 'roleId');
    const current = await roles.retrieve(scopeOf(request), applicationId, roleId);
    const merged = readRequest(patchRequest(request, { role: current }));
    return { role: await roles.update(scopeOf(request), applicationId, roleId, merged.role) };
  });

  app.delete('/api/application/:applicationId/role/:roleId', async (request, reply) => {
    await roles.delete(scopeOf(request), pathId(request.params, 'applicationId'), { roleId: pathId(request.params, 'roleId') });
    return emptyOk(reply);
  });

  // Delete by name: `DELETE /api/application/{applicationId}/role?name=...`.
  app.delete('/api/application/:applicationId/role', async (request, reply) => {
    const name = queryString(request.query as Query, 'name');
    await roles.delete(scopeOf(request), pathId(request.params, 'applicationId'), name !== undefined ? { name } : {});
    return emptyOk(reply);
  });
}
