/**
 * HTTP for the Refresh Token API (docs: apis/jwt/retrieve-refresh-tokens, apis/jwt/revoke-refresh-tokens)
 * and Import Refresh Tokens (seed 001). Retrieval and import take an API key; revocation takes an API
 * key or the owner's access token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { UnauthorizedError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { pathId } from '../../core/route-params.js';
import type { RevokeCaller, RevokeCriteria } from './administration.js';
import { RefreshTokenImportRequestSchema, RefreshTokenRevokeRequestSchema } from './model.js';
import type { TokenService } from './service.js';
import { explicitTenantOf } from '../../core/tenant-context.js';

const readRevokeRequest = bodyReader(RefreshTokenRevokeRequestSchema);
const readImportRequest = bodyReader(RefreshTokenImportRequestSchema);
const apiKeyOrJwt = { config: { auth: 'optionalApiKey' as const } };

export interface RefreshTokenRouteDeps {
  readonly tokens: TokenService;
  readonly requireTenantId: (request: FastifyRequest) => Promise<string>;
  readonly authenticatedJwt: (request: FastifyRequest) => Promise<JWTPayload>;
}

export function refreshTokenRoutes(app: FastifyInstance, { tokens, requireTenantId, authenticatedJwt }: RefreshTokenRouteDeps): void {
  /** An API key (checked by the auth hook), else the access token's owner. */
  async function revokeCaller(request: FastifyRequest): Promise<RevokeCaller> {
    const tenant = explicitTenantOf(request);
    if (request.apiKey !== undefined) return tenant;
    const { sub } = await authenticatedJwt(request);
    if (typeof sub !== 'string' || !isUuid(sub)) throw new UnauthorizedError();
    return { ...tenant, jwtUserId: normalizeId(sub) };
  }

  app.get('/api/jwt/refresh', async (request) => ({
    refreshTokens: await tokens.listForUser(queryString(request.query as Query, 'userId'), request.explicitTenantId),
  }));

  app.get('/api/jwt/refresh/:tokenId', async (request) => ({
    refreshToken: await tokens.retrieve(pathId(request.params, 'tokenId'), request.explicitTenantId),
  }));

  app.delete('/api/jwt/refresh', apiKeyOrJwt, async (request, reply) => {
    const caller = await revokeCaller(request);
    const query = request.query as Query;
    const body = readRevokeRequest(request.body);
    // Parameters, or the same names in a JSON or form body (`revokeRefreshTokensWithRequest`).
    const pick = (name: 'token' | 'userId' | 'applicationId'): string | undefined => queryString(query, name) ?? emptyToUndefined(body[name]);
    const criteria: RevokeCriteria = { token: pick('token'), userId: pick('userId'), applicationId: pick('applicationId') };
    await tokens.revoke(criteria, caller);
    return reply.code(200).send();
  });

  app.delete('/api/jwt/refresh/:tokenId', apiKeyOrJwt, async (request, reply) => {
    const caller = await revokeCaller(request);
    await tokens.revoke({ tokenId: pathId(request.params, 'tokenId') }, caller);
    return reply.code(200).send();
  });

  app.post('/api/user/refresh-token/import', async (request, reply) => {
    const body = readImportRequest(request.body);
    await tokens.importRefreshTokens(await requireTenantId(request), body);
    return reply.code(200).send();
  });
}

const emptyToUndefined = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
