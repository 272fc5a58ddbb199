/** HTTP for the Messengers API (FusionAuth docs apis/messengers). Every operation takes a global API key. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { patchRequest } from '../../core/patch.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { MessengerRequestSchema } from './model.js';
import type { MessengerService } from './service.js';

const readRequest = bodyReader(MessengerRequestSchema);
const options = { config: { globalKeyOnly: true } };

export function messengerRoutes(app: FastifyInstance, messengers: MessengerService): void {
  const create = async (request: FastifyRequest) => ({
    messenger: await messengers.create(optionalPathId(request.params, 'messengerId'), readRequest(request.body).messenger),
  });
  app.post('/api/messenger', options, create);
  app.post('/api/messenger/:messengerId', options, create);

  app.get('/api/messenger', options, async () => ({ messengers: await messengers.list() }));

  app.get('/api/messenger/:messengerId', options, async (request) => ({
    messenger: await messengers.retrieve(pathId(request.params, 'messengerId')),
  }));

  app.put('/api/messenger/:messengerId', options, async (request) => ({
    messenger: await messengers.update(pathId(request.params, 'messengerId'), readRequest(request.body).messenger),
  }));

  app.patch('/api/messenger/:messengerId', options, async (request) => {
    const id = pathId(request.params, 'messengerId');
    const current = await messengers.retrieve(id);
    const merged = readRequest(patchRequest(request, { messenger: current }));
    return { messenger: await messengers.update(id, merged.messenger) };
  });

  app.delete('/api/messenger/:messengerId', options, async (request, reply) => {
    await messengers.delete(pathId(request.params, 'messengerId'));
    return reply.code(200).send();
  });
}
