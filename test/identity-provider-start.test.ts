import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { createApplication, createProvider, importCertificate, samlProvider, unique } from './helpers/identity-provider-fixtures.js';
import { createTestIdp } from './helpers/saml-idp.js';

const NO_ID = null as unknown as string;
const BASE_URL = 'https://login.piedpiper.com';
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';

function only(parent: Element, namespace: string, name: string): Element {
  const found = Array.from(parent.getElementsByTagNameNS(namespace, name));
  assert.equal(found.length, 1, `one ${name}`);
  return found[0]!;
}

/** Seed 003 "Integration Details" (SP metadata) and "Start a SAML v2 Login Request". */
describe('SAML v2 service provider metadata and login start', () => {
  let server: TestServer;
  let keyId: string;
  let applicationId: string;

  before(async () => {
    server = await startTestServer({ FUSIONAUTH_APP_URL: BASE_URL });
    keyId = await importCertificate(server.client, await createTestIdp());
    applicationId = await createApplication(server.client);
  });
  after(() => server.stop());

  async function metadata(id: string): Promise<{ status: number; type: string | null; root?: Element }> {
    const response = await server.fetch(`/samlv2/sp/metadata/${id}`);
    if (response.status !== 200) return { status: response.status, type: null };
    const document = new DOMParser().parseFromString(await response.text(), 'text/xml');
    return { status: 200, type: response.headers.get('content-type'), root: document.documentElement! };
  }

  it('serves SP metadata without an API key: entity id, HTTP-POST ACS and NameID format', async () => {
    const provider = await createProvider(server.client, samlProvider(keyId, applicationId));
    const { status, type, root } = await metadata(provider.id!);
    assert.equal(status, 200);
    assert.match(type!, /^application\/samlmetadata\+xml/);
    assert.equal(root!.namespaceURI, MD);
    assert.equal(root!.localName, 'EntityDescriptor');
    assert.equal(root!.getAttribute('entityID'), `${BASE_URL}/samlv2/sp/${provider.id}`);
    const sp = only(root!, MD, 'SPSSODescriptor');
    assert.equal(sp.getAttribute('protocolSupportEnumeration'), 'urn:oasis:names:tc:SAML:2.0:protocol');
    assert.equal(sp.getAttribute('AuthnRequestsSigned'), 'false');
    const acs = only(sp, MD, 'AssertionConsumerService');
    assert.equal(acs.getAttribute('Binding'), 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    assert.equal(acs.getAttribute('Location'), `${BASE_URL}/samlv2/acs`);
    assert.equal(only(sp, MD, 'NameIDFormat').textContent, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    assert.equal(sp.getElementsByTagNameNS(MD, 'KeyDescriptor').length, 0);
  });

  it('uses the issuer override as entity id and publishes the request-signing certificate', async () => {
    const generated = await server.client.generateKey(NO_ID, { key: { algorithm: 'RS256' as never, name: unique('signing'), length: 2048 } });
    const signingKey = generated.response.key!;
    const provider = await createProvider(server.client, samlProvider(keyId, applicationId, {
      issuer: 'urn:piedpiper:sp', signRequest: true, requestSigningKeyId: signingKey.id!,
    }));
    const { root } = await metadata(provider.id!);
    assert.equal(root!.getAttribute('entityID'), 'urn:piedpiper:sp');
    const sp = only(root!, MD, 'SPSSODescriptor');
    assert.equal(sp.getAttribute('AuthnRequestsSigned'), 'true');
    assert.equal(only(sp, MD, 'KeyDescriptor').getAttribute('use'), 'signing');
    const certificate = only(sp, 'http://www.w3.org/2000/09/xmldsig#', 'X509Certificate').textContent;
    assert.equal(certificate, signingKey.certificate!.replace(/-----[A-Z ]+-----|\s/g, ''));
  });

  it('answers 404 for an unknown provider', async () => {
    assert.equal((await metadata(randomUUID())).status, 404);
    assert.equal((await metadata('nope')).status, 404);
  });

  it('starts a login: 202 with a generated request id as the code', async () => {
    const provider = await createProvider(server.client, samlProvider(keyId, applicationId));
    const started = await server.client.startIdentityProviderLogin({ identityProviderId: provider.id!, applicationId });
    assert.equal(started.statusCode, 202);
    assert.match(started.response.code!, /^id[0-9a-f]{32}$/);
    const other = await server.client.startIdentityProviderLogin({ identityProviderId: provider.id!, applicationId });
    assert.notEqual(other.response.code, started.response.code);
  });

  it('uses data.requestId when given, once', async () => {
    const provider = await createProvider(server.client, samlProvider(keyId, applicationId));
    const requestId = `_${randomUUID()}`;
    const started = await server.client.startIdentityProviderLogin({ identityProviderId: provider.id!, applicationId, data: { requestId } });
    assert.equal(started.statusCode, 202);
    assert.equal(started.response.code, requestId);
    const again = await expectStatus(server.client.startIdentityProviderLogin({ identityProviderId: provider.id!, applicationId, data: { requestId } }), 400);
    assert.deepEqual(fieldCodes(again), { 'data.requestId': ['[duplicate]data.requestId'] });
  });

  it('refuses a provider that is unknown, disabled, or not enabled for the application (401)', async () => {
    const disabled = await createProvider(server.client, samlProvider(keyId, applicationId, { enabled: false }));
    const otherApp = await createApplication(server.client);
    const notForApp = await createProvider(server.client, samlProvider(keyId, applicationId, { applicationConfiguration: { [otherApp]: { enabled: true } } }));
    const offForApp = await createProvider(server.client, samlProvider(keyId, applicationId, { applicationConfiguration: { [applicationId]: { enabled: false } } }));
    for (const identityProviderId of [randomUUID(), disabled.id!, notForApp.id!, offForApp.id!]) {
      await expectStatus(server.client.startIdentityProviderLogin({ identityProviderId, applicationId }), 401);
    }
  });

  it('validates the request', async () => {
    const missing = await expectStatus(server.client.startIdentityProviderLogin({}), 400);
    assert.deepEqual(fieldCodes(missing), { identityProviderId: ['[missing]identityProviderId'], applicationId: ['[missing]applicationId'] });
    const unknownApp = await expectStatus(server.client.startIdentityProviderLogin({ identityProviderId: randomUUID(), applicationId: randomUUID() }), 400);
    assert.deepEqual(fieldCodes(unknownApp), { applicationId: ['[invalid]applicationId'] });
  });

  it('needs an API key unless the application allows unauthenticated logins', async () => {
    const provider = await createProvider(server.client, samlProvider(keyId, applicationId));
    await expectStatus(server.clientWith(null).startIdentityProviderLogin({ identityProviderId: provider.id!, applicationId }), 401);
    const openApp = await createApplication(server.client, { loginConfiguration: { requireAuthentication: false } });
    const open = await createProvider(server.client, samlProvider(keyId, openApp));
    const started = await server.clientWith(null).startIdentityProviderLogin({ identityProviderId: open.id!, applicationId: openApp });
    assert.equal(started.statusCode, 202);
  });
});
