/** HTTP for `/api/group` and `/api/group/member` (FusionAuth docs, Groups). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError } from '../../core/errors.js';
import { pageOf } from '../../core/pagination.js';
import { patchRequest } from '../../core/patch.js';
import { queryString, type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { parseOrderBy } from '../application/search-support.js';
import type { MemberService } from './member-service.js';
import { GroupRequestSchema, MemberDeleteRequestSchema, MemberRequestSchema } from './model.js';
import type { GroupService } from './service.js';
import { GROUP_ORDER_FIELDS, MEMBER_ORDER_FIELDS } from './store.js';

const readGroupRequest = bodyReader(GroupRequestSchema);
const readMemberRequest = bodyReader(MemberRequestSchema);
const readMemberDelete = bodyReader(MemberDeleteRequestSchema);

const criteria = {
  name: Type.Optional(Type.String()),
  groupId: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  numberOfResults: Type.Optional(Type.Integer()),
  startRow: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String()),
};
const readSearch = bodyReader(Type.Object({ search: Type.Optional(Type.Object(criteria)) }));

type SearchInput = { [K in 'name' | 'groupId' | 'userId' | 'tenantId' | 'orderBy']?: string } & { numberOfResults?: number; startRow?: number };

/** GET searches take the same criteria as query parameters. */
function searchFromQuery(query: Query): SearchInput {
  return searchCriteriaFromQuery(query, ['name', 'groupId', 'userId', 'tenantId', 'orderBy']);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const scopeOf = (request: FastifyRequest): string | undefined => request.explicitTenantId;

export function groupRoutes(app: FastifyInstance, groups: GroupService): void {
  const create = async (request: FastifyRequest) => {
    const body = readGroupRequest(request.body);
    if (body.group === undefined) throw fieldError('group', 'missing', 'You must specify the [group] property.');
    return { group: await groups.create(scopeOf(request), optionalPathId(request.params, 'groupId'), body.group, body.roleIds) };
  };
  app.post('/api/group', create);
  app.post('/api/group/:groupId', create);

  app.get('/api/group', async (request) => ({ groups: await groups.list(scopeOf(request)) }));

  const search = async (request: FastifyRequest, input: SearchInput) => {
    const page = pageOf(input);
    return groups.search(scopeOf(request), {
      ...page,
      ...optional('name', input.name),
      ...optional('tenantId', input.tenantId),
      orderBy: parseOrderBy(input.orderBy, GROUP_ORDER_FIELDS),
    });
  };
  app.get('/api/group/search', async (request) => search(request, searchFromQuery(request.query as Query)));
  app.post('/api/group/search', async (request) => search(request, readSearch(request.body).search ?? {}));

  app.get('/api/group/:groupId', async (request) => ({ group: await groups.retrieve(scopeOf(request), pathId(request.params, 'groupId')) }));

  app.put('/api/group/:groupId', async (request) => {
    const id = pathId(request.params, 'groupId');
    const body = readGroupRequest(request.body);
    if (body.group === undefined) throw fieldError('group', 'missing', 'You must specify the [group] property.');
    return { group: await groups.update(scopeOf(request), id, body.group, body.roleIds) };
  });

  app.patch('/api/group/:groupId', async (request) => {
    const id = pathId(request.params, 'groupId');
    const merged = readGroupRequest(patchRequest(request, await groups.current(scopeOf(request), id)));
    return { group: await groups.update(scopeOf(request), id, merged.group ?? {}, merged.roleIds) };
  });

  app.delete('/api/group/:groupId', async (request, reply) => {
    await groups.delete(scopeOf(request), pathId(request.params, 'groupId'));
    return reply.code(200).send();
  });
}

export function groupMemberRoutes(app: FastifyInstance, members: MemberService): void {
  app.post('/api/group/member', async (request) => ({ members: await members.add(scopeOf(request), readMemberRequest(request.body).members) }));
  app.put('/api/group/member', async (request) => ({ members: await members.replace(scopeOf(request), readMemberRequest(request.body).members) }));

  app.delete('/api/group/member/:memberId', async (request, reply) => {
    await members.removeById(scopeOf(request), pathId(request.params, 'memberId'));
    return reply.code(200).send();
  });

  // FusionAuth's order: a body `members` map, then the query's groupId(+userId), then body `memberIds`.
  app.delete('/api/group/member', async (request, reply) => {
    const body = readMemberDelete(request.body);
    const query = request.query as Query;
    const groupId = queryString(query, 'groupId');
    const userId = queryString(query, 'userId');
    const memberId = queryString(query, 'memberId');
    if (body.members !== undefined) await members.removeMany(scopeOf(request), { members: body.members });
    else if (memberId !== undefined) await members.removeById(scopeOf(request), memberId);
    else if (groupId !== undefined && userId !== undefined) await members.removeByUser(scopeOf(request), groupId, userId);
    else if (groupId !== undefined) await members.removeAll(scopeOf(request), groupId);
    else await members.removeMany(scopeOf(request), optional('memberIds', body.memberIds));
    return reply.code(200).send();
  });

  const search = async (request: FastifyRequest, input: SearchInput) => {
    const page = pageOf(input);
    return members.search(scopeOf(request), {
      ...page,
      ...optional('groupId', input.groupId),
      ...optional('userId', input.userId),
      ...optional('tenantId', input.tenantId),
      orderBy: parseOrderBy(input.orderBy, MEMBER_ORDER_FIELDS),
    });
  };
  app.get('/api/group/member/search', async (request) => search(request, searchFromQuery(request.query as Query)));
  app.post('/api/group/member/search', async (request) => search(request, readSearch(request.body).search ?? {}));
}
