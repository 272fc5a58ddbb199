/**
 * HTTP for the Login API (seed 002): authenticate (`POST /api/login`), update the login instant
 * (`PUT /api/login/{userId}[/{applicationId}]` with an API key, `PUT /api/login` with an access token or
 * with a `LoginPingRequest` body and an API key), and logout (`POST /api/logout`).
 *
 * `POST /api/login` takes an API key or none (`optionalApiKey`): whether one is required is the
 * application's (or tenant's) `loginConfiguration.requireAuthentication`, decided by the service.
 * Logout takes none: the client calls it anonymously.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { UnauthorizedError } from '../../core/errors.js';
import { queryBoolean, queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { pathId } from '../../core/route-params.js';
import { clearTokenCookies, REFRESH_TOKEN_COOKIE, requestCookie } from '../jwt/cookies.js';
import { clientAddress, presentedAccessToken } from '../jwt/presented-token.js';
import { LoginPingRequestSchema, LoginRequestSchema, LogoutRequestSchema } from './model.js';
import { sendLoginOutcome } from './reply.js';
import type { LoginService } from './service.js';
import { explicitTenantOf } from '../../core/tenant-context.js';

const readLogin = bodyReader(LoginRequestSchema);
const readPing = bodyReader(LoginPingRequestSchema);
const readLogout = bodyReader(LogoutRequestSchema);

/** FusionAuth's Multi-Factor Trust cookie. */
export const TRUST_COOKIE = 'fusionauth.trust';

const queryOf = (request: FastifyRequest): Query => request.query as Query;

/** The caller's address for the login history: `ipAddress` given, else `X-Forwarded-For`, else the peer. */
const ipAddressOf = (request: FastifyRequest, given: string | undefined): string => given ?? queryString(queryOf(request), 'ipAddress') ?? clientAddress(request);

const empty = (reply: FastifyReply, status: number) => reply.code(status).send();

export function loginRoutes(app: FastifyInstance, service: LoginService, clock: Clock): void {
  app.post('/api/login', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    const body = readLogin(request.body);
    const trustCookie = requestCookie(request, TRUST_COOKIE);
    const outcome = await service.login({
      request: body,
      hasApiKey: request.apiKey !== undefined,
      ipAddress: body.ipAddress ?? clientAddress(request),
      ...explicitTenantOf(request),
      ...(trustCookie !== undefined ? { trustCookie } : {}),
    });
    return sendLoginOutcome(request, reply, outcome, clock.now());
  });

  const pingByPath = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as { applicationId?: string };
    const status = await service.ping({
      userId: pathId(request.params, 'userId'),
      ipAddress: ipAddressOf(request, undefined),
      ...(params.applicationId !== undefined ? { applicationId: params.applicationId } : {}),
      ...explicitTenantOf(request),
    });
    return empty(reply, status);
  };
  app.put('/api/login/:userId/:applicationId', pingByPath);
  app.put('/api/login/:userId', pingByPath);

  // With a `LoginPingRequest` body naming the user, an API key is required; otherwise the user and
  // application come from the access token (Authorization: Bearer, or the access_token cookie).
  app.put('/api/login', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    const body = readPing(request.body);
    const ipAddress = ipAddressOf(request, body.ipAddress);
    const explicit = request.explicitTenantId;
    if (body.userId !== undefined) {
      if (request.apiKey === undefined) throw new UnauthorizedError();
      const status = await service.ping({
        userId: body.userId,
        ipAddress,
        ...(body.applicationId !== undefined ? { applicationId: body.applicationId } : {}),
        ...(explicit !== undefined ? { explicitTenantId: explicit } : {}),
      });
      return empty(reply, status);
    }
    return empty(reply, await service.pingWithAccessToken(presentedAccessToken(request), ipAddress, explicit));
  });

  app.post('/api/logout', { config: { auth: 'none' } }, async (request, reply) => {
    const body = readLogout(request.body);
    const query = queryOf(request);
    const refreshToken = body.refreshToken ?? queryString(query, 'refreshToken') ?? requestCookie(request, REFRESH_TOKEN_COOKIE);
    await service.logout(refreshToken, body.global ?? queryBoolean(query, 'global'));
    clearTokenCookies(request, reply);
    return empty(reply, 200);
  });
}
