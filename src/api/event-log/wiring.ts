/** Builds the Event Log API and registers its routes; answers the writer other groups log through. */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../db/database.js';
import { eventLogRoutes } from './routes.js';
import { createEventLogService, type EventLogWriter } from './service.js';
import { createEventLogStore } from './store.js';

export function eventLogApi(app: FastifyInstance, { database, clock }: { database: Database; clock: Clock }): EventLogWriter {
  const service = createEventLogService({ store: createEventLogStore(database), clock });
  eventLogRoutes(app, service);
  return { write: (entry) => service.write(entry) };
}
