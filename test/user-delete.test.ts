import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '@fusionauth/typescript-client';
import { createGroupStore } from '../src/api/group/store.js';
import { createRegistrationStore } from '../src/api/registration/store.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { addTenant, ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;

describe('Users API: delete, bulk delete, reactivate', () => {
  let server: TestServer;
  let tenantId: string;
  before(async () => {
    server = await startTestServer();
    tenantId = await server.defaultTenantId();
  });
  after(() => server.stop());

  const createUser = async (user: User = {}): Promise<User> =>
    (await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, ...user } })).response.user!;
  const isActive = async (id: string) => (await server.client.retrieveUser(id)).response.user?.active;
  const count = async (table: 'registrations' | 'group_members', userId: string) => Number((await server.running.database.db
    .selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);

  it('deactivates (soft delete) and reactivates a user', async () => {
    const created = await createUser();
    const deactivated = await server.client.deactivateUser(created.id!);
    assert.equal(deactivated.statusCode, 200);
    assert.equal(await isActive(created.id!), false);
    const reactivated = await server.client.reactivateUser(created.id!);
    assert.equal(reactivated.statusCode, 200);
    assert.equal(reactivated.response.user?.id, created.id);
    assert.equal(reactivated.response.user?.active, true);
    assert.equal(await isActive(created.id!), true);
    await expectStatus(server.client.reactivateUser('0f6a9c3e-4d2b-4b8a-9c1d-2e3f4a5b6c7d'), 404);
  });

  it('hard deletes a user with its registrations and memberships', async () => {
    const created = await createUser();
    const now = Date.now();
    const applicationId = 'a1a2a3a4-b1b2-4c1c-8d1d-e1e2e3e4e5e6';
    await server.running.database.db.insertInto('applications')
      .values({ id: applicationId, tenant_id: tenantId, name: 'App', active: 1, doc: '{}', insert_instant: now, last_update_instant: now }).execute();
    await createRegistrationStore(server.running.database).insert(tenantId, created.id!, {
      id: 'b1b2b3b4-c1c2-4d1d-8e1e-f1f2f3f4f5f6', applicationId, roles: [], insertInstant: now, lastUpdateInstant: now,
    });
    const groups = createGroupStore(server.running.database);
    const groupId = 'c1c2c3c4-d1d2-4e1e-8f1f-a1a2a3a4a5a6';
    await groups.insert({ id: groupId, tenantId, name: uniqueName('group'), roleIds: [], data: {}, insertInstant: now, lastUpdateInstant: now });
    await groups.addMembers([{ tenantId, member: { id: 'd1d2d3d4-e1e2-4f1f-8a1a-b1b2b3b4b5b6', groupId, userId: created.id!, insertInstant: now } }]);
    assert.equal(await count('registrations', created.id!), 1);
    assert.equal(await count('group_members', created.id!), 1);
    assert.equal((await server.client.deleteUser(created.id!)).statusCode, 200);
    await expectStatus(server.client.retrieveUser(created.id!), 404);
    assert.equal(await count('registrations', created.id!), 0);
    assert.equal(await count('group_members', created.id!), 0);
    await expectStatus(server.client.deleteUser(created.id!), 404);
  });

  it('hard deletes with a JSON body (deleteUserWithRequest) and soft deletes without', async () => {
    const soft = await createUser();
    assert.equal((await server.client.deleteUserWithRequest(soft.id!, { hardDelete: false })).statusCode, 200);
    assert.equal(await isActive(soft.id!), false);
    const hard = await createUser();
    assert.equal((await server.client.deleteUserWithRequest(hard.id!, { hardDelete: true })).statusCode, 200);
    await expectStatus(server.client.retrieveUser(hard.id!), 404);
    const response = await server.fetch(`/api/user/${soft.id}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  it('previews a bulk delete by ids with dryRun, changing nothing', async () => {
    const users = [await createUser(), await createUser()];
    const ids = users.map((u) => u.id!);
    const response = await server.client.deleteUsers({ userIds: [...ids, '0f6a9c3e-4d2b-4b8a-9c1d-2e3f4a5b6c7d'], dryRun: true, hardDelete: true });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.response, { dryRun: true, hardDelete: true, total: 2, userIds: ids });
    for (const id of ids) assert.equal(await isActive(id), true);
  });

  it('deactivates users in bulk by id (deactivateUsersByIds) and deletes them by body', async () => {
    const ids = [(await createUser()).id!, (await createUser()).id!];
    const deactivated = await server.client.deactivateUsersByIds(ids);
    assert.deepEqual(deactivated.response, { dryRun: false, hardDelete: false, total: 2, userIds: ids });
    for (const id of ids) assert.equal(await isActive(id), false);
    const deleted = await server.client.deleteUsers({ userIds: ids, hardDelete: true });
    assert.equal(deleted.response.total, 2);
    for (const id of ids) await expectStatus(server.client.retrieveUser(id), 404);
    const none = await server.client.deleteUsers({ userIds: ids });
    assert.deepEqual(none.response, { dryRun: false, hardDelete: false, total: 0 }, 'userIds is omitted when nobody was affected');
  });

  it('deletes in bulk by queryString (database engine: one term over names, email, username)', async () => {
    const marker = uniqueName('bulkmark');
    const byName = await createUser({ lastName: `${marker.toUpperCase()}-son` });
    const byUsername = await createUser({ username: `${marker}-user` });
    const byEmail = await createUser({ email: `${marker}@example.com` });
    await createUser({ firstName: 'Unrelated' });
    const preview = await server.client.deleteUsersByQuery({ queryString: marker, dryRun: true });
    assert.deepEqual(preview.response.userIds, [byName.id, byUsername.id, byEmail.id]);
    const limited = await server.client.deleteUsersByQuery({ queryString: `${marker}*son`, dryRun: true });
    assert.deepEqual(limited.response.userIds, [byName.id]);
    const deleted = await server.client.deleteUsersByQuery({ queryString: marker, hardDelete: true, limit: 2 });
    assert.deepEqual(deleted.response, { dryRun: false, hardDelete: true, total: 2, userIds: [byName.id, byUsername.id] });
    assert.equal(await isActive(byEmail.id!), true);
  });

  it('accepts bulk criteria as query parameters', async () => {
    const ids = [(await createUser()).id!, (await createUser()).id!];
    const response = await server.fetch(`/api/user/bulk?userIds=${ids[0]}&userId=${ids[1]}&dryRun=true`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { dryRun: true, hardDelete: false, total: 2, userIds: ids });
    const bad = await server.fetch('/api/user/bulk?userId=not-a-uuid', { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldCodes(await bad.json()), { userId: ['[couldNotConvert]userId'] });
  });

  it('selects by a raw Elasticsearch query (the user search subset), refuses the rest, and needs some criteria', async () => {
    const all = await server.client.deleteUsersByQuery({ query: JSON.stringify({ match_all: {} }), dryRun: true });
    assert.ok(all.response.total! >= 1);
    const target = await createUser();
    const bool = await server.client.deleteUsersByQuery({ query: JSON.stringify({ bool: { must: [{ match: { email: target.email } }] } }), dryRun: true });
    assert.deepEqual(bool.response.userIds, [target.id]);
    const unsupported = await expectStatus(server.client.deleteUsersByQuery({ query: '{"more_like_this":{"like":"x"}}', dryRun: true }), 400);
    assert.deepEqual(fieldCodes(unsupported), { query: ['[invalid]query'] });
    const nothing = await expectStatus(server.client.deleteUsers({ dryRun: true }), 400);
    assert.deepEqual(fieldCodes(nothing), { userIds: ['[missing]userIds'] });
  });

  it('limits a bulk delete to the named tenant', async () => {
    const otherTenant = await addTenant(server, '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d');
    const mine = await server.clientWith(ADMIN_API_KEY, tenantId).createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } });
    const theirs = await server.clientWith(ADMIN_API_KEY, otherTenant).createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } });
    const ids = [mine.response.user!.id!, theirs.response.user!.id!];
    const scoped = await server.clientWith(ADMIN_API_KEY, otherTenant).deleteUsers({ userIds: ids, dryRun: true });
    assert.deepEqual(scoped.response.userIds, [theirs.response.user!.id]);
    const global = await server.client.deleteUsers({ userIds: ids, dryRun: true });
    assert.deepEqual(global.response.userIds, ids);
  });
});
