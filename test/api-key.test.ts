import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';

describe('API Keys API', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('creates a key with a generated value that then authenticates', async () => {
    const created = await server.client.createAPIKey(null as unknown as string, { apiKey: { metaData: { attributes: { description: 'ci' } } } });
    assert.equal(created.statusCode, 200);
    const apiKey = created.response.apiKey!;
    assert.match(apiKey.id!, /^[0-9a-f-]{36}$/);
    assert.ok(apiKey.key!.length >= 32);
    assert.equal(apiKey.keyManager, false);
    assert.equal(apiKey.metaData?.attributes?.description, 'ci');
    assert.ok(apiKey.insertInstant! > 0);
    const version = await server.clientWith(apiKey.key!).retrieveVersion();
    assert.equal(version.statusCode, 200);
    const retrieved = await server.client.retrieveAPIKey(apiKey.id!);
    assert.equal(retrieved.response.apiKey?.key, apiKey.key);
  });

  it('creates a key with a given id and value, and refuses the same value twice', async () => {
    const id = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const created = await server.client.createAPIKey(id, { apiKey: { key: 'my-own-key-value-that-is-long-enough' } });
    assert.equal(created.response.apiKey?.id, id);
    assert.equal(created.response.apiKey?.key, 'my-own-key-value-that-is-long-enough');
    const error = await expectStatus(server.client.createAPIKey(null as unknown as string, { apiKey: { key: 'my-own-key-value-that-is-long-enough' } }), 400);
    assert.deepEqual(fieldCodes(error), { 'apiKey.key': ['[duplicate]apiKey.key'] });
  });

  it('refuses to create key-manager keys through the API', async () => {
    const error = await expectStatus(server.client.createAPIKey(null as unknown as string, { apiKey: { keyManager: true } }), 400);
    assert.deepEqual(fieldCodes(error), { 'apiKey.keyManager': ['[invalid]apiKey.keyManager'] });
  });

  it('answers 401 to a key that is not a key manager', async () => {
    const plain = (await server.client.createAPIKey(null as unknown as string, { apiKey: {} })).response.apiKey!;
    const client = server.clientWith(plain.key!);
    await expectStatus(client.createAPIKey(null as unknown as string, { apiKey: {} }), 401);
    await expectStatus(client.retrieveAPIKey(plain.id!), 401);
  });

  it('restricts a key to the endpoints and methods its permissions list', async () => {
    const limited = (await server.client.createAPIKey(null as unknown as string, {
      apiKey: { permissions: { endpoints: { '/api/system/version': ['GET'] } } },
    })).response.apiKey!;
    assert.deepEqual(limited.permissions?.endpoints, { '/api/system/version': ['GET'] });
    assert.equal((await server.clientWith(limited.key!).retrieveVersion()).statusCode, 200);
    const other = (await server.client.createAPIKey(null as unknown as string, {
      apiKey: { permissions: { endpoints: { '/api/user': ['GET', 'post'] } } },
    })).response.apiKey!;
    assert.deepEqual(other.permissions?.endpoints, { '/api/user': ['GET', 'POST'] });
    await expectStatus(server.clientWith(other.key!).retrieveVersion(), 401);
  });

  it('rejects permissions naming unknown methods', async () => {
    const error = await expectStatus(server.client.createAPIKey(null as unknown as string, {
      apiKey: { permissions: { endpoints: { '/api/user': ['FETCH'] } } },
    }), 400);
    assert.deepEqual(Object.keys(error.fieldErrors ?? {}), ['apiKey.permissions.endpoints']);
  });

  it('stops accepting a key after its expiration instant', async () => {
    const expiring = (await server.client.createAPIKey(null as unknown as string, {
      apiKey: { expirationInstant: server.clock.now() + 60_000 },
    })).response.apiKey!;
    assert.equal((await server.clientWith(expiring.key!).retrieveVersion()).statusCode, 200);
    server.clock.advance(120_000);
    await expectStatus(server.clientWith(expiring.key!).retrieveVersion(), 401);
  });

  it('hides the value of a non-retrievable key after creation and requires its name', async () => {
    const nameless = await expectStatus(server.client.createAPIKey(null as unknown as string, { apiKey: { retrievable: false } }), 400);
    assert.deepEqual(fieldCodes(nameless), { 'apiKey.name': ['[blank]apiKey.name'] });
    const created = (await server.client.createAPIKey(null as unknown as string, { apiKey: { retrievable: false, name: 'hidden' } })).response.apiKey!;
    assert.ok(created.key);
    const retrieved = (await server.client.retrieveAPIKey(created.id!)).response.apiKey!;
    assert.equal(retrieved.key, undefined);
    assert.equal(retrieved.name, 'hidden');
  });

  it('updates, patches and deletes a key', async () => {
    const created = (await server.client.createAPIKey(null as unknown as string, { apiKey: { name: 'before' } })).response.apiKey!;
    const updated = await server.client.updateAPIKey(created.id!, { apiKey: { name: 'after', permissions: { endpoints: { '/api/user': ['GET'] } } } });
    assert.equal(updated.response.apiKey?.name, 'after');
    assert.equal(updated.response.apiKey?.key, created.key, 'the key value does not change on update');
    const patched = await server.client.patchAPIKey(created.id!, { apiKey: { name: 'patched' } });
    assert.equal(patched.response.apiKey?.name, 'patched');
    assert.deepEqual(patched.response.apiKey?.permissions?.endpoints, { '/api/user': ['GET'] });
    const denied = await expectStatus(server.client.updateAPIKey(created.id!, { apiKey: { tenantId: '7f2d1a44-0000-4000-8000-000000000000' } }), 400);
    assert.deepEqual(fieldCodes(denied), { 'apiKey.tenantId': ['[invalid]apiKey.tenantId'] });
    assert.equal((await server.client.deleteAPIKey(created.id!)).statusCode, 200);
    await expectStatus(server.client.retrieveAPIKey(created.id!), 404);
    await expectStatus(server.client.deleteAPIKey(created.id!), 404);
  });

  it('creates a copy of an existing key with sourceKeyId', async () => {
    const source = (await server.client.createAPIKey(null as unknown as string, {
      apiKey: { permissions: { endpoints: { '/api/group': ['GET'] } }, metaData: { attributes: { description: 'source' } } },
    })).response.apiKey!;
    const copy = (await server.client.createAPIKey(null as unknown as string, { sourceKeyId: source.id! })).response.apiKey!;
    assert.notEqual(copy.id, source.id);
    assert.notEqual(copy.key, source.key);
    assert.deepEqual(copy.permissions?.endpoints, { '/api/group': ['GET'] });
  });

  it('lets a restricted key manager grant only what it holds', async () => {
    const id = '5d7a6a1e-8f0e-4a52-9a4e-1f6c0e9f1b11';
    await server.running.server.apiKeys.create('kickstart', id, {
      key: 'restricted-manager-key-0123456789', keyManager: true,
      permissions: { endpoints: { '/api/api-key': ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/api/user': ['GET'] } },
    });
    const manager = server.clientWith('restricted-manager-key-0123456789');
    const ok = await manager.createAPIKey(null as unknown as string, { apiKey: { permissions: { endpoints: { '/api/user': ['GET'] } } } });
    assert.equal(ok.statusCode, 200);
    await expectStatus(manager.createAPIKey(null as unknown as string, { apiKey: {} }), 400);
    await expectStatus(manager.createAPIKey(null as unknown as string, { apiKey: { permissions: { endpoints: { '/api/user': ['DELETE'] } } } }), 400);
    // An unrestricted key outranks it, so it may not read one.
    const admin = (await server.client.createAPIKey(null as unknown as string, { apiKey: {} })).response.apiKey!;
    await expectStatus(manager.retrieveAPIKey(admin.id!), 401);
  });
});
