/**
 * HTTP for login records: search and export under `/api/system/login-record` (a global API key: a key
 * locked to a tenant gets 401, as FusionAuth's `global-api-key` authentication says) and
 * `GET /api/user/recent-login` (tenant-scoped).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queryBoolean, queryInteger, queryString, type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import type { LoginRecordCriteria, LoginRecordService } from './login-record-service.js';
import { LoginRecordExportRequestSchema, LoginRecordSearchRequestSchema } from './model.js';

const readSearch = bodyReader(LoginRecordSearchRequestSchema);
const readExport = bodyReader(LoginRecordExportRequestSchema);

const queryOf = (request: FastifyRequest): Query => request.query as Query;

const globalOnly = { config: { globalKeyOnly: true } };

function criteriaFromQuery(query: Query): LoginRecordCriteria {
  return searchCriteriaFromQuery(query, ['userId', 'applicationId'], ['start', 'end']);
}

function sendArchive(reply: FastifyReply, archive: ReturnType<LoginRecordService['export']>) {
  return reply.code(200)
    .header('content-type', 'application/zip')
    .header('content-disposition', 'attachment; filename="login_records.zip"')
    .send(archive);
}

export function loginRecordRoutes(app: FastifyInstance, service: LoginRecordService): void {
  app.get('/api/system/login-record/search', globalOnly, async (request) => {
    const query = queryOf(request);
    return service.search(criteriaFromQuery(query), queryBoolean(query, 'retrieveTotal'), request.explicitTenantId);
  });

  app.post('/api/system/login-record/search', globalOnly, async (request) => {
    const body = readSearch(request.body);
    const { retrieveTotal: nested, ...criteria } = body.search ?? {};
    return service.search(criteria, body.retrieveTotal ?? nested ?? false, request.explicitTenantId);
  });

  app.get('/api/system/login-record/export', globalOnly, async (request, reply) => {
    const query = queryOf(request);
    const dateTimeSecondsFormat = queryString(query, 'dateTimeSecondsFormat');
    const zoneId = queryString(query, 'zoneId');
    return sendArchive(reply, service.export(criteriaFromQuery(query), {
      ...(dateTimeSecondsFormat !== undefined ? { dateTimeSecondsFormat } : {}),
      ...(zoneId !== undefined ? { zoneId } : {}),
    }, request.explicitTenantId));
  });

  app.post('/api/system/login-record/export', globalOnly, async (request, reply) => {
    const body = readExport(request.body);
    return sendArchive(reply, service.export(body.criteria ?? {}, {
      ...(body.dateTimeSecondsFormat !== undefined ? { dateTimeSecondsFormat: body.dateTimeSecondsFormat } : {}),
      ...(body.zoneId !== undefined ? { zoneId: body.zoneId } : {}),
    }, request.explicitTenantId));
  });

  app.get('/api/user/recent-login', async (request) => {
    const query = queryOf(request);
    const userId = queryString(query, 'userId');
    const offset = queryInteger(query, 'offset');
    const limit = queryInteger(query, 'limit');
    return service.recent({
      ...(userId !== undefined ? { userId } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(limit !== undefined ? { limit } : {}),
    }, request.explicitTenantId);
  });
}
