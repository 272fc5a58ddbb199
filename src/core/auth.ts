/**
 * API authentication (seed 000, API-INVENTORY §1.2). The `Authorization` header carries the raw API key
 * (or `Basic base64("apikey:<key>")`). A missing, unknown or expired key, or one whose endpoint
 * permissions do not list this endpoint and method, gets 401 with an empty body: FusionAuth never
 * says which.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from './errors.js';

/** How a route authenticates. `apiKey` is the default for everything under /api. */
export type AuthMode = 'apiKey' | 'none' | 'optionalApiKey';

export interface ApiKeyPrincipal {
  readonly id: string;
  readonly tenantId?: string;
  readonly keyManager: boolean;
  /** Endpoint root → allowed methods. Absent or empty: the key may call every endpoint. */
  readonly permissions?: Readonly<Record<string, readonly string[]>>;
}

export interface ApiKeyAuthenticator {
  /** The key whose value is `presented`, if any and unexpired; compared in constant time. */
  authenticate(presented: string): Promise<ApiKeyPrincipal | undefined>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Only API keys with `keyManager` may call this route (the API Keys API). */
    keyManagerOnly?: boolean;
    /** Tenant-locked API keys may not call this route: it manages global objects (keys, templates, logs). */
    globalKeyOnly?: boolean;
  }
  interface FastifyRequest {
    apiKey?: ApiKeyPrincipal;
  }
}

/** The value a client presented as an API key, if any. */
export function presentedApiKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  const basic = /^Basic\s+(.+)$/i.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    return decoded.startsWith('apikey:') ? decoded.slice('apikey:'.length) : undefined;
  }
  return /^Bearer\s/i.test(value) ? undefined : value;
}

/**
 * The permission root of a route: its URL without the path parameters, e.g.
 * `/api/user/registration/:userId/:applicationId` → `/api/user/registration`.
 */
export function permissionRoot(routeUrl: string): string {
  return routeUrl.split('/').filter((segment) => segment !== '' && !segment.startsWith(':')).reduce((root, s) => `${root}/${s}`, '');
}

function permits(principal: ApiKeyPrincipal, routeUrl: string, method: string): boolean {
  const endpoints = principal.permissions;
  if (endpoints === undefined || Object.keys(endpoints).length === 0) return true;
  const allowed = endpoints[permissionRoot(routeUrl)];
  return allowed !== undefined && allowed.some((m) => m.toUpperCase() === method);
}

async function authenticateRequest(request: FastifyRequest, routeUrl: string, config: FastifyContextConfig, authenticator: ApiKeyAuthenticator): Promise<void> {
  const mode = config.auth ?? 'apiKey';
  if (mode === 'none') return;
  const presented = presentedApiKey(request.headers.authorization);
  const principal = presented === undefined ? undefined : await authenticator.authenticate(presented);
  if (principal === undefined) {
    if (mode === 'optionalApiKey' && presented === undefined) return;
    throw new UnauthorizedError();
  }
  if (!permits(principal, routeUrl, request.method)) throw new UnauthorizedError();
  if (config.keyManagerOnly === true && !principal.keyManager) throw new UnauthorizedError();
  if (config.globalKeyOnly === true && principal.tenantId !== undefined) throw new UnauthorizedError();
  request.apiKey = principal;
}

export function registerAuthentication(app: FastifyInstance, authenticator: ApiKeyAuthenticator): void {
  app.decorateRequest('apiKey', undefined);
  app.addHook('onRequest', async (request) => {
    // Fastify builds `routeOptions` anew on every read: read once.
    const { url, config } = request.routeOptions;
    if (url === undefined) return; // unmatched: the not-found handler answers
    await authenticateRequest(request, url, config, authenticator);
  });
}
