/**
 * A SAML v2 login set up end to end: a test IdP whose certificate is imported through the Keys API, an
 * application, a SAML provider enabled for it, requests started through `startIdentityProviderLogin`, and
 * the server's own verifier (what `POST /api/identity-provider/login` calls) to check responses with.
 */
import assert from 'node:assert/strict';
import type { SAMLv2IdentityProvider } from '@fusionauth/typescript-client';
import type { SamlLoginInput, VerifiedSamlLogin } from '../../src/api/identity-provider/samlv2/login-verifier.js';
import { SamlResponseRejected } from '../../src/api/identity-provider/samlv2/rejection.js';
import type { TestServer } from './gatehouse.js';
import { createApplication, createProvider, importCertificate, samlProvider } from './identity-provider-fixtures.js';
import { base64, buildResponse, createTestIdp, signAssertion, type ResponseOptions, type TestIdp } from './saml-idp.js';

export interface SamlLoginFixture {
  readonly idp: TestIdp;
  readonly keyId: string;
  readonly applicationId: string;
  readonly provider: SAMLv2IdentityProvider;
  readonly spEntityId: string;
  readonly acs: string;
  /** Starts a login through the client; answers the request id (the `code`). */
  start(data?: Record<string, string>): Promise<string>;
  /** An unsigned response to `requestId` that passes every check once signed. */
  response(requestId: string, overrides?: Partial<ResponseOptions>): string;
  /** A started request and its assertion-signed, base64 response. */
  signedLogin(overrides?: Partial<ResponseOptions>): Promise<{ requestId: string; samlResponse: string }>;
  verify(samlResponse: string, input?: Partial<SamlLoginInput>): Promise<VerifiedSamlLogin>;
  /** Asserts the verifier refuses the response with a 401; answers the reason, for the test's message. */
  refused(samlResponse: string, input?: Partial<SamlLoginInput>): Promise<string>;
}

export const EMAIL = 'richard@piedpiper.com';

export async function samlLoginFixture(server: TestServer, baseUrl: string, extra: Partial<SAMLv2IdentityProvider> = {}): Promise<SamlLoginFixture> {
  const idp = await createTestIdp();
  const keyId = await importCertificate(server.client, idp);
  const applicationId = await createApplication(server.client);
  const provider = await createProvider(server.client, samlProvider(keyId, applicationId, extra));
  const spEntityId = `${baseUrl}/samlv2/sp/${provider.id}`;
  const acs = `${baseUrl}/samlv2/acs`;
  const verifier = server.running.server.identityProviders.verifySamlLogin;

  const fixture: SamlLoginFixture = {
    idp, keyId, applicationId, provider, spEntityId, acs,
    async start(data) {
      const started = await server.client.startIdentityProviderLogin({ identityProviderId: provider.id!, applicationId, ...(data ? { data } : {}) });
      assert.equal(started.statusCode, 202);
      return started.response.code!;
    },
    response(requestId, overrides = {}) {
      return buildResponse({
        issuer: idp.entityId, inResponseTo: requestId, destination: acs, recipient: acs, audience: spEntityId,
        now: server.clock.now(), attributes: { email: EMAIL, uid: 'u-42', username: 'richard' }, nameId: 'richard.hendricks', ...overrides,
      });
    },
    async signedLogin(overrides) {
      const requestId = await fixture.start();
      return { requestId, samlResponse: base64(signAssertion(fixture.response(requestId, overrides), idp)) };
    },
    verify: (samlResponse, input = {}) => verifier({ identityProviderId: provider.id!, applicationId, samlResponse, ...input }),
    async refused(samlResponse, input) {
      try {
        await fixture.verify(samlResponse, input);
      } catch (error) {
        assert.ok(error instanceof SamlResponseRejected, `expected a SAML rejection, got ${String(error)}`);
        assert.equal(error.status, 401);
        assert.equal(error.body(), undefined);
        return error.reason;
      }
      return assert.fail('the response was accepted');
    },
  };
  return fixture;
}
