/**
 * Fixtures for the Registrations tests: a server with a second tenant, and applications and users made
 * through the real client. Tenants are seeded through the store until the Tenants API is wired.
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationRole, FusionAuthClient } from '@fusionauth/typescript-client';
import { tenantDefaults } from '../../src/api/tenant/model.js';
import { createTenantStore } from '../../src/api/tenant/store.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './gatehouse.js';

export interface ApplicationOptions {
  readonly roles?: ApplicationRole[];
  readonly tenant?: string;
  readonly active?: boolean;
  readonly verifyRegistration?: boolean;
  readonly tokens?: boolean;
}

export interface RegistrationFixtures {
  readonly server: TestServer;
  readonly tenantId: string;
  readonly otherTenantId: string;
  /** A client acting in the default tenant (two tenants exist, so creates must name one). */
  readonly admin: FusionAuthClient;
  createApplication(options?: ApplicationOptions): Promise<string>;
  createUser(tenant?: string): Promise<string>;
}

export const PASSWORD = 'correct horse battery';

export const roles = (...names: string[]): ApplicationRole[] => names.map((name) => ({ name }));

export async function startRegistrationFixtures(): Promise<RegistrationFixtures> {
  const server = await startTestServer();
  const tenantId = await server.defaultTenantId();
  const otherTenantId = randomUUID();
  const now = Date.now();
  await createTenantStore(server.running.database).insert({ ...tenantDefaults(), id: otherTenantId, name: `tenant-${otherTenantId}`, insertInstant: now, lastUpdateInstant: now });
  return {
    server,
    tenantId,
    otherTenantId,
    admin: server.clientWith(ADMIN_API_KEY, tenantId),
    async createApplication(options = {}) {
      const client = server.clientWith(ADMIN_API_KEY, options.tenant ?? tenantId);
      const response = await client.createApplication(null as unknown as string, {
        application: {
          name: `app-${randomUUID()}`,
          roles: options.roles ?? [],
          verifyRegistration: options.verifyRegistration ?? false,
          ...(options.verifyRegistration === true ? { verificationEmailTemplateId: randomUUID() } : {}),
          authenticationTokenConfiguration: { enabled: options.tokens ?? false },
        },
      });
      const id = response.response.application!.id!;
      if (options.active === false) await client.deactivateApplication(id);
      return id;
    },
    async createUser(tenant = tenantId) {
      const response = await server.clientWith(ADMIN_API_KEY, tenant).createUser(null as unknown as string, {
        user: { email: `${randomUUID()}@example.com`, password: PASSWORD },
      });
      return response.response.user!.id!;
    },
  };
}
