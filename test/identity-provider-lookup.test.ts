import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { addTenant, ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { createApplication, createProvider, importCertificate, samlProvider } from './helpers/identity-provider-fixtures.js';
import { createTestIdp } from './helpers/saml-idp.js';

const NO_ID = null as unknown as string;

/** `GET /api/identity-provider/lookup?domain=` (domain-based login) and tenant-scoped providers. */
describe('Identity Providers API: lookup and tenants', () => {
  let server: TestServer;
  let keyId: string;
  let applicationId: string;

  before(async () => {
    server = await startTestServer();
    keyId = await importCertificate(server.client, await createTestIdp());
    applicationId = await createApplication(server.client);
  });
  after(() => server.stop());

  it('finds the enabled provider that manages a domain, by domain or email address', async () => {
    const disabledApp = await createApplication(server.client);
    const provider = await createProvider(server.client, samlProvider(keyId, applicationId, {
      domains: ['piedpiper.com'],
      idpEndpoint: 'https://idp.piedpiper.com/sso',
      applicationConfiguration: { [applicationId]: { enabled: true }, [disabledApp]: { enabled: false } },
    }));
    for (const query of ['piedpiper.com', 'PiedPiper.com', 'richard@piedpiper.com']) {
      const found = await server.client.lookupIdentityProvider(query);
      assert.equal(found.statusCode, 200);
      assert.deepEqual(found.response.identityProvider, {
        id: provider.id,
        name: provider.name,
        type: 'SAMLv2',
        applicationIds: [applicationId],
        idpEndpoint: 'https://idp.piedpiper.com/sso',
        insertInstant: provider.insertInstant,
        lastUpdateInstant: provider.lastUpdateInstant,
      });
    }
    await expectStatus(server.client.lookupIdentityProvider('hooli.com'), 404);
    await expectStatus(server.client.lookupIdentityProvider('someone@'), 404);
  });

  it('does not offer a disabled provider', async () => {
    await createProvider(server.client, samlProvider(keyId, applicationId, { domains: ['disabled.example'], enabled: false }));
    await expectStatus(server.client.lookupIdentityProvider('disabled.example'), 404);
  });

  it('needs the domain parameter', async () => {
    const response = await server.fetch('/api/identity-provider/lookup', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 400);
    assert.deepEqual(fieldCodes(await response.json() as never), { domain: ['[missing]domain'] });
  });

  it('scopes a provider to a tenant: invisible from other tenants, found by lookup in its own', async () => {
    const tenantId = await addTenant(server, randomUUID());
    const otherTenant = await addTenant(server, randomUUID());
    const tenantApp = (await server.clientWith(ADMIN_API_KEY, tenantId).createApplication(NO_ID, { application: { name: 'Tenant app' } })).response.application!.id!;
    const scoped = await createProvider(server.client, samlProvider(keyId, tenantApp, { tenantId, domains: ['scoped.example'] }));
    assert.equal(scoped.tenantId, tenantId);

    const inTenant = server.clientWith(ADMIN_API_KEY, tenantId);
    const inOther = server.clientWith(ADMIN_API_KEY, otherTenant);
    assert.equal((await inTenant.retrieveIdentityProvider(scoped.id!)).statusCode, 200);
    await expectStatus(inOther.retrieveIdentityProvider(scoped.id!), 404);
    await expectStatus(inOther.deleteIdentityProvider(scoped.id!), 404);
    const listed = (await inOther.retrieveIdentityProviders()).response.identityProviders!.map((p) => p.id);
    assert.ok(!listed.includes(scoped.id));

    const found = await server.client.lookupIdentityProviderByTenantId('scoped.example', tenantId);
    assert.equal(found.response.identityProvider?.tenantId, tenantId);
    await expectStatus(server.client.lookupIdentityProviderByTenantId('scoped.example', otherTenant), 404);

    // An application of another tenant cannot be configured on a tenant's provider; the tenant is read-only.
    const wrongApp = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(keyId, applicationId, { tenantId }) }), 400);
    assert.deepEqual(fieldCodes(wrongApp), { 'identityProvider.applicationConfiguration': ['[invalid]identityProvider.applicationConfiguration'] });
    const moved = await server.client.updateIdentityProvider(scoped.id!, { identityProvider: { ...scoped, tenantId: otherTenant } });
    assert.equal(moved.response.identityProvider?.tenantId, tenantId);
    const unknownTenant = await expectStatus(server.client.createIdentityProvider(NO_ID, { identityProvider: samlProvider(keyId, applicationId, { tenantId: randomUUID(), applicationConfiguration: {} }) }), 400);
    assert.deepEqual(fieldCodes(unknownTenant), { 'identityProvider.tenantId': ['[invalid]identityProvider.tenantId'] });
  });
});
