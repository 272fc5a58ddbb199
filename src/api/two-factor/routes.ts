/**
 * HTTP for the Two Factor APIs (docs apis/two-factor). The user-facing forms take an access token
 * (`Authorization: Bearer`, or the `access_token` cookie) in place of an API key and act on the token's
 * subject; the rest take an API key. Completing a login and sending a login code take neither, like
 * the Login API's second step in FusionAuth; enabling a method may name the user by the `twoFactorId`
 * of a pending login instead (enrolment during a `Required` login, method-service.ts `enrollingUser`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { UnauthorizedError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { pathId } from '../../core/route-params.js';
import { requestCookie, setLoginCookie } from '../jwt/cookies.js';
import { clientAddress, presentedAccessToken } from '../jwt/presented-token.js';
import { sendLoginOutcome } from '../login/reply.js';
import { TRUST_COOKIE } from '../login/routes.js';
import type { TwoFactorLoginService } from './login-service.js';
import type { MethodService } from './method-service.js';
import {
  TwoFactorDisableRequestSchema, TwoFactorLoginRequestSchema, TwoFactorRequestSchema, TwoFactorSendRequestSchema,
  TwoFactorStartRequestSchema, TwoFactorStatusRequestSchema, TwoFactorUpdateRequestSchema,
} from './model.js';

const readEnable = bodyReader(TwoFactorRequestSchema);
const readDisable = bodyReader(TwoFactorDisableRequestSchema);
const readSend = bodyReader(TwoFactorSendRequestSchema);
const readStart = bodyReader(TwoFactorStartRequestSchema);
const readLogin = bodyReader(TwoFactorLoginRequestSchema);
const readStatus = bodyReader(TwoFactorStatusRequestSchema);
const readUpdate = bodyReader(TwoFactorUpdateRequestSchema);

export interface TwoFactorRouteDeps {
  readonly methods: MethodService;
  readonly logins: TwoFactorLoginService;
  readonly verifyAccessToken: (token: string) => Promise<Record<string, unknown> | undefined>;
  readonly clock: Clock;
}

const queryOf = (request: FastifyRequest): Query => request.query as Query;
const tenantOf = (request: FastifyRequest): string | undefined => request.explicitTenantId;

export function twoFactorRoutes(app: FastifyInstance, deps: TwoFactorRouteDeps): void {
  const { methods, logins, clock } = deps;

  /** The subject of the presented access token, or 401. */
  async function tokenSubject(request: FastifyRequest): Promise<string> {
    const token = presentedAccessToken(request);
    const claims = token === undefined ? undefined : await deps.verifyAccessToken(token);
    const subject = claims?.sub;
    if (typeof subject !== 'string' || !isUuid(subject)) throw new UnauthorizedError();
    return normalizeId(subject);
  }

  app.get('/api/two-factor/secret', { config: { auth: 'optionalApiKey' } }, async (request) => {
    if (request.apiKey === undefined) await tokenSubject(request);
    return methods.generateSecret();
  });

  // Without an API key (or access token), a pending login's `twoFactorId` may name the user (enrolling
  // during a login the `Required` policy interrupted).
  app.post('/api/user/two-factor/:userId', { config: { auth: 'optionalApiKey' } }, async (request) => {
    const userId = pathId(request.params, 'userId');
    const body = readEnable(request.body);
    if (request.apiKey === undefined && (await methods.enrollingUser(body.twoFactorId)) !== userId) throw new UnauthorizedError();
    return methods.enable(userId, body, tenantOf(request));
  });
  app.post('/api/user/two-factor', { config: { auth: 'optionalApiKey' } }, async (request) => {
    const body = readEnable(request.body);
    const userId = presentedAccessToken(request) === undefined && body.twoFactorId !== undefined ? await methods.enrollingUser(body.twoFactorId) : await tokenSubject(request);
    return methods.enable(userId, body);
  });

  app.put('/api/user/two-factor/:userId', async (request, reply) => {
    await methods.rename(pathId(request.params, 'userId'), readUpdate(request.body), tenantOf(request));
    return reply.code(200).send();
  });

  const disable = async (request: FastifyRequest, reply: FastifyReply, userId: string, explicitTenantId: string | undefined) => {
    const body = request.body === undefined || request.body === null || request.body === '' ? {} : readDisable(request.body);
    const query = queryOf(request);
    const methodId = body.methodId ?? queryString(query, 'methodId');
    const code = body.code ?? queryString(query, 'code');
    const applicationId = body.applicationId ?? queryString(query, 'applicationId');
    await methods.disable(userId, {
      ...(methodId !== undefined ? { methodId } : {}), ...(code !== undefined ? { code } : {}), ...(applicationId !== undefined ? { applicationId } : {}),
    }, explicitTenantId);
    return reply.code(200).send();
  };
  app.delete('/api/user/two-factor/:userId', async (request, reply) => disable(request, reply, pathId(request.params, 'userId'), tenantOf(request)));
  app.delete('/api/user/two-factor', { config: { auth: 'optionalApiKey' } }, async (request, reply) => disable(request, reply, await tokenSubject(request), undefined));

  app.post('/api/two-factor/send', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    const body = readSend(request.body);
    if (request.apiKey === undefined) {
      await methods.sendForEnableDisable({ ...body, userId: await tokenSubject(request) });
    } else {
      await methods.sendForEnableDisable(body, tenantOf(request));
    }
    return reply.code(200).send();
  });

  app.post('/api/two-factor/send/:twoFactorId', { config: { auth: 'none' } }, async (request, reply) => {
    const body = request.body === undefined || request.body === null || request.body === '' ? {} : readSend(request.body);
    await logins.sendForLogin((request.params as { twoFactorId: string }).twoFactorId, body);
    return reply.code(200).send();
  });

  app.post('/api/two-factor/start', async (request) => logins.start(readStart(request.body), tenantOf(request)));

  app.post('/api/two-factor/login', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    const body = readLogin(request.body);
    const outcome = await logins.complete(body, body.ipAddress ?? clientAddress(request), tenantOf(request));
    const trustId = outcome.body?.twoFactorTrustId;
    if (trustId !== undefined && outcome.trustMaxAge !== undefined) {
      setLoginCookie(request, reply, TRUST_COOKIE, trustId, outcome.trustMaxAge, clock.now());
    }
    return sendLoginOutcome(request, reply, outcome, clock.now());
  });

  const status = async (request: FastifyRequest, reply: FastifyReply, userId: string | undefined, applicationId: string | undefined, trustId: string | undefined) => {
    const outcome = await logins.status(userId, applicationId, trustId, tenantOf(request));
    return outcome.body === undefined ? reply.code(outcome.status).send() : reply.code(outcome.status).send(outcome.body);
  };
  app.get('/api/two-factor/status/:twoFactorTrustId', async (request, reply) => {
    const query = queryOf(request);
    const trustId = (request.params as { twoFactorTrustId: string }).twoFactorTrustId;
    return status(request, reply, queryString(query, 'userId'), queryString(query, 'applicationId'), trustId);
  });
  app.get('/api/two-factor/status', async (request, reply) => {
    const query = queryOf(request);
    return status(request, reply, queryString(query, 'userId'), queryString(query, 'applicationId'), requestCookie(request, TRUST_COOKIE));
  });
  app.post('/api/two-factor/status', async (request, reply) => {
    const body = readStatus(request.body);
    return status(request, reply, body.userId, body.applicationId, body.twoFactorTrustId ?? requestCookie(request, TRUST_COOKIE));
  });

  app.get('/api/user/two-factor/recovery-code/:userId', async (request) =>
    ({ recoveryCodes: await methods.recoveryCodes(pathId(request.params, 'userId'), tenantOf(request)) }));
  app.post('/api/user/two-factor/recovery-code/:userId', async (request) =>
    ({ recoveryCodes: await methods.regenerateRecoveryCodes(pathId(request.params, 'userId'), tenantOf(request)) }));
}
