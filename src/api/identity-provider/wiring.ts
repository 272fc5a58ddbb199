/**
 * Builds the Identity Providers API from what `server.ts` already has and registers its routes, so the
 * wiring there stays one line. Answers the SAML login verifier, for the Login API's
 * `POST /api/identity-provider/login` (issue 6 item 4).
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../db/database.js';
import type { ApplicationStore } from '../application/store.js';
import { createKeyStore } from '../key/store.js';
import type { TenantStore } from '../tenant/store.js';
import type { IdentityProviderKinds, KeyDirectory } from './kinds.js';
import { createPendingRequestStore } from './request-store.js';
import { identityProviderRoutes } from './routes.js';
import { samlV2Kind } from './samlv2/kind.js';
import { createSamlLoginVerifier, type SamlLoginVerifier } from './samlv2/login-verifier.js';
import { samlServiceProviderRoutes } from './samlv2/routes.js';
import { createIdentityProviderService } from './service.js';
import { createStartLoginService } from './start.js';
import { createIdentityProviderStore } from './store.js';

/** The implemented provider types. */
export const identityProviderKinds: IdentityProviderKinds = { [samlV2Kind.type]: samlV2Kind };

export interface IdentityProviderWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  readonly clock: Clock;
  /** FUSIONAUTH_APP_URL (config.appUrl). */
  readonly baseUrl: string;
}

export interface IdentityProviderApi {
  /** Verifies a SAML v2 login response and consumes its start request (for the Login API). */
  readonly verifySamlLogin: SamlLoginVerifier;
}

export function identityProviderApi(app: FastifyInstance, { database, tenants, applications, clock, baseUrl }: IdentityProviderWiring): IdentityProviderApi {
  const keyStore = createKeyStore(database);
  const keys: KeyDirectory = { find: async (id) => (await keyStore.find(id))?.key };
  const providers = createIdentityProviderStore(database);
  const requests = createPendingRequestStore(database);
  const application = async (id: string) => {
    const found = await applications.find(id);
    return found && {
      id: found.id,
      tenantId: found.tenantId,
      active: found.active,
      requiresApiKey: found.loginConfiguration?.requireAuthentication !== false,
    };
  };
  const service = createIdentityProviderService({
    providers,
    kinds: identityProviderKinds,
    keys,
    directory: {
      applicationTenant: async (id) => (await applications.find(id))?.tenantId,
      tenantExists: (id) => tenants.exists(id),
    },
    clock,
  });
  const starts = createStartLoginService({
    directory: {
      application,
      provider: (id) => providers.find(id),
      requestIdTimeToLiveSeconds: async (tenantId) =>
        (await tenants.find(tenantId))?.externalIdentifierConfiguration?.samlv2AuthNRequestIdTimeToLiveInSeconds ?? 300,
    },
    requests,
    clock,
  });
  identityProviderRoutes(app, service, starts);
  samlServiceProviderRoutes(app, { provider: (id) => providers.find(id), keys, baseUrl });
  return {
    verifySamlLogin: createSamlLoginVerifier({ provider: (id) => providers.find(id), application, requests, keys, baseUrl, clock }),
  };
}
