/**
 * HTTP for `/api/identity-provider` (seed 003; client createIdentityProvider, retrieveIdentityProvider(s),
 * retrieveIdentityProviderByType, updateIdentityProvider, patchIdentityProvider, deleteIdentityProvider,
 * lookupIdentityProvider, startIdentityProviderLogin).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/errors.js';
import { patchRequest } from '../../core/patch.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { queryString, type Query } from '../../core/query.js';
import { Type } from '@sinclair/typebox';
import { IdentityProviderTypeProbeSchema, type IdentityProviderInput } from './model.js';
import type { IdentityProviderService } from './service.js';
import type { StartLoginService } from './start.js';

const probeType = bodyReader(IdentityProviderTypeProbeSchema);

const readStart = bodyReader(Type.Object({
  identityProviderId: Type.Optional(Type.String()),
  applicationId: Type.Optional(Type.String()),
  data: Type.Optional(Type.Record(Type.String(), Type.String())),
  loginId: Type.Optional(Type.String()),
  loginIdTypes: Type.Optional(Type.Array(Type.String())),
  state: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  connectionTestId: Type.Optional(Type.String()),
  ipAddress: Type.Optional(Type.String()),
  metaData: Type.Optional(Type.Unknown()),
  newDevice: Type.Optional(Type.Boolean()),
  noJWT: Type.Optional(Type.Boolean()),
  eventInfo: Type.Optional(Type.Unknown()),
}));

/** Reads `{"identityProvider": {...}}` with the schema of its type (or of the stored provider's type). */
function readProvider(service: IdentityProviderService, body: unknown, storedType?: string): IdentityProviderInput {
  const type = storedType ?? probeType(body).identityProvider?.type;
  return service.kindOf(type).readRequest(body);
}

const scopeOf = (request: FastifyRequest): string | undefined => request.explicitTenantId;

export function identityProviderRoutes(app: FastifyInstance, service: IdentityProviderService, starts: StartLoginService): void {
  const create = async (request: FastifyRequest) => {
    const input = readProvider(service, request.body);
    return { identityProvider: await service.create(scopeOf(request), optionalPathId(request.params, 'identityProviderId'), input) };
  };
  app.post('/api/identity-provider', create);
  app.post('/api/identity-provider/:identityProviderId', create);

  app.get('/api/identity-provider', async (request) => {
    const type = queryString(request.query as Query, 'type');
    return { identityProviders: await service.list(scopeOf(request), type) };
  });

  app.get('/api/identity-provider/lookup', async (request) => {
    const query = request.query as Query;
    const domain = queryString(query, 'domain');
    if (domain === undefined) throw new ValidationError().add('domain', 'missing', 'You must specify the [domain] request parameter.');
    return { identityProvider: await service.lookup(domain, queryString(query, 'tenantId')?.toLowerCase() ?? scopeOf(request)) };
  });

  app.get('/api/identity-provider/:identityProviderId', async (request) => ({
    identityProvider: await service.retrieve(scopeOf(request), pathId(request.params, 'identityProviderId')),
  }));

  app.put('/api/identity-provider/:identityProviderId', async (request) => {
    const id = pathId(request.params, 'identityProviderId');
    const current = await service.retrieve(scopeOf(request), id);
    return { identityProvider: await service.update(scopeOf(request), id, readProvider(service, request.body, current.type)) };
  });

  app.patch('/api/identity-provider/:identityProviderId', async (request) => {
    const id = pathId(request.params, 'identityProviderId');
    const current = await service.retrieve(scopeOf(request), id);
    const merged = patchRequest(request, { identityProvider: current });
    return { identityProvider: await service.update(scopeOf(request), id, readProvider(service, merged, current.type)) };
  });

  app.delete('/api/identity-provider/:identityProviderId', async (request, reply) => {
    await service.delete(scopeOf(request), pathId(request.params, 'identityProviderId'));
    return reply.code(200).send();
  });

  // The client sends its API key; the server requires one only when the application does (API-INVENTORY §2 auth notes).
  app.post('/api/identity-provider/start', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    const code = await starts.start(readStart(request.body), scopeOf(request), request.apiKey !== undefined);
    return reply.code(202).send({ code });
  });
}
