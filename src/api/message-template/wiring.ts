/**
 * Builds the Message Templates API from what `server.ts` has and registers its routes. `compose` is
 * what the Two Factor API renders SMS codes with:
 * `messageTemplates.compose({templateId, type: 'SMS', tenant, application, user, data: {code}})`.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { ApplicationStore } from '../application/store.js';
import type { TenantStore } from '../tenant/store.js';
import { createMessageComposer, type ComposeMessage } from './compose.js';
import { messageTemplateRoutes } from './routes.js';
import { createMessageTemplateService } from './service.js';
import type { MessageTemplateStore } from './store.js';

export interface MessageTemplateWiring {
  /** Built early by `server.ts`: tenant and application validation look templates up too. */
  readonly store: MessageTemplateStore;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  readonly clock: Clock;
}

export interface MessageTemplateApi {
  readonly store: MessageTemplateStore;
  readonly compose: ComposeMessage;
}

export function messageTemplateApi(app: FastifyInstance, { store, tenants, applications, clock }: MessageTemplateWiring): MessageTemplateApi {
  messageTemplateRoutes(app, createMessageTemplateService({
    templates: store,
    clock,
    users: {
      tenants: () => tenants.list(),
      applications: async () => [...(await applications.list({ active: true })), ...(await applications.list({ active: false }))],
    },
  }));
  return { store, compose: createMessageComposer(store) };
}
