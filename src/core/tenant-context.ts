/**
 * Which tenant a request acts in (API-INVENTORY §1.4): the tenant of a tenant-locked API key, else the
 * `X-FusionAuth-TenantId` header, else — only when exactly one tenant exists — that tenant. A locked
 * key naming another tenant in the header is refused (401).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError, tenantIdRequired, UnauthorizedError } from './errors.js';
import { isUuid, normalizeId } from './ids.js';

export interface TenantDirectory {
  exists(tenantId: string): Promise<boolean>;
  /** The id of the only tenant, or undefined when there are several. */
  soleTenantId(): Promise<string | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant named by a locked key or the header; undefined when the request names none. */
    explicitTenantId?: string;
  }
}

function headerTenantId(request: FastifyRequest): string | undefined {
  const raw = request.headers['x-fusionauth-tenantid'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '' || value === 'undefined' || value === 'null') return undefined;
  if (!isUuid(value)) throw fieldError('tenantId', 'invalid', `The X-FusionAuth-TenantId header value [${value}] is not a valid tenant id.`);
  return normalizeId(value);
}

export function registerTenantContext(app: FastifyInstance): void {
  app.decorateRequest('explicitTenantId', undefined);
  // Runs after authentication (hooks run in registration order). Synchronous, with `done`: an async
  // hook would cost every request a promise and an event-loop turn for no I/O.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.url === undefined) return done();
    try {
      const locked = request.apiKey?.tenantId;
      const header = headerTenantId(request);
      if (locked !== undefined && header !== undefined && header !== locked) throw new UnauthorizedError();
      request.explicitTenantId = locked ?? header;
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

/** `{ explicitTenantId }` when the request names a tenant, else `{}`: spread into a service call's input. */
export function explicitTenantOf(request: FastifyRequest): { explicitTenantId?: string } {
  return request.explicitTenantId !== undefined ? { explicitTenantId: request.explicitTenantId } : {};
}

/** Resolves the tenant a request must act in, or fails as FusionAuth does when it cannot tell. */
export async function requireTenantId(request: FastifyRequest, tenants: TenantDirectory): Promise<string> {
  const explicit = request.explicitTenantId;
  if (explicit !== undefined) {
    if (!(await tenants.exists(explicit))) {
      throw fieldError('tenantId', 'invalid', `The tenant id [${explicit}] does not exist.`);
    }
    return explicit;
  }
  const sole = await tenants.soleTenantId();
  if (sole === undefined) throw tenantIdRequired();
  return sole;
}
