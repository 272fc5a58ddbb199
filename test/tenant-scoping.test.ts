import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';

const noId = null as unknown as string;
const UNKNOWN_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** Tenant scoping of the Tenants API itself, delete and the public password rules. */
describe('Tenants API scoping, delete and password rules', () => {
  let server: TestServer;
  let defaultTenantId: string;

  before(async () => {
    server = await startTestServer();
    defaultTenantId = await server.defaultTenantId();
  });
  after(() => server.stop());

  const createTenant = async (name: string) => (await server.client.createTenant(noId, { tenant: { name } })).response.tenant!;
  const lockedClient = async (tenantId: string): Promise<FusionAuthClient> => {
    const { response } = await server.client.createAPIKey(noId, { apiKey: { tenantId } });
    return server.clientWith(response.apiKey!.key!);
  };

  it('answers the password rules without an API key: the sole tenant, then [TenantIdRequired] once there are two', async () => {
    const anonymous = server.clientWith(null);
    const sole = await anonymous.retrievePasswordValidationRules();
    assert.equal(sole.statusCode, 200);
    assert.equal(sole.response.passwordValidationRules?.minLength, 8);
    assert.equal(sole.response.passwordValidationRules?.maxLength, 256);

    const strict = (await server.client.createTenant(noId, { tenant: { name: 'Strict rules', passwordValidationRules: { minLength: 14, requireNumber: true } } })).response.tenant!;
    const ambiguous = await expectStatus(anonymous.retrievePasswordValidationRules(), 400);
    assert.deepEqual(generalCodes(ambiguous), ['[TenantIdRequired]']);

    const byId = await anonymous.retrievePasswordValidationRulesWithTenantId(strict.id!);
    assert.equal(byId.response.passwordValidationRules?.minLength, 14);
    assert.equal(byId.response.passwordValidationRules?.requireNumber, true);
    const byHeader = await server.clientWith(null, strict.id!).retrievePasswordValidationRules();
    assert.equal(byHeader.response.passwordValidationRules?.minLength, 14);
    await expectStatus(anonymous.retrievePasswordValidationRulesWithTenantId(UNKNOWN_TENANT), 404);
    const unknownHeader = await expectStatus(server.clientWith(null, UNKNOWN_TENANT).retrievePasswordValidationRules(), 400);
    assert.deepEqual(fieldCodes(unknownHeader), { tenantId: ['[invalid]tenantId'] });
  });

  it('requires a tenant id for a tenant-scoped create once two tenants exist (Users API)', async () => {
    await createTenant('Second for users');
    const ambiguous = await expectStatus(server.client.createUser(noId, { user: { email: 'who@example.com', password: 'password123' } }), 400);
    assert.deepEqual(generalCodes(ambiguous), ['[TenantIdRequired]']);
    const unknown = await expectStatus(server.clientWith(ADMIN_API_KEY, UNKNOWN_TENANT).createUser(noId, { user: { email: 'who@example.com', password: 'password123' } }), 400);
    assert.deepEqual(fieldCodes(unknown), { tenantId: ['[invalid]tenantId'] });
  });

  it('lets a tenant-locked key read and update only its own tenant', async () => {
    const own = await createTenant('Locked own');
    const other = await createTenant('Locked other');
    const locked = await lockedClient(own.id!);

    assert.equal((await locked.retrieveTenant(own.id!)).response.tenant?.name, 'Locked own');
    await expectStatus(locked.retrieveTenant(other.id!), 404);
    const all = await expectStatus(locked.retrieveTenants(), 400);
    assert.deepEqual(generalCodes(all), ['[restricted]']);

    const updated = await locked.updateTenant(own.id!, { tenant: { name: 'Locked own', issuer: 'https://own.example' } });
    assert.equal(updated.response.tenant?.issuer, 'https://own.example');
    const patched = await locked.patchTenant(own.id!, { tenant: { data: { by: 'locked key' } } });
    assert.deepEqual(patched.response.tenant?.data, { by: 'locked key' });
    await expectStatus(locked.updateTenant(other.id!, { tenant: { name: 'Hijacked' } }), 404);
    await expectStatus(locked.patchTenant(other.id!, { tenant: { name: 'Hijacked' } }), 404);
    assert.equal((await server.client.retrieveTenant(other.id!)).response.tenant?.name, 'Locked other');
  });

  it('refuses tenant creation, own-tenant deletion and search to a tenant-scoped request', async () => {
    const own = await createTenant('Scoped refusals');
    const other = await createTenant('Scoped bystander');
    const locked = await lockedClient(own.id!);
    const created = await expectStatus(locked.createTenant(noId, { tenant: { name: 'Not allowed' } }), 400);
    assert.deepEqual(generalCodes(created), ['[restricted]']);
    const deleteOwn = await expectStatus(locked.deleteTenant(own.id!), 400);
    assert.deepEqual(fieldCodes(deleteOwn), { tenantId: ['[restricted]tenantId'] });
    await expectStatus(locked.deleteTenant(other.id!), 404);
    await expectStatus(locked.searchTenants({ search: { name: 'Scoped' } }), 401);

    // The header scopes a global key the same way.
    const headered = server.clientWith(ADMIN_API_KEY, own.id!);
    await expectStatus(headered.searchTenants({ search: {} }), 401);
    await expectStatus(headered.retrieveTenant(other.id!), 404);
    assert.equal((await headered.retrieveTenant(own.id!)).response.tenant?.id, own.id);
    const unknownHeader = await expectStatus(server.clientWith(ADMIN_API_KEY, UNKNOWN_TENANT).retrieveTenant(own.id!), 400);
    assert.deepEqual(fieldCodes(unknownHeader), { tenantId: ['[invalid]tenantId'] });
    assert.equal((await server.client.retrieveTenant(own.id!)).statusCode, 200);
  });

  it('never deletes the Default tenant, even after it is renamed', async () => {
    const refused = await expectStatus(server.client.deleteTenant(defaultTenantId), 400);
    assert.deepEqual(fieldCodes(refused), { tenantId: ['[fusionAuth]tenantId'] });
    const current = (await server.client.retrieveTenant(defaultTenantId)).response.tenant!;
    await server.client.updateTenant(defaultTenantId, { tenant: { ...current, name: 'Renamed default' } });
    const again = await expectStatus(server.client.deleteTenant(defaultTenantId), 400);
    assert.deepEqual(fieldCodes(again), { tenantId: ['[fusionAuth]tenantId'] });
    assert.equal((await server.client.retrieveTenant(defaultTenantId)).response.tenant?.name, 'Renamed default');
  });

  it('deletes a tenant (plain, async and with a JSON body) and 404s afterwards', async () => {
    const plain = await createTenant('Delete plain');
    assert.equal((await server.client.deleteTenant(plain.id!)).statusCode, 200);
    await expectStatus(server.client.retrieveTenant(plain.id!), 404);
    await expectStatus(server.client.deleteTenant(plain.id!), 404);

    const later = await createTenant('Delete async');
    assert.equal((await server.client.deleteTenantAsync(later.id!)).statusCode, 202);
    await expectStatus(server.client.retrieveTenant(later.id!), 404);

    const withBody = await createTenant('Delete with body');
    assert.equal((await server.client.deleteTenantWithRequest(withBody.id!, { async: false })).statusCode, 200);
    await expectStatus(server.client.retrieveTenant(withBody.id!), 404);
    const asyncBody = await createTenant('Delete with async body');
    assert.equal((await server.client.deleteTenantWithRequest(asyncBody.id!, { async: true })).statusCode, 202);
    await expectStatus(server.client.retrieveTenant(asyncBody.id!), 404);
  });

  it('deletes everything in the tenant: users, applications, groups, memberships, registrations and locked API keys', async () => {
    const doomed = await createTenant('Doomed');
    const survivor = await createTenant('Survivor');
    const db = server.running.database.db;
    const now = Date.now();
    const rowsFor = (tenantId: string, suffix: string) => ({
      user: { id: `00000000-0000-4000-8000-0000000001${suffix}`, tenant_id: tenantId, email: `u${suffix}@example.com`, email_lower: `u${suffix}@example.com`, active: 1, doc: '{}', insert_instant: now, last_update_instant: now },
      application: { id: `00000000-0000-4000-8000-0000000002${suffix}`, tenant_id: tenantId, name: `App ${suffix}`, active: 1, doc: '{}', insert_instant: now, last_update_instant: now },
      group: { id: `00000000-0000-4000-8000-0000000003${suffix}`, tenant_id: tenantId, name: `Group ${suffix}`, name_lower: `group ${suffix}`, doc: '{}', insert_instant: now, last_update_instant: now },
    });
    for (const [tenantId, suffix] of [[doomed.id!, '01'], [survivor.id!, '02']] as const) {
      const rows = rowsFor(tenantId, suffix);
      await db.insertInto('users').values(rows.user).execute();
      await db.insertInto('applications').values(rows.application).execute();
      await db.insertInto('groups').values(rows.group).execute();
      await db.insertInto('group_members').values({ id: `00000000-0000-4000-8000-0000000004${suffix}`, tenant_id: tenantId, group_id: rows.group.id, user_id: rows.user.id, doc: '{}', insert_instant: now }).execute();
      await db.insertInto('registrations').values({ id: `00000000-0000-4000-8000-0000000005${suffix}`, tenant_id: tenantId, user_id: rows.user.id, application_id: rows.application.id, doc: '{}', insert_instant: now, last_update_instant: now }).execute();
    }
    const doomedKey = (await server.client.createAPIKey(noId, { apiKey: { tenantId: doomed.id! } })).response.apiKey!;
    const survivorKey = (await server.client.createAPIKey(noId, { apiKey: { tenantId: survivor.id! } })).response.apiKey!;

    assert.equal((await server.client.deleteTenant(doomed.id!)).statusCode, 200);
    const count = async (table: 'users' | 'applications' | 'groups' | 'group_members' | 'registrations' | 'api_keys', tenantId: string) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
    for (const table of ['users', 'applications', 'groups', 'group_members', 'registrations', 'api_keys'] as const) {
      assert.equal(await count(table, doomed.id!), 0, `${table} of the deleted tenant`);
      assert.equal(await count(table, survivor.id!), 1, `${table} of another tenant`);
    }
    await expectStatus(server.clientWith(doomedKey.key!).retrieveTenant(doomed.id!), 401);
    assert.equal((await server.clientWith(survivorKey.key!).retrieveTenant(survivor.id!)).statusCode, 200);
  });
});
