/**
 * Fixtures for the Login API tests, on top of the JWT fixtures (applications, users, token
 * verification with `jose`): an anonymous client, users made with any User fields, raw logins for
 * cookies and headers, the flow store (to create one-time rows as other APIs will), and tenant
 * configuration.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FusionAuthClient, LoginRequest, LoginResponse, Tenant, User } from '@fusionauth/typescript-client';
import { createFlowStore, type FlowStore } from '../../src/flows/store.js';
import type { StoredTenant } from '../../src/api/tenant/store.js';
import { ADMIN_API_KEY } from './gatehouse.js';
import { startJwtFixtures, type JwtFixtures } from './jwt-fixtures.js';

export const PASSWORD = 'password-1234';

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly username?: string;
}

export interface LoginFixtures extends JwtFixtures {
  /** A client without an API key. */
  readonly anonymous: FusionAuthClient;
  readonly flows: FlowStore;
  /** A user with PASSWORD (plus any User fields), registered to `applicationId` when given. */
  newUser(options?: { applicationId?: string; user?: User; skipRegistrationVerification?: boolean; generateAuthenticationToken?: boolean }): Promise<NewUser & { authenticationToken?: string }>;
  /** POST /api/login over raw HTTP (cookies, headers); answers the response and its JSON body. */
  rawLogin(body: LoginRequest, headers?: Record<string, string>): Promise<{ response: Response; body: LoginResponse | undefined }>;
  configureTenant(patch: Tenant): Promise<void>;
  /** Changes the stored tenant directly, for settings the Tenants API cannot accept yet. */
  changeStoredTenant(change: (tenant: StoredTenant) => StoredTenant): Promise<void>;
}

export async function startLoginFixtures(): Promise<LoginFixtures> {
  const jwt = await startJwtFixtures();
  const { server, client, tenantId } = jwt;
  return {
    ...jwt,
    anonymous: server.clientWith(null),
    flows: createFlowStore(server.running.database),
    async newUser(options = {}) {
      const email = options.user?.email ?? `${randomUUID()}@example.com`;
      const user: User = { password: PASSWORD, ...options.user, email };
      const response = options.applicationId === undefined
        ? await client.createUser(null as unknown as string, { user })
        : await client.register(null as unknown as string, {
          user,
          registration: { applicationId: options.applicationId },
          skipRegistrationVerification: options.skipRegistrationVerification ?? true,
          generateAuthenticationToken: options.generateAuthenticationToken ?? false,
        });
      assert.equal(response.statusCode, 200);
      const created = response.response.user!;
      const token = (response.response as { registration?: { authenticationToken?: string } }).registration?.authenticationToken;
      return {
        id: created.id!,
        email,
        ...(created.username !== undefined ? { username: created.username } : {}),
        ...(token !== undefined ? { authenticationToken: token } : {}),
      };
    },
    async rawLogin(body, headers = {}) {
      const response = await server.fetch('/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: ADMIN_API_KEY, ...headers },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { response, body: text === '' ? undefined : (JSON.parse(text) as LoginResponse) };
    },
    async configureTenant(patch) {
      const response = await client.patchTenant(tenantId, { tenant: patch });
      assert.equal(response.statusCode, 200);
    },
    async changeStoredTenant(change) {
      const tenants = server.running.server.tenants;
      const tenant = await tenants.find(tenantId);
      assert.ok(tenant);
      await tenants.update({ ...change(structuredClone(tenant)), lastUpdateInstant: Date.now() });
    },
  };
}
