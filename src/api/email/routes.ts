/**
 * HTTP for the Emails API (FusionAuth docs apis/emails). The Email Template operations and Preview
 * take a global API key (a tenant-locked key gets 401); Send takes any key, and a tenant-locked key
 * (or the X-FusionAuth-TenantId header) limits it to that tenant's users.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { patchRequest } from '../../core/patch.js';
import { type Query, searchCriteriaFromQuery } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { requireTenantId, type TenantDirectory } from '../../core/tenant-context.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import {
  EmailTemplateRequestSchema, EmailTemplateSearchCriteriaSchema, EmailTemplateSearchRequestSchema, PreviewRequestSchema, SendRequestSchema,
  type EmailTemplateSearchCriteria,
} from './model.js';
import { previewEmailTemplate } from './preview.js';
import type { EmailSendService } from './send.js';
import type { EmailTemplateService } from './service.js';

const readTemplateRequest = bodyReader(EmailTemplateRequestSchema);
const readSearchRequest = bodyReader(EmailTemplateSearchRequestSchema);
const readSearchCriteria = bodyReader(EmailTemplateSearchCriteriaSchema);
const readPreviewRequest = bodyReader(PreviewRequestSchema);
const readSendRequest = bodyReader(SendRequestSchema);

const options = { config: { globalKeyOnly: true } };

function criteriaFromQuery(query: Query): EmailTemplateSearchCriteria {
  return readSearchCriteria(searchCriteriaFromQuery(query, ['name', 'orderBy']));
}

export interface EmailRouteServices {
  readonly templates: EmailTemplateService;
  readonly sending: EmailSendService;
  readonly tenants: TenantDirectory;
}

export function emailRoutes(app: FastifyInstance, { templates, sending, tenants }: EmailRouteServices): void {
  const create = async (request: FastifyRequest) => ({
    emailTemplate: await templates.create(optionalPathId(request.params, 'emailTemplateId'), readTemplateRequest(request.body).emailTemplate),
  });
  app.post('/api/email/template', options, create);
  app.post('/api/email/template/:emailTemplateId', options, create);

  app.get('/api/email/template', options, async () => ({ emailTemplates: await templates.list() }));

  app.get('/api/email/template/search', options, async (request) => templates.search(criteriaFromQuery(request.query as Query), ''));
  app.post('/api/email/template/search', options, async (request) => templates.search(readSearchRequest(request.body).search ?? {}, 'search.'));

  app.post('/api/email/template/preview', options, async (request) => previewEmailTemplate(readPreviewRequest(request.body)));

  app.get('/api/email/template/:emailTemplateId', options, async (request) => ({
    emailTemplate: await templates.retrieve(pathId(request.params, 'emailTemplateId')),
  }));

  app.put('/api/email/template/:emailTemplateId', options, async (request) => ({
    emailTemplate: await templates.update(pathId(request.params, 'emailTemplateId'), readTemplateRequest(request.body).emailTemplate),
  }));

  app.patch('/api/email/template/:emailTemplateId', options, async (request) => {
    const id = pathId(request.params, 'emailTemplateId');
    const { id: _id, insertInstant: _i, lastUpdateInstant: _u, ...current } = await templates.retrieve(id);
    const merged = readTemplateRequest(patchRequest(request, { emailTemplate: current }));
    return { emailTemplate: await templates.update(id, merged.emailTemplate) };
  });

  app.delete('/api/email/template/:emailTemplateId', options, async (request, reply) => {
    await templates.delete(pathId(request.params, 'emailTemplateId'));
    return reply.code(200).send();
  });

  app.post('/api/email/send/:emailTemplateId', async (request, reply) => {
    const templateId = pathId(request.params, 'emailTemplateId');
    const tenantId = request.explicitTenantId === undefined ? undefined : await requireTenantId(request, tenants);
    const { status, body } = await sending.send(tenantId, templateId, readSendRequest(request.body));
    return reply.code(status).send(body);
  });
}
