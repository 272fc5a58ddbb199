/**
 * HTTP for the JWT API (docs: apis/jwt/*): refresh, validate, issue, public keys and the JWKS. None of
 * these take an API key: refresh and the key endpoints are anonymous, validate and issue are
 * authenticated by the access token itself (Bearer header or `access_token` cookie; 401 otherwise).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { UnauthorizedError } from '../../core/errors.js';
import { queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { REFRESH_TOKEN_COOKIE, requestCookie, setTokenCookies } from './cookies.js';
import { RefreshRequestSchema } from './model.js';
import { clientAddress, presentedAccessToken } from './presented-token.js';
import { refreshTokenRoutes } from './refresh-token-routes.js';
import type { TokenService } from './service.js';
import { explicitTenantOf } from '../../core/tenant-context.js';

const readRefreshRequest = bodyReader(RefreshRequestSchema);
const anonymous = { config: { auth: 'none' as const } };

export interface JwtRouteDeps {
  readonly tokens: TokenService;
  readonly clock: Clock;
  /** The tenant a request must act in (for the import API), or 400 `[TenantIdRequired]`. */
  readonly requireTenantId: (request: FastifyRequest) => Promise<string>;
}

export function jwtRoutes(app: FastifyInstance, deps: JwtRouteDeps): void {
  const { tokens, clock } = deps;

  /** The verified claims of the request's access token, or 401. */
  async function authenticatedJwt(request: FastifyRequest) {
    const token = presentedAccessToken(request);
    const claims = token === undefined ? undefined : await tokens.verifyAccessToken(token);
    if (claims === undefined) throw new UnauthorizedError();
    return claims;
  }

  app.register(async (scope) => {
    // Revoking by value may send the token form-encoded, keeping it out of access logs (docs).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.post('/api/jwt/refresh', anonymous, async (request, reply) => {
      const body = readRefreshRequest(request.body);
      // The cookie wins over the body (docs: "If both are provided, the cookie will take precedence").
      const outcome = await tokens.refresh({
        refreshToken: requestCookie(request, REFRESH_TOKEN_COOKIE) ?? emptyToUndefined(body.refreshToken),
        ...(body.timeToLiveInSeconds !== undefined ? { timeToLiveInSeconds: body.timeToLiveInSeconds } : {}),
        ...explicitTenantOf(request),
        ipAddress: clientAddress(request),
      });
      setTokenCookies(request, reply, {
        token: outcome.response.token, refreshToken: outcome.response.refreshToken, refreshTokenMaxAge: outcome.refreshTokenMaxAge,
      }, clock.now());
      return outcome.response;
    });

    scope.get('/api/jwt/validate', anonymous, async (request) => ({ jwt: await authenticatedJwt(request) }));

    scope.get('/api/jwt/issue', anonymous, async (request, reply) => {
      const jwt = await authenticatedJwt(request);
      const query = request.query as Query;
      const refreshToken = requestCookie(request, REFRESH_TOKEN_COOKIE) ?? queryString(query, 'refreshToken');
      const applicationId = queryString(query, 'applicationId');
      const outcome = await tokens.issue({
        jwt,
        ...(applicationId !== undefined ? { applicationId } : {}),
        ...(refreshToken !== undefined ? { refreshToken } : {}),
        ...explicitTenantOf(request),
      });
      return reply.code(outcome.status).send(outcome.response);
    });

    scope.get('/api/jwt/public-key', anonymous, async (request) => {
      const query = request.query as Query;
      // The client sends `kid`; the OpenAPI spec calls it `keyId`: accept both.
      const kid = queryString(query, 'kid') ?? queryString(query, 'keyId');
      const applicationId = queryString(query, 'applicationId');
      return tokens.publicKeys({
        ...(kid !== undefined ? { kid } : {}),
        ...(applicationId !== undefined ? { applicationId } : {}),
        ...explicitTenantOf(request),
      });
    });

    scope.get('/.well-known/jwks.json', anonymous, async () => tokens.jwks());

    refreshTokenRoutes(scope, { tokens, requireTenantId: deps.requireTenantId, authenticatedJwt });
  });
}

const emptyToUndefined = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
