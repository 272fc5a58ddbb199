import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { IdentityProviderType, type SAMLv2IdentityProvider } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { createApplication, createProvider, importCertificate, samlProvider, unique } from './helpers/identity-provider-fixtures.js';
import { createTestIdp } from './helpers/saml-idp.js';

const NO_ID = null as unknown as string;

/** Seed 003: create, retrieve (one, all, by type), update, patch and delete SAML v2 identity providers. */
describe('Identity Providers API (SAML v2)', () => {
  let server: TestServer;
  let keyId: string;
  let applicationId: string;

  before(async () => {
    server = await startTestServer();
    keyId = await importCertificate(server.client, await createTestIdp());
    applicationId = await createApplication(server.client);
  });
  after(() => server.stop());

  it('creates the seed example provider and returns every field with its defaults', async () => {
    const reconcileId = '0bf07e2d-08fa-4d56-8f63-9f9d40ee7fd5';
    const before = server.clock.now();
    const created = await createProvider(server.client, {
      applicationConfiguration: { [applicationId]: { buttonText: 'Login with SAML (app text)', createRegistration: true, enabled: true } },
      buttonText: 'Login with SAML',
      debug: false,
      emailClaim: 'email',
      enabled: true,
      idpEndpoint: 'https://www.example.com/login',
      keyId,
      lambdaConfiguration: { reconcileId },
      name: 'My SAML provider',
      type: IdentityProviderType.SAMLv2,
      useNameIdForEmail: true,
    });
    assert.match(created.id!, /^[0-9a-f-]{36}$/);
    assert.ok(created.insertInstant! >= before && created.insertInstant === created.lastUpdateInstant);
    assert.deepEqual(created, {
      id: created.id,
      type: 'SAMLv2',
      name: 'My SAML provider',
      enabled: true,
      debug: false,
      data: {},
      applicationConfiguration: { [applicationId]: { buttonText: 'Login with SAML (app text)', createRegistration: true, enabled: true } },
      tenantConfiguration: {},
      linkingStrategy: 'LinkByEmail',
      lambdaConfiguration: { reconcileId },
      insertInstant: created.insertInstant,
      lastUpdateInstant: created.lastUpdateInstant,
      assertionConfiguration: { destination: { policy: 'Enabled', alternates: [] } },
      assertionDecryptionConfiguration: { enabled: false },
      buttonText: 'Login with SAML',
      domains: [],
      emailClaim: 'email',
      idpEndpoint: 'https://www.example.com/login',
      idpInitiatedConfiguration: { enabled: false },
      keyId,
      loginHintConfiguration: { enabled: true, parameterName: 'login_hint' },
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      postRequest: false,
      signRequest: false,
      useNameIdForEmail: true,
      verificationKeyIds: [keyId],
    });
    const retrieved = await server.client.retrieveIdentityProvider(created.id!);
    assert.equal(retrieved.statusCode, 200);
    assert.deepEqual(retrieved.response.identityProvider, created);
  });

  it('keeps every other SAML v2 field of the 1.69 client', async () => {
    const signingKey = (await server.client.generateKey(NO_ID, { key: { algorithm: 'RS256' as never, name: unique('signing'), length: 2048 } })).response.key!.id!;
    const created = await createProvider(server.client, samlProvider(keyId, applicationId, {
      issuer: 'https://sp.example.com/entity',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      postRequest: true,
      signRequest: true,
      requestSigningKeyId: signingKey,
      xmlSignatureC14nMethod: 'exclusive' as never,
      uniqueIdClaim: 'uid',
      usernameClaim: 'username',
      buttonImageURL: 'https://example.com/button.png',
      debug: true,
      loginHintConfiguration: { enabled: false },
      assertionConfiguration: { destination: { policy: 'AllowAlternates' as never, alternates: ['https://app.example.com/saml'] } },
      linkingStrategy: 'LinkByUsername' as never,
      data: { team: 'blue' },
    }));
    assert.equal(created.issuer, 'https://sp.example.com/entity');
    assert.equal(created.nameIdFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal(created.postRequest, true);
    assert.equal(created.signRequest, true);
    assert.equal(created.requestSigningKeyId, signingKey);
    assert.equal(created.xmlSignatureC14nMethod, 'exclusive');
    assert.equal(created.uniqueIdClaim, 'uid');
    assert.equal(created.usernameClaim, 'username');
    assert.equal(created.buttonImageURL, 'https://example.com/button.png');
    assert.equal(created.debug, true);
    assert.deepEqual(created.loginHintConfiguration, { enabled: false, parameterName: 'login_hint' });
    assert.deepEqual(created.assertionConfiguration, { destination: { policy: 'AllowAlternates', alternates: ['https://app.example.com/saml'] } });
    assert.equal(created.linkingStrategy, 'LinkByUsername');
    assert.deepEqual(created.data, { team: 'blue' });
  });

  it('creates with a given id, and refuses a duplicate id or name', async () => {
    const id = randomUUID();
    const provider = samlProvider(keyId, applicationId);
    const created = await createProvider(server.client, provider, id);
    assert.equal(created.id, id);
    const again = await expectStatus(server.client.createIdentityProvider(id, { identityProvider: { ...provider, name: unique('other') } }), 400);
    assert.deepEqual(fieldCodes(again), { identityProviderId: ['[duplicate]identityProviderId'] });
    const sameName = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: provider }), 400);
    assert.deepEqual(fieldCodes(sameName), { 'identityProvider.name': ['[duplicate]identityProvider.name'] });
    assert.equal(sameName.fieldErrors!['identityProvider.name']![0]!.message, `An Identity Provider with name [${provider.name}] already exists.`);
  });

  it('validates with FusionAuth error codes', async () => {
    const missing = await expectStatus(server.client.createIdentityProvider(NO_ID, {
      identityProvider: { type: IdentityProviderType.SAMLv2, applicationConfiguration: { [randomUUID()]: { enabled: true } } } as SAMLv2IdentityProvider,
    }), 400);
    assert.deepEqual(fieldCodes(missing), {
      'identityProvider.name': ['[blank]identityProvider.name'],
      'identityProvider.buttonText': ['[blank]identityProvider.buttonText'],
      'identityProvider.keyId': ['[blank]identityProvider.keyId'],
      'identityProvider.emailClaim': ['[blank]identityProvider.emailClaim'],
      'identityProvider.applicationConfiguration': ['[invalid]identityProvider.applicationConfiguration'],
    });
    const unknownKey = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(randomUUID(), applicationId) }), 400);
    assert.deepEqual(fieldCodes(unknownKey), { 'identityProvider.keyId': ['[invalid]identityProvider.keyId'] });
    const hmac = (await server.client.generateKey(NO_ID, { key: { algorithm: 'HS256' as never, name: unique('hmac') } })).response.key!.id!;
    const cannotVerify = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(hmac, applicationId) }), 400);
    assert.deepEqual(fieldCodes(cannotVerify), { 'identityProvider.keyId': ['[cannotVerify]identityProvider.keyId'] });
    // Seed 003: a verification only key — a generated RSA key pair has a private key and is refused, on create and update.
    const pair = (await server.client.generateKey(NO_ID, { key: { algorithm: 'RS256' as never, name: unique('pair'), length: 2048 } })).response.key!.id!;
    const withPrivateKey = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(pair, applicationId) }), 400);
    assert.deepEqual(fieldCodes(withPrivateKey), { 'identityProvider.keyId': ['[invalid]identityProvider.keyId'] });
    assert.match(withPrivateKey.fieldErrors!['identityProvider.keyId']![0]!.message!, /private key/);
    const inList = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(keyId, applicationId, { verificationKeyIds: [keyId, pair] }) }), 400);
    assert.deepEqual(fieldCodes(inList), { 'identityProvider.verificationKeyIds[1]': ['[invalid]identityProvider.verificationKeyIds'] });
    const existing = await createProvider(server.client, samlProvider(keyId, applicationId));
    const patched = await expectStatus(server.client.patchIdentityProvider(existing.id!, { identityProvider: { keyId: pair } as SAMLv2IdentityProvider }), 400);
    assert.deepEqual(fieldCodes(patched), { 'identityProvider.keyId': ['[invalid]identityProvider.keyId'] });
    assert.equal(((await server.client.retrieveIdentityProvider(existing.id!)).response.identityProvider as SAMLv2IdentityProvider).keyId, keyId);
    const bad = await expectStatus(server.client.createIdentityProvider(NO_ID, {
      identityProvider: samlProvider(keyId, applicationId, {
        idpEndpoint: 'not a url', issuer: ' ', signRequest: true, linkingStrategy: 'LinkByUsername' as never,
      }),
    }), 400);
    assert.deepEqual(fieldCodes(bad), {
      'identityProvider.idpEndpoint': ['[invalid]identityProvider.idpEndpoint'],
      'identityProvider.issuer': ['[invalid]identityProvider.issuer'],
      'identityProvider.usernameClaim': ['[blank]identityProvider.usernameClaim'],
      'identityProvider.requestSigningKeyId': ['[missing]identityProvider.requestSigningKeyId'],
    });
    // useNameIdForEmail instead of emailClaim is enough.
    await createProvider(server.client, samlProvider(keyId, applicationId, { emailClaim: undefined as never, useNameIdForEmail: true }));
  });

  it('refuses unsupported or missing types, and malformed properties', async () => {
    const google = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: { type: IdentityProviderType.Google, name: unique('g') } }), 400);
    assert.deepEqual(fieldCodes(google), { 'identityProvider.type': ['[invalid]identityProvider.type'] });
    const none = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: { name: unique('none') } }), 400);
    assert.deepEqual(fieldCodes(none), { 'identityProvider.type': ['[missing]identityProvider.type'] });
    const raw = await server.fetch('/api/identity-provider', {
      method: 'POST',
      headers: { authorization: 'gatehouse-test-admin-key-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ identityProvider: { ...samlProvider(keyId, applicationId), domains: 'example.com' } }),
    });
    assert.equal(raw.status, 400);
    assert.deepEqual(Object.keys((await raw.json() as { fieldErrors: object }).fieldErrors), ['identityProvider.domains']);
  });

  it('manages domains: lower-cased, once each, and never claimed by two providers', async () => {
    const first = await createProvider(server.client, samlProvider(keyId, applicationId, { domains: ['Piedpiper.COM', 'piedpiper.com', 'hooli.io'] }));
    assert.deepEqual(first.domains, ['piedpiper.com', 'hooli.io']);
    const clash = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(keyId, applicationId, { domains: ['HOOLI.io', 'other.org'] }) }), 400);
    assert.deepEqual(fieldCodes(clash), { 'identityProvider.domains': ['[duplicate]identityProvider.domains'] });
    assert.match(clash.fieldErrors!['identityProvider.domains']![0]!.message!, /\[hooli\.io\] are currently managed by another Identity Provider/);
    // The owner itself may keep its domains on update.
    const updated = await server.client.updateIdentityProvider(first.id!, { identityProvider: { ...first, domains: ['hooli.io'] } as SAMLv2IdentityProvider });
    assert.deepEqual((updated.response.identityProvider as SAMLv2IdentityProvider).domains, ['hooli.io']);
    await createProvider(server.client, samlProvider(keyId, applicationId, { domains: ['piedpiper.com'] }));
  });

  it('retrieves all providers, and by type', async () => {
    const created = await createProvider(server.client, samlProvider(keyId, applicationId));
    const all = await server.client.retrieveIdentityProviders();
    assert.equal(all.statusCode, 200);
    const names = all.response.identityProviders!.map((p) => p.name!);
    assert.ok(names.includes(created.name!));
    assert.deepEqual(names, [...names].sort());
    const saml = await server.client.retrieveIdentityProviderByType(IdentityProviderType.SAMLv2);
    assert.deepEqual(saml.response.identityProviders!.map((p) => p.id), all.response.identityProviders!.map((p) => p.id));
    const google = await server.client.retrieveIdentityProviderByType(IdentityProviderType.Google);
    assert.deepEqual(google.response.identityProviders, []);
  });

  it('updates with PUT and PATCH, keeping insertInstant; a new keyId replaces the old key', async () => {
    const created = await createProvider(server.client, samlProvider(keyId, applicationId));
    server.clock.advance(5_000);
    const put = await server.client.updateIdentityProvider(created.id!, { identityProvider: { ...created, name: unique('renamed'), enabled: false, debug: true } });
    assert.equal(put.statusCode, 200);
    const updated = put.response.identityProvider as SAMLv2IdentityProvider;
    assert.equal(updated.enabled, false);
    assert.equal(updated.debug, true);
    assert.equal(updated.insertInstant, created.insertInstant);
    assert.ok(updated.lastUpdateInstant! >= created.lastUpdateInstant! + 5_000);

    const otherKey = await importCertificate(server.client, await createTestIdp());
    const patched = await server.client.patchIdentityProvider(created.id!, { identityProvider: { keyId: otherKey, buttonText: 'Sign in with Hooli' } as SAMLv2IdentityProvider });
    assert.equal(patched.statusCode, 200);
    const result = patched.response.identityProvider as SAMLv2IdentityProvider;
    assert.equal(result.keyId, otherKey);
    assert.deepEqual(result.verificationKeyIds, [otherKey]);
    assert.equal(result.buttonText, 'Sign in with Hooli');
    assert.equal(result.name, updated.name);
    assert.equal(result.debug, true);

    const invalid = await expectStatus(server.client.patchIdentityProvider(created.id!, { identityProvider: { buttonText: '' } as SAMLv2IdentityProvider }), 400);
    assert.deepEqual(fieldCodes(invalid), { 'identityProvider.buttonText': ['[blank]identityProvider.buttonText'] });
    await expectStatus(server.client.updateIdentityProvider(randomUUID(), { identityProvider: created }), 404);
    await expectStatus(server.client.patchIdentityProvider(randomUUID(), { identityProvider: {} }), 404);
  });

  it('deletes a provider; unknown ids are 404', async () => {
    const created = await createProvider(server.client, samlProvider(keyId, applicationId, { domains: ['deleted.example'] }));
    const deleted = await server.client.deleteIdentityProvider(created.id!);
    assert.equal(deleted.statusCode, 200);
    await expectStatus(server.client.retrieveIdentityProvider(created.id!), 404);
    await expectStatus(server.client.deleteIdentityProvider(created.id!), 404);
    await expectStatus(server.client.retrieveIdentityProvider('not-a-uuid'), 404);
    // Its domains are free again.
    await createProvider(server.client, samlProvider(keyId, applicationId, { domains: ['deleted.example'] }));
  });

  it('needs an API key', async () => {
    await expectStatus(server.clientWith(null).retrieveIdentityProviders(), 401);
    await expectStatus(server.clientWith('wrong').createIdentityProvider(NO_ID, { identityProvider: samlProvider(keyId, applicationId) }), 401);
  });
});
