import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistrationStore } from '../src/api/registration/store.js';
import { expectStatus, generalCodes } from './helpers/expect.js';
import { addTenant, ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;
const OTHER_TENANT = '7b0c4e9e-2a55-4c4b-9d5e-3f1a2b3c4d01';

describe('Users API: retrieve and tenancy', () => {
  let server: TestServer;
  let tenantId: string;
  let email: string;
  let username: string;
  let userId: string;
  before(async () => {
    server = await startTestServer();
    tenantId = await server.defaultTenantId();
    email = uniqueEmail();
    username = uniqueName('Johnny');
    userId = (await server.client.createUser(NO_ID, { user: { email, username, password: PASSWORD } })).response.user!.id!;
  });
  after(() => server.stop());

  it('retrieves a user by id, email, username and login id, case-insensitively', async () => {
    const byId = await server.client.retrieveUser(userId);
    assert.equal(byId.statusCode, 200);
    assert.equal(byId.response.user?.email, email);
    for (const call of [
      server.client.retrieveUserByEmail(email.toUpperCase()),
      server.client.retrieveUserByUsername(username.toUpperCase()),
      server.client.retrieveUserByLoginId(email),
      server.client.retrieveUserByLoginId(username.toLowerCase()),
      server.client.retrieveUserByLoginIdWithLoginIdTypes(username, ['username']),
    ]) {
      const response = await call;
      assert.equal(response.statusCode, 200);
      assert.equal(response.response.user?.id, userId);
      assert.equal(response.response.user?.encryptionScheme, 'salted-pbkdf2-hmac-sha256');
      assert.equal(response.response.user?.password, undefined);
    }
    await expectStatus(server.client.retrieveUserByLoginIdWithLoginIdTypes(username, ['email']), 404);
  });

  it('answers 404 with an empty body for unknown users and ids that are not UUIDs', async () => {
    await expectStatus(server.client.retrieveUser('0f6a9c3e-4d2b-4b8a-9c1d-2e3f4a5b6c7d'), 404);
    await expectStatus(server.client.retrieveUserByEmail('nobody@example.com'), 404);
    await expectStatus(server.client.retrieveUserByUsername('nobody'), 404);
    const raw = await server.fetch('/api/user/not-a-uuid', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(raw.status, 404);
    assert.equal(await raw.text(), '');
  });

  it('finds nobody by change-password or verification id yet (lifecycle flows come later)', async () => {
    await expectStatus(server.client.retrieveUserByChangePasswordId('abc'), 404);
    await expectStatus(server.client.retrieveUserByVerificationId('abc'), 404);
  });

  it('lists the user registrations on the User', async () => {
    const applicationId = 'd3c2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b0a';
    const now = Date.now();
    await server.running.database.db.insertInto('applications')
      .values({ id: applicationId, tenant_id: tenantId, name: 'App', active: 1, doc: '{}', insert_instant: now, last_update_instant: now }).execute();
    await createRegistrationStore(server.running.database).insert(tenantId, userId, {
      id: 'e4d3c2b1-0a9f-4e8d-9c7b-6a5f4e3d2c1b', applicationId, roles: ['user'], insertInstant: now, lastUpdateInstant: now,
    });
    const user = (await server.client.retrieveUser(userId)).response.user!;
    assert.deepEqual(user.registrations?.map((r) => [r.applicationId, r.roles]), [[applicationId, ['user']]]);
  });

  describe('with two tenants', () => {
    let otherUserId: string;
    before(async () => {
      await addTenant(server, OTHER_TENANT);
      otherUserId = (await server.clientWith(ADMIN_API_KEY, OTHER_TENANT).createUser(NO_ID, { user: { email, password: PASSWORD } })).response.user!.id!;
    });

    it('requires a tenant id to create or look up by login id, and lets the same email exist in each tenant', async () => {
      const create = await expectStatus(server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } }), 400);
      assert.deepEqual(generalCodes(create), ['[TenantIdRequired]']);
      const lookup = await expectStatus(server.client.retrieveUserByEmail(email), 400);
      assert.deepEqual(generalCodes(lookup), ['[TenantIdRequired]']);
      assert.notEqual(otherUserId, userId);
      const mine = await server.clientWith(ADMIN_API_KEY, tenantId).retrieveUserByEmail(email);
      const theirs = await server.clientWith(ADMIN_API_KEY, OTHER_TENANT).retrieveUserByEmail(email);
      assert.equal(mine.response.user?.id, userId);
      assert.equal(theirs.response.user?.id, otherUserId);
      assert.equal(theirs.response.user?.tenantId, OTHER_TENANT);
    });

    it('retrieves by id without a tenant, but hides another tenant user when a tenant is named', async () => {
      assert.equal((await server.client.retrieveUser(otherUserId)).statusCode, 200);
      await expectStatus(server.clientWith(ADMIN_API_KEY, tenantId).retrieveUser(otherUserId), 404);
      await expectStatus(server.clientWith(ADMIN_API_KEY, tenantId).updateUser(otherUserId, { user: { email: uniqueEmail() } }), 404);
      await expectStatus(server.clientWith(ADMIN_API_KEY, tenantId).deleteUser(otherUserId), 404);
      const key = 'tenant-locked-user-key-0123456789abcdef';
      await server.running.server.apiKeys.create('kickstart', undefined, { key, tenantId: OTHER_TENANT });
      const locked = server.clientWith(key);
      assert.equal((await locked.retrieveUser(otherUserId)).statusCode, 200);
      await expectStatus(locked.retrieveUser(userId), 404);
      const created = await locked.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } });
      assert.equal(created.response.user?.tenantId, OTHER_TENANT);
    });
  });
});
