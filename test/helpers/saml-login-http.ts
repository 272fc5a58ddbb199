/**
 * "Complete a SAML v2 Login" through HTTP: a server whose FUSIONAUTH_APP_URL the test IdP addresses,
 * SAML providers set up by `samlLoginFixture` (certificate imported through the Keys API), logins
 * through the client's anonymous `identityProviderLogin` (and raw HTTP for cookies), access tokens
 * verified with `jose`, and the rows a login must (or must not) have written.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FusionAuthClient, IdentityProviderLoginRequest, LoginResponse, SAMLv2IdentityProvider } from '@fusionauth/typescript-client';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { createKeyStore } from '../../src/api/key/store.js';
import { startTestServer, type TestServer } from './gatehouse.js';
import { base64, signAssertion, type ResponseOptions } from './saml-idp.js';
import { samlLoginFixture, type SamlLoginFixture } from './saml-login-fixture.js';

export const BASE_URL = 'https://login.piedpiper.com';

export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${randomBytes(4).toString('hex')}@piedpiper.com`;

/** What one IdP login asserts: the email attribute, the NameID (the user's id at the IdP) and more. */
export interface Assertion {
  readonly email?: string;
  readonly nameId?: string;
  readonly attributes?: Record<string, string | string[]>;
  readonly overrides?: Partial<ResponseOptions>;
}

export interface SamlHttp {
  readonly server: TestServer;
  readonly anonymous: FusionAuthClient;
  readonly tenantId: string;
  /** A SAML provider (and application) of its own, enabled for each other. */
  fixture(extra?: Partial<SAMLv2IdentityProvider>): Promise<SamlLoginFixture>;
  /** Starts a request (optionally with `state`) and answers its signed response. */
  signed(fixture: SamlLoginFixture, assertion: Assertion, state?: Record<string, unknown>): Promise<string>;
  /** The login request the client sends for `samlResponse`. */
  request(fixture: SamlLoginFixture, samlResponse: string, extra?: Partial<IdentityProviderLoginRequest>): IdentityProviderLoginRequest;
  /** `identityProviderLogin` for a fresh started-and-signed response. */
  login(fixture: SamlLoginFixture, assertion: Assertion, extra?: Partial<IdentityProviderLoginRequest>): ReturnType<FusionAuthClient['identityProviderLogin']>;
  /** POST /api/identity-provider/login over raw HTTP: status, body and Set-Cookie headers. */
  raw(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: LoginResponse | undefined; cookies: Record<string, string> }>;
  verify(token: string): Promise<JWTPayload>;
  /** Row counts that a refused login must leave as they were. */
  counts(): Promise<{ users: number; registrations: number; links: number; refreshTokens: number; loginRecords: number }>;
}

export async function startSamlHttp(): Promise<SamlHttp> {
  const server = await startTestServer({ FUSIONAUTH_APP_URL: BASE_URL });
  const tenantId = await server.defaultTenantId();
  const anonymous = server.clientWith(null);
  const { db } = server.running.database;
  const count = async (table: 'users' | 'registrations' | 'identity_provider_links' | 'refresh_tokens' | 'login_records') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const http: SamlHttp = {
    server,
    anonymous,
    tenantId,
    fixture: (extra = {}) => samlLoginFixture(server, BASE_URL, extra),
    async signed(fixture, { email, nameId, attributes, overrides }, state) {
      const started = await server.client.startIdentityProviderLogin({
        identityProviderId: fixture.provider.id!, applicationId: fixture.applicationId, ...(state !== undefined ? { state } : {}),
      });
      assert.equal(started.statusCode, 202);
      const xml = fixture.response(started.response.code!, {
        attributes: { ...(email !== undefined ? { email } : {}), ...attributes },
        // The NameID is the user's id at the IdP (the link's key): unique per user unless the test says otherwise.
        nameId: nameId ?? email ?? `idp-user-${randomBytes(4).toString('hex')}`,
        ...overrides,
      });
      return base64(signAssertion(xml, fixture.idp));
    },
    request: (fixture, samlResponse, extra = {}) => ({
      identityProviderId: fixture.provider.id!, applicationId: fixture.applicationId, data: { samlResponse }, ...extra,
    }),
    async login(fixture, assertion, extra) {
      return anonymous.identityProviderLogin(http.request(fixture, await http.signed(fixture, assertion), extra));
    },
    async raw(body, headers = {}) {
      const response = await server.fetch('/api/identity-provider/login', {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
      });
      const text = await response.text();
      const cookies: Record<string, string> = {};
      for (const header of response.headers.getSetCookie()) cookies[header.slice(0, header.indexOf('='))] = header;
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as LoginResponse), cookies };
    },
    async verify(token) {
      const { alg } = decodeProtectedHeader(token);
      const currentDate = new Date(server.clock.now());
      if (alg?.startsWith('HS') === true) {
        const tenant = await server.running.server.tenants.find(tenantId);
        const key = await createKeyStore(server.running.database).find(tenant!.jwtConfiguration!.accessTokenKeyId!);
        return (await jwtVerify(token, Buffer.from(key!.secret!, 'utf8'), { currentDate })).payload;
      }
      const jwks = (await server.client.retrieveJsonWebKeySet()).response;
      return (await jwtVerify(token, createLocalJWKSet({ keys: jwks.keys as never }), { currentDate })).payload;
    },
    async counts() {
      return {
        users: await count('users'),
        registrations: await count('registrations'),
        links: await count('identity_provider_links'),
        refreshTokens: await count('refresh_tokens'),
        loginRecords: await count('login_records'),
      };
    },
  };
  return http;
}
