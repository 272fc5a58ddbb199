/**
 * HTTP for "Complete a SAML v2 Login" (`POST /api/identity-provider/login`, seed 003; client
 * `identityProviderLogin`, which calls it without an API key: the verified response to a started
 * request is the authentication, and the start API already required a key when the application does).
 * A key may still be sent: a tenant-locked one scopes the request like `X-FusionAuth-TenantId`.
 *
 * The answer is the Login API's: the status, the body (nulls omitted) and, when a token was issued,
 * the `access_token` and `refresh_token` cookies.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../../core/clock.js';
import { bodyReader } from '../../../core/request-body.js';
import { RefreshTokenMetaDataSchema } from '../../jwt/model.js';
import { clientAddress } from '../../jwt/presented-token.js';
import { sendLoginOutcome } from '../../login/reply.js';
import type { SamlCompleteLogin } from './complete-login.js';
import { explicitTenantOf } from '../../../core/tenant-context.js';

/** Client `IdentityProviderLoginRequest` (BaseLoginRequest + data, identityProviderId, noLink …). */
const readLogin = bodyReader(Type.Object({
  applicationId: Type.Optional(Type.String()),
  botDetectionScore: Type.Optional(Type.Number()),
  connectionTestId: Type.Optional(Type.String()),
  data: Type.Optional(Type.Record(Type.String(), Type.String())),
  encodedJWT: Type.Optional(Type.String()),
  eventInfo: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  identityProviderId: Type.Optional(Type.String()),
  ipAddress: Type.Optional(Type.String()),
  metaData: Type.Optional(RefreshTokenMetaDataSchema),
  newDevice: Type.Optional(Type.Boolean()),
  noJWT: Type.Optional(Type.Boolean()),
  noLink: Type.Optional(Type.Boolean()),
}));

export function samlLoginRoutes(app: FastifyInstance, service: SamlCompleteLogin, clock: Clock): void {
  app.post('/api/identity-provider/login', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    const body = readLogin(request.body);
    const outcome = await service.login({
      request: body,
      ipAddress: body.ipAddress ?? clientAddress(request),
      ...explicitTenantOf(request),
    });
    return sendLoginOutcome(request, reply, outcome, clock.now());
  });
}
