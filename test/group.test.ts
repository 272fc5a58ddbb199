import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { addTenant, ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';

const NO_ID = null as unknown as string;

/** Users are written straight into the table: these tests are about groups, not the Users API. */
async function insertUser(server: TestServer, tenantId: string, email: string): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await server.running.database.db.insertInto('users').values({
    id, tenant_id: tenantId, email, email_lower: email.toLowerCase(), username: null, username_lower: null,
    first_name: null, last_name: null, full_name: null, active: 1, doc: JSON.stringify({ id, email, tenantId }),
    password_hash: null, password_salt: null, password_scheme: null, password_factor: null,
    insert_instant: now, last_update_instant: now, last_login_instant: null,
  }).execute();
  return id;
}

async function createGroup(client: FusionAuthClient, name: string, roleIds?: string[], id: string = NO_ID) {
  const created = await client.createGroup(id, { group: { name }, ...(roleIds ? { roleIds } : {}) });
  assert.equal(created.statusCode, 200);
  return created.response.group!;
}

describe('Groups API', () => {
  let server: TestServer;
  let appId: string;
  let roles: Record<string, string>;
  before(async () => {
    server = await startTestServer();
    const app = (await server.client.createApplication(NO_ID, {
      application: { name: 'Group roles app', roles: [{ name: 'reader' }, { name: 'writer' }, { name: 'admin' }] },
    })).response.application!;
    appId = app.id!;
    roles = Object.fromEntries(app.roles!.map((r) => [r.name!, r.id!]));
  });
  after(() => server.stop());

  it('creates a group with roles answered as application id → roles', async () => {
    const created = (await server.client.createGroup(NO_ID, { group: { name: 'Editors', data: { floor: 3 } }, roleIds: [roles.writer!, roles.reader!] })).response.group!;
    assert.match(created.id!, /^[0-9a-f-]{36}$/);
    assert.equal(created.name, 'Editors');
    assert.equal(created.tenantId, await server.defaultTenantId());
    assert.deepEqual(created.data, { floor: 3 });
    assert.deepEqual(Object.keys(created.roles!), [appId]);
    assert.deepEqual(created.roles![appId]!.map((r) => r.name), ['reader', 'writer']);
    assert.equal(created.roles![appId]![0]!.id, roles.reader);
    assert.ok(created.insertInstant! > 0);
    assert.equal(created.insertInstant, created.lastUpdateInstant);
    assert.deepEqual((await server.client.retrieveGroup(created.id!)).response.group, created);
    const id = randomUUID();
    const plain = await createGroup(server.client, 'Plain', undefined, id);
    assert.equal(plain.id, id);
    assert.deepEqual(plain.roles, {});
    assert.deepEqual(plain.data, {});
  });

  it('reports the documented validation errors', async () => {
    const existing = await createGroup(server.client, 'Taken Group');
    const missing = await expectStatus(server.client.createGroup(NO_ID, {}), 400);
    assert.deepEqual(fieldCodes(missing), { group: ['[missing]group'] });
    const blank = await expectStatus(server.client.createGroup(NO_ID, { group: { name: ' ' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'group.name': ['[blank]group.name'] });
    const duplicateName = await expectStatus(server.client.createGroup(NO_ID, { group: { name: 'taken group' } }), 400);
    assert.deepEqual(fieldCodes(duplicateName), { 'group.name': ['[duplicate]group.name'] });
    const duplicateId = await expectStatus(server.client.createGroup(existing.id!, { group: { name: 'Fresh' } }), 400);
    assert.deepEqual(fieldCodes(duplicateId), { groupId: ['[duplicate]groupId'] });
    const badRoles = await expectStatus(server.client.createGroup(NO_ID, { group: { name: 'Bad roles' }, roleIds: [roles.reader!, randomUUID(), 'nope'] }), 400);
    assert.deepEqual(fieldCodes(badRoles), { 'roleIds[1]': ['[invalid]roleIds[1]'], 'roleIds[2]': ['[invalid]roleIds[2]'] });
  });

  it('updates and patches a group; update replaces the roles', async () => {
    const group = await createGroup(server.client, 'Updatable', [roles.reader!]);
    server.clock.advance(1000);
    const updated = (await server.client.updateGroup(group.id!, { group: { name: 'Updated', data: { a: 1 } }, roleIds: [roles.admin!] })).response.group!;
    assert.equal(updated.name, 'Updated');
    assert.deepEqual(updated.data, { a: 1 });
    assert.deepEqual(updated.roles![appId]!.map((r) => r.name), ['admin']);
    assert.equal(updated.insertInstant, group.insertInstant);
    assert.ok(updated.lastUpdateInstant! >= group.lastUpdateInstant! + 1000);
    const patched = (await server.client.patchGroup(group.id!, { group: { data: { b: 2 } } })).response.group!;
    assert.equal(patched.name, 'Updated');
    assert.deepEqual(patched.data, { a: 1, b: 2 });
    assert.deepEqual(patched.roles![appId]!.map((r) => r.name), ['admin'], 'PATCH keeps the roles it does not mention');
    // application/json PATCH appends array values to the existing list (seed 001, "Patching an Array").
    const patchedRoles = (await server.client.patchGroup(group.id!, { roleIds: [roles.reader!, roles.writer!] })).response.group!;
    assert.deepEqual(patchedRoles.roles![appId]!.map((r) => r.name).sort(), ['admin', 'reader', 'writer']);
    const noRoles = (await server.client.updateGroup(group.id!, { group: { name: 'Updated' } })).response.group!;
    assert.deepEqual(noRoles.roles, {});

    await createGroup(server.client, 'Other Group');
    const duplicate = await expectStatus(server.client.updateGroup(group.id!, { group: { name: 'OTHER GROUP' } }), 400);
    assert.deepEqual(fieldCodes(duplicate), { 'group.name': ['[duplicate]group.name'] });
    const blank = await expectStatus(server.client.updateGroup(group.id!, { group: { name: '' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'group.name': ['[blank]group.name'] });
    const missing = await expectStatus(server.client.updateGroup(group.id!, {}), 400);
    assert.deepEqual(fieldCodes(missing), { group: ['[missing]group'] });
    const badRole = await expectStatus(server.client.updateGroup(group.id!, { group: { name: 'Updated' }, roleIds: [randomUUID()] }), 400);
    assert.deepEqual(fieldCodes(badRole), { 'roleIds[0]': ['[invalid]roleIds[0]'] });
    await expectStatus(server.client.updateGroup(randomUUID(), { group: { name: 'Ghost' } }), 404);
    await expectStatus(server.client.patchGroup(randomUUID(), { group: { name: 'Ghost' } }), 404);
  });

  it('drops roles deleted from their application out of the group', async () => {
    const role = (await server.client.createApplicationRole(appId, NO_ID, { role: { name: 'temporary' } })).response.role!;
    const group = await createGroup(server.client, 'Loses a role', [role.id!, roles.reader!]);
    assert.deepEqual(group.roles![appId]!.map((r) => r.name), ['reader', 'temporary']);
    await server.client.deleteApplicationRole(appId, role.id!);
    const after = (await server.client.retrieveGroup(group.id!)).response.group!;
    assert.deepEqual(after.roles![appId]!.map((r) => r.name), ['reader']);
  });

  it('lists, retrieves and deletes groups', async () => {
    const group = await createGroup(server.client, 'Short lived');
    const all = (await server.client.retrieveGroups()).response.groups!;
    assert.ok(all.some((g) => g.id === group.id));
    const names = all.map((g) => g.name!.toLowerCase());
    assert.deepEqual(names, [...names].sort(), 'listed by name');
    assert.equal((await server.client.deleteGroup(group.id!)).statusCode, 200);
    await expectStatus(server.client.retrieveGroup(group.id!), 404);
    await expectStatus(server.client.deleteGroup(group.id!), 404);
    const malformed = await server.fetch('/api/group/not-a-uuid', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(malformed.status, 404);
  });

  it('searches groups by name with paging and ordering', async () => {
    for (const name of ['Find A', 'Find B', 'Find C']) await createGroup(server.client, name);
    const found = (await server.client.searchGroups({ search: { name: 'find' } })).response;
    assert.equal(found.total, 3);
    assert.deepEqual(found.groups!.map((g) => g.name), ['Find A', 'Find B', 'Find C']);
    const page = (await server.client.searchGroups({ search: { name: 'Find', orderBy: 'name DESC', startRow: 1, numberOfResults: 1 } })).response;
    assert.equal(page.total, 3);
    assert.deepEqual(page.groups!.map((g) => g.name), ['Find B']);
    const wildcard = (await server.client.searchGroups({ search: { name: 'f*d c' } })).response;
    assert.deepEqual(wildcard.groups!.map((g) => g.name), ['Find C']);
    const badOrder = await expectStatus(server.client.searchGroups({ search: { orderBy: 'size' } }), 400);
    assert.deepEqual(fieldCodes(badOrder), { 'search.orderBy': ['[invalid]search.orderBy'] });
  });

  it('rejects malformed bodies with 400', async () => {
    const post = (path: string, body: string, method = 'POST') =>
      server.fetch(path, { method, headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body });
    const broken = await post('/api/group', '{"group":');
    assert.equal(broken.status, 400);
    assert.deepEqual(generalCodes((await broken.json()) as never), ['[invalidJSON]']);
    const wrongType = await post('/api/group', '{"group": {"name": ["x"]}, "roleIds": "abc"}');
    assert.equal(wrongType.status, 400);
    assert.deepEqual(Object.keys(fieldCodes((await wrongType.json()) as never)).sort(), ['group.name', 'roleIds']);
    const badMembers = await post('/api/group/member', '{"members": []}');
    assert.equal(badMembers.status, 400);
    const badDelete = await post('/api/group/member', '{"memberIds": "x"}', 'DELETE');
    assert.equal(badDelete.status, 400);
  });
});

describe('Group members', () => {
  let server: TestServer;
  let tenantId: string;
  let users: string[];
  before(async () => {
    server = await startTestServer();
    tenantId = await server.defaultTenantId();
    users = [];
    for (let i = 0; i < 4; i++) users.push(await insertUser(server, tenantId, `member${i}@example.com`));
  });
  after(() => server.stop());

  it('adds members and answers them by group', async () => {
    const group = await createGroup(server.client, 'Members A');
    const memberId = randomUUID();
    const added = (await server.client.createGroupMembers({
      members: { [group.id!]: [{ userId: users[0]!, data: { role: 'lead' } }, { userId: users[1]!, id: memberId }] },
    })).response.members!;
    assert.deepEqual(Object.keys(added), [group.id]);
    const list = added[group.id!]!;
    assert.equal(list.length, 2);
    assert.equal(list[0]!.userId, users[0]);
    assert.deepEqual(list[0]!.data, { role: 'lead' });
    assert.match(list[0]!.id!, /^[0-9a-f-]{36}$/);
    assert.ok(list[0]!.insertInstant! > 0);
    assert.equal(list[1]!.id, memberId);
    assert.deepEqual(list[1]!.data, {});
    const memberships = await server.running.server.groups.membershipsForUser(users[0]!);
    assert.deepEqual(memberships.map((m) => [m.groupId, m.userId, m.id]), [[group.id, users[0], list[0]!.id]]);

    // Adding a user who is already a member keeps the existing membership.
    const again = (await server.client.createGroupMembers({ members: { [group.id!]: [{ userId: users[0]! }] } })).response.members!;
    assert.equal(again[group.id!]![0]!.id, list[0]!.id);
    const search = (await server.client.searchGroupMembers({ search: { groupId: group.id! } })).response;
    assert.equal(search.total, 2);
  });

  it('reports the member validation errors', async () => {
    const group = await createGroup(server.client, 'Members B');
    const missing = await expectStatus(server.client.createGroupMembers({}), 400);
    assert.deepEqual(fieldCodes(missing), { members: ['[missing]members'] });
    const empty = await expectStatus(server.client.createGroupMembers({ members: {} }), 400);
    assert.deepEqual(fieldCodes(empty), { members: ['[missing]members'] });
    const ghostGroup = randomUUID();
    const unknownGroup = await expectStatus(server.client.createGroupMembers({ members: { [ghostGroup]: [{ userId: users[0]! }] } }), 400);
    assert.deepEqual(fieldCodes(unknownGroup), { [`members[${ghostGroup}]`]: ['[invalid]members'] });
    const unknownUser = await expectStatus(server.client.createGroupMembers({ members: { [group.id!]: [{ userId: users[0]! }, { userId: randomUUID() }, {}] } }), 400);
    assert.deepEqual(fieldCodes(unknownUser), {
      [`members[${group.id}][1].userId`]: ['[invalid]userId'],
      [`members[${group.id}][2].userId`]: ['[missing]userId'],
    });
    const members = await server.client.searchGroupMembers({ search: { groupId: group.id! } });
    assert.equal(members.response.total, 0, 'nothing is written when any member is invalid');
    const updateMissing = await expectStatus(server.client.updateGroupMembers({}), 400);
    assert.deepEqual(fieldCodes(updateMissing), { members: ['[missing]members'] });
  });

  it('replaces a group membership with PUT', async () => {
    const group = await createGroup(server.client, 'Members C');
    const other = await createGroup(server.client, 'Members C other');
    await server.client.createGroupMembers({ members: { [group.id!]: [{ userId: users[0]! }, { userId: users[1]! }], [other.id!]: [{ userId: users[0]! }] } });
    const replaced = (await server.client.updateGroupMembers({ members: { [group.id!]: [{ userId: users[1]!, data: { x: 1 } }, { userId: users[2]! }] } })).response.members!;
    assert.deepEqual(replaced[group.id!]!.map((m) => m.userId), [users[1], users[2]]);
    assert.deepEqual(replaced[group.id!]![0]!.data, { x: 1 });
    const now = (await server.client.searchGroupMembers({ search: { groupId: group.id! } })).response.members!;
    assert.deepEqual(now.map((m) => m.userId).sort(), [users[1], users[2]].sort());
    const untouched = (await server.client.searchGroupMembers({ search: { groupId: other.id! } })).response.members!;
    assert.deepEqual(untouched.map((m) => m.userId), [users[0]]);
    const cleared = (await server.client.updateGroupMembers({ members: { [group.id!]: [] } })).response.members!;
    assert.deepEqual(cleared, { [group.id!]: [] });
    assert.equal((await server.client.searchGroupMembers({ search: { groupId: group.id! } })).response.total, 0);
  });

  it('removes members by member id, by group and user, by group, and in bulk', async () => {
    const group = await createGroup(server.client, 'Members D');
    const added = (await server.client.createGroupMembers({ members: { [group.id!]: users.map((userId) => ({ userId })) } })).response.members![group.id!]!;
    const [m0, m1, m2, m3] = added;

    assert.equal((await server.client.deleteGroupMembers({ memberIds: [m0!.id!] })).statusCode, 200);
    assert.equal((await server.client.deleteGroupMembers({ members: { [group.id!]: [m1!.userId!, randomUUID()] } })).statusCode, 200);
    const byId = await server.fetch(`/api/group/member/${m2!.id}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(byId.status, 200);
    const byUser = await server.fetch(`/api/group/member?groupId=${group.id}&userId=${m3!.userId}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(byUser.status, 200);
    assert.equal((await server.client.searchGroupMembers({ search: { groupId: group.id! } })).response.total, 0);

    await server.client.createGroupMembers({ members: { [group.id!]: [{ userId: users[0]! }, { userId: users[1]! }] } });
    const all = await server.fetch(`/api/group/member?groupId=${group.id}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(all.status, 200);
    assert.equal((await server.client.searchGroupMembers({ search: { groupId: group.id! } })).response.total, 0);

    const missingId = await expectStatus(server.client.deleteGroupMembers({}), 400);
    assert.deepEqual(fieldCodes(missingId), { memberId: ['[missing]memberId'] });
    await expectStatus(server.client.deleteGroupMembers({ memberIds: [randomUUID()] }), 404);
    const ghost = await server.fetch(`/api/group/member/${randomUUID()}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(ghost.status, 404);
    const ghostUser = await server.fetch(`/api/group/member?groupId=${group.id}&userId=${users[0]}`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(ghostUser.status, 404);
    const ghostGroup = randomUUID();
    const unknownGroup = await expectStatus(server.client.deleteGroupMembers({ members: { [ghostGroup]: [users[0]!] } }), 400);
    assert.deepEqual(fieldCodes(unknownGroup), { [`members[${ghostGroup}]`]: ['[invalid]members'] });
  });

  it('searches members by group and user, and deleting a group removes its memberships', async () => {
    const g1 = await createGroup(server.client, 'Members E1');
    const g2 = await createGroup(server.client, 'Members E2');
    await server.client.createGroupMembers({ members: { [g1.id!]: [{ userId: users[3]! }, { userId: users[2]! }] } });
    server.clock.advance(10);
    await server.client.createGroupMembers({ members: { [g2.id!]: [{ userId: users[3]! }] } });
    const byUser = (await server.client.searchGroupMembers({ search: { userId: users[3]! } })).response;
    assert.deepEqual(byUser.members!.map((m) => m.groupId), [g1.id, g2.id], 'oldest membership first');
    assert.ok(byUser.members!.every((m) => m.userId === users[3]));
    const both = (await server.client.searchGroupMembers({ search: { groupId: g1.id!, orderBy: 'userId DESC' } })).response;
    assert.deepEqual(both.members!.map((m) => m.userId), [users[3]!, users[2]!].sort().reverse());
    assert.ok(both.members!.every((m) => m.groupId === g1.id && m.insertInstant! > 0));
    const paged = (await server.client.searchGroupMembers({ search: { groupId: g1.id!, numberOfResults: 1 } })).response;
    assert.equal(paged.total, 2);
    assert.equal(paged.members!.length, 1);

    await server.client.deleteGroup(g1.id!);
    const gone = (await server.client.searchGroupMembers({ search: { groupId: g1.id! } })).response;
    assert.equal(gone.total, 0);
    const remaining = await server.running.server.groups.membershipsForUser(users[3]!);
    assert.ok(remaining.every((m) => m.groupId !== g1.id));
    assert.ok(remaining.some((m) => m.groupId === g2.id));
  });
});

describe('Groups across tenants', () => {
  let server: TestServer;
  let defaultTenantId: string;
  const otherTenantId = randomUUID();
  before(async () => {
    server = await startTestServer();
    defaultTenantId = await server.defaultTenantId();
    await addTenant(server, otherTenantId);
  });
  after(() => server.stop());

  it('requires a tenant on create and scopes every read to the named tenant', async () => {
    const required = await expectStatus(server.client.createGroup(NO_ID, { group: { name: 'Anywhere' } }), 400);
    assert.deepEqual(generalCodes(required), ['[TenantIdRequired]']);
    const inDefault = server.clientWith(ADMIN_API_KEY, defaultTenantId);
    const inOther = server.clientWith(ADMIN_API_KEY, otherTenantId);
    const a = await createGroup(inDefault, 'Same name');
    const b = await createGroup(inOther, 'Same name');
    assert.equal(a.tenantId, defaultTenantId);
    assert.equal(b.tenantId, otherTenantId);

    assert.equal((await server.client.retrieveGroup(b.id!)).statusCode, 200);
    await expectStatus(inDefault.retrieveGroup(b.id!), 404);
    await expectStatus(inDefault.updateGroup(b.id!, { group: { name: 'x' } }), 404);
    await expectStatus(inDefault.deleteGroup(b.id!), 404);
    assert.deepEqual((await inOther.retrieveGroups()).response.groups!.map((g) => g.id), [b.id]);
    assert.equal((await server.client.retrieveGroups()).response.groups!.length, 2);
    const searched = (await inDefault.searchGroups({ search: { name: 'same', tenantId: otherTenantId } })).response;
    assert.deepEqual(searched.groups!.map((g) => g.id), [a.id]);
    const ordered = (await server.client.searchGroups({ search: { orderBy: 'tenant ASC' } })).response;
    assert.deepEqual(ordered.groups!.map((g) => g.tenantId), [defaultTenantId, otherTenantId]);
  });

  it('refuses roles and members from another tenant', async () => {
    const otherApp = (await server.clientWith(ADMIN_API_KEY, otherTenantId).createApplication(NO_ID, {
      application: { name: 'Other app', roles: [{ name: 'foreign' }] },
    })).response.application!;
    const foreignRole = otherApp.roles![0]!.id!;
    const refused = await expectStatus(server.clientWith(ADMIN_API_KEY, defaultTenantId).createGroup(NO_ID, { group: { name: 'Foreign roles' }, roleIds: [foreignRole] }), 400);
    assert.deepEqual(fieldCodes(refused), { 'roleIds[0]': ['[invalid]roleIds[0]'] });

    const group = await createGroup(server.clientWith(ADMIN_API_KEY, defaultTenantId), 'Local members');
    const foreignUser = await insertUser(server, otherTenantId, 'foreign@example.com');
    const localUser = await insertUser(server, defaultTenantId, 'local@example.com');
    const wrongTenant = await expectStatus(server.client.createGroupMembers({ members: { [group.id!]: [{ userId: foreignUser }] } }), 400);
    assert.deepEqual(fieldCodes(wrongTenant), { [`members[${group.id}][0].userId`]: ['[invalid]userId'] });
    const hidden = await expectStatus(server.clientWith(ADMIN_API_KEY, otherTenantId).createGroupMembers({ members: { [group.id!]: [{ userId: localUser }] } }), 400);
    assert.deepEqual(fieldCodes(hidden), { [`members[${group.id}]`]: ['[invalid]members'] });
    await server.client.createGroupMembers({ members: { [group.id!]: [{ userId: localUser }] } });
    const scoped = (await server.clientWith(ADMIN_API_KEY, otherTenantId).searchGroupMembers({ search: { groupId: group.id! } })).response;
    assert.equal(scoped.total, 0);
    const visible = (await server.clientWith(ADMIN_API_KEY, defaultTenantId).searchGroupMembers({ search: { groupId: group.id! } })).response;
    assert.equal(visible.total, 1);
  });
});
