/**
 * Builds the Emails API and the template sender from what `server.ts` already has, and registers the
 * routes. The sender is what the account flows (set password, verification, forgot password) call:
 * `email.sender.sendTemplate({tenant, templateId, to: user, data})`. Before the server closes, queued
 * deliveries are drained so a graceful shutdown does not drop mail.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { createSmtpMailer, type Mailer } from '../../email/mailer.js';
import { createTemplateSender, type TemplateSender } from '../../email/template-sender.js';
import type { ApplicationStore } from '../application/store.js';
import type { TenantStore } from '../tenant/store.js';
import { createUserActionStore } from '../user-action/store.js';
import type { User } from '../user/model.js';
import { emailRoutes } from './routes.js';
import { createEmailSendService } from './send.js';
import { createEmailTemplateService } from './service.js';
import { createEmailTemplateStore, type EmailTemplateStore } from './store.js';

export interface EmailWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  /** The user as the Users API returns it; throws NotFoundError when there is none (in the tenant). */
  readonly retrieveUser: (id: string, tenantId: string | undefined) => Promise<User>;
  readonly clock: Clock;
  /** FUSIONAUTH_APP_URL, the last fallback for templates' `baseUrl`. */
  readonly appUrl: string;
  /** Tests may swap the SMTP mailer. */
  readonly mailer?: Mailer;
}

export interface EmailApi {
  readonly templates: EmailTemplateStore;
  readonly sender: TemplateSender;
}

export function emailApi(app: FastifyInstance, deps: EmailWiring): EmailApi {
  const { tenants, applications } = deps;
  const templates = createEmailTemplateStore(deps.database);
  const userActions = createUserActionStore(deps.database);
  const sender = createTemplateSender({
    templates,
    mailer: deps.mailer ?? createSmtpMailer(),
    appUrl: deps.appUrl,
    log: { warn: (details, message) => app.log.warn(details, message) },
  });
  const templateService = createEmailTemplateService({
    templates,
    clock: deps.clock,
    users: {
      tenants: () => tenants.list(),
      applications: async () => [...(await applications.list({ active: true })), ...(await applications.list({ active: false }))],
      userActions: async () => [...(await userActions.list(true)), ...(await userActions.list(false))],
    },
  });
  const sending = createEmailSendService({
    templates,
    sender,
    findUser: async (id, tenantId) => {
      try {
        return await deps.retrieveUser(id, tenantId);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    findTenant: (id) => tenants.find(id),
    defaultTenant: () => tenants.findDefault(),
    findApplication: async (id, tenantId) => {
      const application = await applications.find(id);
      return application !== undefined && (tenantId === undefined || application.tenantId === tenantId) ? application : undefined;
    },
  });
  emailRoutes(app, { templates: templateService, sending, tenants });
  app.addHook('onClose', async () => {
    await sender.idle();
  });
  return { templates, sender };
}
