/**
 * HTTP for the Event Log (docs `apis/event-logs.mdx`; client retrieveEventLog, searchEventLogs):
 * `GET /api/system/event-log/{logId}`, and search by `GET` (query parameters) or `POST` (`{"search":
 * {...}}`). The docs call for a global API key: a key locked to a tenant gets 401.
 */
import type { FastifyInstance } from 'fastify';
import { type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { EventLogSearchRequestSchema, type EventLogCriteria } from './model.js';
import type { EventLogService } from './service.js';

const readSearch = bodyReader(EventLogSearchRequestSchema);

const globalOnly = { config: { globalKeyOnly: true } };

function criteriaFromQuery(query: Query): EventLogCriteria {
  return searchCriteriaFromQuery(query, ['message', 'type', 'orderBy'], ['start', 'end']) as EventLogCriteria;
}

export function eventLogRoutes(app: FastifyInstance, service: EventLogService): void {
  app.get('/api/system/event-log/search', globalOnly, async (request) => service.search(criteriaFromQuery(request.query as Query)));

  app.post('/api/system/event-log/search', globalOnly, async (request) => service.search(readSearch(request.body).search ?? {}));

  app.get('/api/system/event-log/:eventLogId', globalOnly, async (request) => ({
    eventLog: await service.retrieve((request.params as { eventLogId: string }).eventLogId),
  }));
}
