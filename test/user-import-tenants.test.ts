/** POST /api/user/import when several tenants exist (seed 001 "Import Users": the tenant of each imported user). */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, addTenant, startTestServer, type TestServer } from './helpers/gatehouse.js';

const PLAIN = 'imported Passw0rd!';
const email = (prefix = 'imp'): string => `${prefix}-${randomBytes(5).toString('hex')}@example.com`;

describe('Import Users with several tenants', () => {
  let server: TestServer;
  let defaultTenantId: string;
  let otherTenantId: string;
  before(async () => {
    server = await startTestServer();
    defaultTenantId = await server.defaultTenantId();
    otherTenantId = await addTenant(server, randomUUID());
  });
  after(() => server.stop());

  it('needs a tenant: the header, the key\'s, or users[x].tenantId', async () => {
    const errors = await expectStatus(server.client.importUsers({ users: [{ email: email(), password: PLAIN }] }), 400);
    assert.deepEqual(generalCodes(errors), ['[TenantIdRequired]']);

    const shared = email('tenants');
    await server.client.importUsers({
      users: [{ email: shared, password: PLAIN, tenantId: otherTenantId }, { email: shared, password: PLAIN, tenantId: defaultTenantId }],
    });
    const inOther = (await server.clientWith(ADMIN_API_KEY, otherTenantId).retrieveUserByEmail(shared)).response.user!;
    const inDefault = (await server.clientWith(ADMIN_API_KEY, defaultTenantId).retrieveUserByEmail(shared)).response.user!;
    assert.equal(inOther.tenantId, otherTenantId);
    assert.equal(inDefault.tenantId, defaultTenantId);
    assert.notEqual(inOther.id, inDefault.id);
  });

  it('ignores users[x].tenantId when the header names the tenant', async () => {
    const address = email('header');
    await server.clientWith(ADMIN_API_KEY, otherTenantId).importUsers({ users: [{ email: address, password: PLAIN, tenantId: defaultTenantId }] });
    assert.equal((await server.clientWith(ADMIN_API_KEY, otherTenantId).retrieveUserByEmail(address)).response.user!.tenantId, otherTenantId);
    await expectStatus(server.clientWith(ADMIN_API_KEY, defaultTenantId).retrieveUserByEmail(address), 404);
  });

  it('refuses an unknown tenant', async () => {
    const errors = await expectStatus(server.client.importUsers({ users: [{ email: email(), password: PLAIN, tenantId: randomUUID() }] }), 400);
    assert.deepEqual(fieldCodes(errors), { 'user.tenantId': ['[invalid]user.tenantId'] });
    const header = await expectStatus(server.clientWith(ADMIN_API_KEY, randomUUID()).importUsers({ users: [{ email: email(), password: PLAIN }] }), 400);
    assert.deepEqual(fieldCodes(header), { tenantId: ['[invalid]tenantId'] });
  });

  it('only references applications and groups of the user\'s tenant', async () => {
    const other = server.clientWith(ADMIN_API_KEY, otherTenantId);
    const applicationId = (await other.createApplication(null as unknown as string, { application: { name: `other-${randomUUID()}` } })).response.application!.id!;
    const groupId = (await other.createGroup(null as unknown as string, { group: { name: `other-${randomUUID()}` } })).response.group!.id!;
    const errors = await expectStatus(server.clientWith(ADMIN_API_KEY, defaultTenantId).importUsers({
      users: [{ email: email(), password: PLAIN, registrations: [{ applicationId }], memberships: [{ groupId }] }],
    }), 400);
    assert.deepEqual(fieldCodes(errors), { 'user.registrations.applicationId': ['[invalid]user.registrations.applicationId'], 'user.memberships.groupId': ['[invalid]user.memberships.groupId'] });
    const address = email('other-refs');
    assert.equal((await other.importUsers({ users: [{ email: address, password: PLAIN, registrations: [{ applicationId }], memberships: [{ groupId }] }] })).statusCode, 200);
    const stored = (await other.retrieveUserByEmail(address)).response.user!;
    assert.equal(stored.registrations?.[0]?.applicationId, applicationId);
    assert.equal(stored.memberships?.[0]?.groupId, groupId);
  });
});
