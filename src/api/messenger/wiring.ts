/**
 * Builds the Messengers API and the SMS sender from what `server.ts` has, and registers the routes.
 * The sender is what the Two Factor API calls to deliver codes:
 * `messengers.sendSms({messengerId, phoneNumber, textMessage, type: 'SMS', code, userId})` → SmsResult.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../db/database.js';
import type { EventLogWriter } from '../event-log/service.js';
import type { TenantStore } from '../tenant/store.js';
import { createSmsSender, type SendSms } from './delivery.js';
import { messengerRoutes } from './routes.js';
import { createMessengerService } from './service.js';
import { createMessengerStore, type MessengerStore } from './store.js';

export interface MessengerWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly clock: Clock;
  readonly events?: EventLogWriter;
}

export interface MessengerApi {
  readonly store: MessengerStore;
  readonly sendSms: SendSms;
}

export function messengerApi(app: FastifyInstance, { database, tenants, clock, events }: MessengerWiring): MessengerApi {
  const store = createMessengerStore(database);
  messengerRoutes(app, createMessengerService({ messengers: store, tenants: () => tenants.list(), clock }));
  const sendSms = createSmsSender({
    findMessenger: (id) => store.find(id),
    ...(events !== undefined ? { events } : {}),
    log: { warn: (details, message) => app.log.warn(details, message) },
  });
  return { store, sendSms };
}
