import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { IdentityProviderType } from '@fusionauth/typescript-client';
import { expectStatus } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { createApplication, createProvider, unique } from './helpers/identity-provider-fixtures.js';
import { base64, signAssertion, signResponse } from './helpers/saml-idp.js';
import { EMAIL, samlLoginFixture, type SamlLoginFixture } from './helpers/saml-login-fixture.js';

const BASE_URL = 'https://login.piedpiper.com';
const NO_ID = null as unknown as string;

/** The SAML v2 response verifier that completes a login (seed 003 "Complete a SAML v2 Login"), on good responses. */
describe('SAML v2 response verification', () => {
  let server: TestServer;
  let saml: SamlLoginFixture;

  before(async () => {
    server = await startTestServer({ FUSIONAUTH_APP_URL: BASE_URL });
    saml = await samlLoginFixture(server, BASE_URL, { uniqueIdClaim: 'uid', usernameClaim: 'username' });
  });
  after(() => server.stop());

  it('accepts an assertion signed with the provider key and reports what it says', async () => {
    const { requestId, samlResponse } = await saml.signedLogin({ attributes: { email: EMAIL, uid: 'u-42', username: 'richard', groups: ['eng', 'founders'] }, sessionIndex: '_s-7' });
    const login = await saml.verify(samlResponse);
    assert.equal(login.identityProvider.id, saml.provider.id);
    assert.equal(login.applicationConfiguration.createRegistration, true);
    assert.equal(login.tenantId, await server.defaultTenantId());
    assert.equal(login.request.id, requestId);
    assert.equal(login.request.consumed, true);
    assert.equal(login.assertion.inResponseTo, requestId);
    assert.equal(login.assertion.nameId, 'richard.hendricks');
    assert.equal(login.assertion.issuer, saml.idp.entityId);
    assert.equal(login.assertion.sessionIndex, '_s-7');
    assert.deepEqual(login.assertion.attributes, { email: [EMAIL], uid: ['u-42'], username: ['richard'], groups: ['eng', 'founders'] });
    assert.equal(login.email, EMAIL);
    assert.equal(login.username, 'richard');
    assert.equal(login.identityProviderUserId, 'u-42');
  });

  it('accepts a signed Response whose assertion is not signed on its own', async () => {
    const requestId = await saml.start();
    const login = await saml.verify(base64(signResponse(saml.response(requestId), saml.idp)));
    assert.equal(login.assertion.inResponseTo, requestId);
    assert.equal(login.email, EMAIL);
  });

  it('takes the email from the NameID when useNameIdForEmail, and identifies the user by NameID by default', async () => {
    const byNameId = await samlLoginFixture(server, BASE_URL, { useNameIdForEmail: true });
    const { samlResponse } = await byNameId.signedLogin({ nameId: 'gilfoyle@piedpiper.com', attributes: { email: 'other@piedpiper.com' } });
    const login = await byNameId.verify(samlResponse);
    assert.equal(login.email, 'gilfoyle@piedpiper.com');
    assert.equal(login.identityProviderUserId, 'gilfoyle@piedpiper.com');
    assert.equal(login.username, undefined);
  });

  it('honours the request id given to start, and the state recorded with it', async () => {
    const requestId = `_${unique('custom').replace(/\W/g, '')}`;
    const started = await server.client.startIdentityProviderLogin({
      identityProviderId: saml.provider.id!, applicationId: saml.applicationId, data: { requestId }, state: { redirect: '/home' },
    });
    assert.equal(started.response.code, requestId);
    const login = await saml.verify(base64(signAssertion(saml.response(requestId), saml.idp)));
    assert.deepEqual(login.request.state.state, { redirect: '/home' });
  });

  it('accepts the alternate destinations the provider allows', async () => {
    const alternate = 'https://app.piedpiper.com/saml/callback';
    const fixture = await samlLoginFixture(server, BASE_URL, { assertionConfiguration: { destination: { policy: 'AllowAlternates' as never, alternates: [alternate] } } });
    const requestId = await fixture.start();
    await fixture.verify(base64(signAssertion(fixture.response(requestId, { destination: alternate, recipient: alternate }), fixture.idp)));
    const strict = await fixture.start();
    await fixture.refused(base64(signAssertion(fixture.response(strict, { destination: 'https://evil.example/acs', recipient: 'https://evil.example/acs' }), fixture.idp)));
  });

  it('tolerates a small clock skew only', async () => {
    const { samlResponse } = await saml.signedLogin({ notBeforeOffset: 30_000 });
    await saml.verify(samlResponse);
    const late = await saml.signedLogin({ notOnOrAfterOffset: -30_000 });
    await saml.verify(late.samlResponse);
  });

  it('needs data.samlResponse and a known application (400)', async () => {
    await assert.rejects(saml.verify(''), (error: { status: number; body(): unknown }) =>
      error.status === 400 && JSON.stringify(error.body()).includes('[missing]data.samlResponse'));
    await assert.rejects(saml.verify('PHg+', { applicationId: '6f0b2c7e-0000-4000-8000-000000000000' }), (error: { status: number; body(): unknown }) =>
      error.status === 400 && JSON.stringify(error.body()).includes('[invalid]applicationId'));
  });

  it('verifies the real Azure AD response of seed 003 with the certificate it was signed with', async () => {
    // Seed 003's example request body, kept verbatim as a fixture so the test needs nothing outside the repository:
    // signed by Azure AD on 2019-02-28, for an SP whose entity id was https://local.fusionauth.io.
    const samlResponse = readFileSync(new URL('./fixtures/azure-ad-saml-response.b64', import.meta.url), 'utf8').trim();
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    const certificate = /<X509Certificate>([^<]+)</.exec(xml)![1]!;
    const key = await server.client.importKey(NO_ID, { key: { name: unique('azure'), certificate } });
    assert.equal(key.statusCode, 200);
    const applicationId = await createApplication(server.client);
    const provider = await createProvider(server.client, {
      name: unique('Azure AD'), type: IdentityProviderType.SAMLv2, enabled: true, buttonText: 'Login with Azure', keyId: key.response.key!.id!,
      issuer: 'https://local.fusionauth.io', emailClaim: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      applicationConfiguration: { [applicationId]: { enabled: true } },
    });
    const then = Date.parse('2019-02-28T18:30:00Z');
    const offset = then - server.clock.now();
    server.clock.advance(offset);
    try {
      const started = await server.client.startIdentityProviderLogin({
        identityProviderId: provider.id!, applicationId,
        data: { requestId: 'id31f83b35-5954-4b67-acf8-763c15fc3aac', samlDestination: 'https://local.fusionauth.io/oauth2/callback' },
      });
      assert.equal(started.statusCode, 202);
      const login = await server.running.server.identityProviders.verifySamlLogin({ identityProviderId: provider.id!, applicationId, samlResponse });
      assert.equal(login.email, 'brian@inversoft.com');
      assert.equal(login.assertion.nameId, 'brian_inversoft.com#EXT#@brianinversoft.onmicrosoft.com');
      assert.equal(login.assertion.issuer, 'https://sts.windows.net/c2150111-3c44-4508-9f08-790cb4032a23/');
      assert.equal(login.assertion.attributes['http://schemas.microsoft.com/identity/claims/displayname']![0], 'Brian Pontarelli');
    } finally {
      server.clock.advance(-offset);
    }
  });

  it('refuses a blank data.requestId at start', async () => {
    await expectStatus(server.client.startIdentityProviderLogin({ identityProviderId: saml.provider.id!, applicationId: saml.applicationId, data: { requestId: ' ' } }), 400);
  });
});
