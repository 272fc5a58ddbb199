/**
 * HTTP for the Message Templates API (FusionAuth docs apis/message-templates). Templates are global
 * objects, so every operation takes a global API key (a tenant-locked key gets 401). The permission
 * roots are `/api/message/template` and `/api/message/template/preview`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { patchRequest } from '../../core/patch.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { MessageTemplateRequestSchema, PreviewMessageTemplateRequestSchema } from './model.js';
import { previewMessageTemplate } from './preview.js';
import type { MessageTemplateService } from './service.js';

const readRequest = bodyReader(MessageTemplateRequestSchema);
const readPreviewRequest = bodyReader(PreviewMessageTemplateRequestSchema);
const options = { config: { globalKeyOnly: true } };

export function messageTemplateRoutes(app: FastifyInstance, templates: MessageTemplateService): void {
  const create = async (request: FastifyRequest) => ({
    messageTemplate: await templates.create(optionalPathId(request.params, 'messageTemplateId'), readRequest(request.body).messageTemplate),
  });
  app.post('/api/message/template', options, create);
  app.post('/api/message/template/:messageTemplateId', options, create);

  app.get('/api/message/template', options, async () => ({ messageTemplates: await templates.list() }));

  app.post('/api/message/template/preview', options, async (request) => previewMessageTemplate(readPreviewRequest(request.body)));

  app.get('/api/message/template/:messageTemplateId', options, async (request) => ({
    messageTemplate: await templates.retrieve(pathId(request.params, 'messageTemplateId')),
  }));

  app.put('/api/message/template/:messageTemplateId', options, async (request) => ({
    messageTemplate: await templates.update(pathId(request.params, 'messageTemplateId'), readRequest(request.body).messageTemplate),
  }));

  app.patch('/api/message/template/:messageTemplateId', options, async (request) => {
    const id = pathId(request.params, 'messageTemplateId');
    const { id: _id, insertInstant: _i, lastUpdateInstant: _u, ...current } = await templates.retrieve(id);
    const merged = readRequest(patchRequest(request, { messageTemplate: current }));
    return { messageTemplate: await templates.update(id, merged.messageTemplate) };
  });

  app.delete('/api/message/template/:messageTemplateId', options, async (request, reply) => {
    await templates.delete(pathId(request.params, 'messageTemplateId'));
    return reply.code(200).send();
  });
}
