/**
 * Fixtures for the JWT and Refresh Token tests. Applications, users, registrations, groups and keys are
 * made through the real client; tokens come from the token service directly (`gatehouse.tokens`), as
 * the Login API will hand them out, since the Login API is another engineer's work.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { KeyAlgorithm, type Application, type ApplicationRole, type FusionAuthClient } from '@fusionauth/typescript-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { StoredApplication } from '../../src/api/application/store.js';
import type { LoginTokens } from '../../src/api/jwt/service.js';
import { createKeyStore } from '../../src/api/key/store.js';
import type { StoredTenant } from '../../src/api/tenant/store.js';
import type { User } from '../../src/api/user/model.js';
import { startTestServer, type TestServer } from './gatehouse.js';

export interface JwtFixtures {
  readonly server: TestServer;
  readonly client: FusionAuthClient;
  readonly tenantId: string;
  /** Creates an application (refresh allowed and generated unless the overrides say otherwise). */
  createApplication(overrides?: Application): Promise<string>;
  /** Creates a user registered to `applicationId` (if given) with `roles`. */
  createUser(registration?: { applicationId: string; roles?: string[] }, username?: string): Promise<string>;
  /** Logs a user in through the token service, as the Login API does. */
  login(userId: string, applicationId?: string): Promise<LoginTokens>;
  /** An RS256 key generated through the Keys API; answers its id. */
  generateRsaKey(): Promise<string>;
  tenant(): Promise<StoredTenant>;
  application(id: string): Promise<StoredApplication>;
  /** The user as the Users API returns it (registrations and memberships included). */
  user(id: string): Promise<User & { id: string; tenantId: string }>;
  /** Verifies with the published JWKS (asymmetric keys) or the HMAC secret from the Key Master. */
  verify(token: string): Promise<JWTPayload>;
}

export const roles = (...names: string[]): ApplicationRole[] => names.map((name) => ({ name }));

export async function startJwtFixtures(): Promise<JwtFixtures> {
  const server = await startTestServer();
  const client = server.client;
  const tenantId = await server.defaultTenantId();
  const gatehouse = server.running.server;

  const fixtures: JwtFixtures = {
    server,
    client,
    tenantId,
    async createApplication(overrides = {}) {
      const response = await client.createApplication(null as unknown as string, {
        application: {
          name: `app-${randomUUID()}`,
          loginConfiguration: { allowTokenRefresh: true, generateRefreshTokens: true, requireAuthentication: true },
          ...overrides,
        },
      });
      assert.equal(response.statusCode, 200);
      return response.response.application!.id!;
    },
    async createUser(registration, username) {
      const user = { email: `${randomUUID()}@example.com`, password: 'password-1234', ...(username !== undefined ? { username } : {}) };
      const response = registration === undefined
        ? await client.createUser(null as unknown as string, { user })
        : await client.register(null as unknown as string, { user, registration: { applicationId: registration.applicationId, roles: registration.roles ?? [] } });
      assert.equal(response.statusCode, 200);
      return response.response.user!.id!;
    },
    async login(userId, applicationId) {
      const application = applicationId === undefined ? undefined : await fixtures.application(applicationId);
      return gatehouse.tokens.issueLoginTokens({
        user: await fixtures.user(userId),
        tenant: await fixtures.tenant(),
        ...(application !== undefined ? { application } : {}),
        authenticationType: 'PASSWORD',
        metaData: { device: { name: 'test device', type: 'BROWSER' }, scopes: ['offline_access'] },
        ipAddress: '10.0.0.7',
      });
    },
    async generateRsaKey() {
      const response = await client.generateKey(null as unknown as string, { key: { algorithm: KeyAlgorithm.RS256, name: `rsa-${randomUUID()}`, length: 2048 } });
      assert.equal(response.statusCode, 200);
      return response.response.key!.id!;
    },
    async tenant() {
      const tenant = await gatehouse.tenants.find(tenantId);
      assert.ok(tenant);
      return tenant;
    },
    async application(id) {
      const application = await gatehouse.applications.find(id);
      assert.ok(application);
      return application;
    },
    async user(id) {
      const response = await client.retrieveUser(id);
      return response.response.user as unknown as User & { id: string; tenantId: string };
    },
    async verify(token) {
      const { alg } = decodeProtectedHeader(token);
      if (alg?.startsWith('HS') === true) {
        const tenant = await fixtures.tenant();
        const key = await createKeyStore(server.running.database).find(tenant.jwtConfiguration!.accessTokenKeyId!);
        return (await jwtVerify(token, Buffer.from(key!.secret!, 'utf8'), { currentDate: new Date(server.clock.now()) })).payload;
      }
      const jwks = (await client.retrieveJsonWebKeySet()).response;
      const keySet = createLocalJWKSet({ keys: jwks.keys as never });
      return (await jwtVerify(token, keySet, { currentDate: new Date(server.clock.now()) })).payload;
    },
  };
  return fixtures;
}

/** Raw `Set-Cookie` headers of a response, by cookie name. */
export function setCookies(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) out[header.slice(0, header.indexOf('='))] = header;
  return out;
}

/** The value of a `Set-Cookie` header. */
export const cookieValue = (header: string | undefined): string | undefined => header?.slice(header.indexOf('=') + 1).split(';')[0];
