/** HTTP for the Users API (seed 001: Create, Retrieve, Update, Delete, Bulk Delete, Reactivate). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.js';
import { patchRequest } from '../../core/patch.js';
import { queryBoolean, queryInteger, queryList, queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { requireTenantId, type TenantDirectory } from '../../core/tenant-context.js';
import { LOGIN_ID_TYPES, UserDeleteRequestSchema, UserDeleteSingleRequestSchema, UserRequestSchema, type LoginIdType, type User } from './model.js';
import type { UserService } from './service.js';

const readRequest = bodyReader(UserRequestSchema);
const readDeleteRequest = bodyReader(UserDeleteSingleRequestSchema);
const readBulkDeleteRequest = bodyReader(UserDeleteRequestSchema);

const queryOf = (request: FastifyRequest): Query => request.query as Query;

function loginIdTypes(query: Query): LoginIdType[] {
  const requested = queryList(query, 'loginIdTypes').filter((t): t is LoginIdType => (LOGIN_ID_TYPES as readonly string[]).includes(t));
  return requested.length > 0 ? requested : ['email', 'username'];
}

/** Users named by a live one-time id (src/api/user-lifecycle): `?changePasswordId=` and `?verificationId=`. */
export interface FlowUserLookups {
  byChangePasswordId(changePasswordId: string, explicitTenantId?: string): Promise<User>;
  byVerificationId(verificationId: string, explicitTenantId?: string): Promise<User>;
}

export function userRoutes(app: FastifyInstance, service: UserService, tenants: TenantDirectory, flowLookups?: FlowUserLookups): void {
  const create = async (request: FastifyRequest) => {
    const body = readRequest(request.body);
    const tenantId = await requireTenantId(request, tenants);
    return service.create(tenantId, optionalPathId(request.params, 'userId'), body);
  };
  app.post('/api/user', create);
  app.post('/api/user/:userId', create);

  app.get('/api/user/:userId', async (request) => ({
    user: await service.retrieve(pathId(request.params, 'userId'), request.explicitTenantId),
  }));

  // ?email= | ?username= | ?loginId=[&loginIdTypes=] need the tenant; ?changePasswordId= and
  // ?verificationId= name the user the id was issued for (its tenant comes with it).
  app.get('/api/user', async (request) => {
    const query = queryOf(request);
    const changePasswordId = queryString(query, 'changePasswordId');
    if (changePasswordId !== undefined && flowLookups !== undefined) {
      return { user: await flowLookups.byChangePasswordId(changePasswordId, request.explicitTenantId) };
    }
    const verificationId = queryString(query, 'verificationId');
    if (verificationId !== undefined && flowLookups !== undefined) {
      return { user: await flowLookups.byVerificationId(verificationId, request.explicitTenantId) };
    }
    const lookups: [string, LoginIdType[]][] = [
      ['email', ['email']],
      ['username', ['username']],
      ['loginId', loginIdTypes(query)],
    ];
    for (const [parameter, types] of lookups) {
      const value = queryString(query, parameter);
      if (value === undefined) continue;
      const tenantId = await requireTenantId(request, tenants);
      return { user: await service.retrieveByLoginId(tenantId, value, types) };
    }
    throw new NotFoundError();
  });

  app.put('/api/user/:userId', async (request) => {
    const id = pathId(request.params, 'userId');
    if (queryBoolean(queryOf(request), 'reactivate')) return service.reactivate(id, request.explicitTenantId);
    return service.update(id, readRequest(request.body), request.explicitTenantId);
  });

  app.patch('/api/user/:userId', async (request) => {
    const id = pathId(request.params, 'userId');
    const current = await service.patchable(id, request.explicitTenantId);
    return service.update(id, readRequest(patchRequest(request, current)), request.explicitTenantId);
  });

  app.delete('/api/user/bulk', async (request) => {
    const query = queryOf(request);
    const body = readBulkDeleteRequest(request.body);
    const fromQuery = [...queryList(query, 'userId'), ...queryList(query, 'userIds')];
    const limit = body.limit ?? queryInteger(query, 'limit');
    const search = body.query ?? queryString(query, 'query');
    const term = body.queryString ?? queryString(query, 'queryString');
    return service.bulkDelete({
      userIds: body.userIds ?? fromQuery,
      userIdsParameter: body.userIds !== undefined ? 'userIds' : queryList(query, 'userId').length > 0 ? 'userId' : 'userIds',
      dryRun: body.dryRun ?? queryBoolean(query, 'dryRun'),
      hardDelete: body.hardDelete ?? queryBoolean(query, 'hardDelete'),
      ...(limit !== undefined ? { limit } : {}),
      ...(search !== undefined ? { query: search } : {}),
      ...(term !== undefined ? { queryString: term } : {}),
    }, request.explicitTenantId);
  });

  // Soft delete (deactivate) unless `hardDelete` is set on the query or in the JSON body.
  app.delete('/api/user/:userId', async (request, reply) => {
    const id = pathId(request.params, 'userId');
    const hard = queryBoolean(queryOf(request), 'hardDelete') || readDeleteRequest(request.body).hardDelete === true;
    if (hard) await service.delete(id, request.explicitTenantId);
    else await service.deactivate(id, request.explicitTenantId);
    return reply.code(200).send();
  });
}
