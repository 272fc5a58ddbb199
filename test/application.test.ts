import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { addTenant, ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';

const NO_ID = null as unknown as string;

async function createApp(client: FusionAuthClient, name: string, extra: Record<string, unknown> = {}, id: string = NO_ID) {
  const created = await client.createApplication(id, { application: { name, ...extra } });
  assert.equal(created.statusCode, 200);
  return created.response.application!;
}

describe('Applications API', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('creates an application with FusionAuth defaults, an OAuth client id and a generated secret', async () => {
    const app = await createApp(server.client, 'Defaults');
    assert.match(app.id!, /^[0-9a-f-]{36}$/);
    assert.equal(app.tenantId, await server.defaultTenantId());
    assert.equal(app.name, 'Defaults');
    assert.equal(app.active, true);
    assert.equal(app.state, 'Active');
    assert.deepEqual(app.roles, []);
    assert.deepEqual(app.data, {});
    assert.equal(app.oauthConfiguration?.clientId, app.id);
    assert.match(app.oauthConfiguration!.clientSecret!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(app.oauthConfiguration?.clientAuthenticationPolicy, 'Required');
    assert.equal(app.oauthConfiguration?.requireClientAuthentication, true);
    assert.deepEqual(app.oauthConfiguration?.enabledGrants, []);
    assert.deepEqual(app.loginConfiguration, { allowTokenRefresh: false, generateRefreshTokens: false, requireAuthentication: true });
    assert.equal(app.jwtConfiguration?.enabled, false);
    assert.equal(app.jwtConfiguration?.timeToLiveInSeconds, 3600);
    assert.equal(app.registrationConfiguration?.enabled, false);
    assert.equal(app.verifyRegistration, false);
    assert.equal(app.passwordlessConfiguration?.enabled, false);
    assert.ok(app.insertInstant! > 0);
    assert.equal(app.insertInstant, app.lastUpdateInstant);
    const retrieved = (await server.client.retrieveApplication(app.id!)).response.application!;
    assert.deepEqual(retrieved, app);
  });

  it('creates with a given id, inline roles and loginConfiguration that round-trip', async () => {
    const id = randomUUID();
    const app = await createApp(server.client, 'With roles', {
      loginConfiguration: { requireAuthentication: false, generateRefreshTokens: true, allowTokenRefresh: true },
      oauthConfiguration: { clientSecret: 'my-own-secret', enabledGrants: ['authorization_code', 'refresh_token'] },
      roles: [{ name: 'user', isDefault: true }, { name: 'admin', isSuperRole: true, description: 'Administrators' }],
      data: { color: 'blue' },
    }, id);
    assert.equal(app.id, id);
    assert.deepEqual(app.loginConfiguration, { requireAuthentication: false, generateRefreshTokens: true, allowTokenRefresh: true });
    assert.equal(app.oauthConfiguration?.clientSecret, 'my-own-secret');
    assert.deepEqual(app.oauthConfiguration?.enabledGrants, ['authorization_code', 'refresh_token']);
    assert.deepEqual(app.roles!.map((r) => [r.name, r.isDefault, r.isSuperRole, r.description]), [
      ['admin', false, true, 'Administrators'],
      ['user', true, false, undefined],
    ]);
    for (const role of app.roles!) {
      assert.match(role.id!, /^[0-9a-f-]{36}$/);
      assert.equal(role.insertInstant, app.insertInstant);
    }
    assert.deepEqual(app.data, { color: 'blue' });
  });

  it('reports the documented validation errors on create', async () => {
    const missing = await expectStatus(server.client.createApplication(NO_ID, {}), 400);
    assert.deepEqual(fieldCodes(missing), { application: ['[missing]application'] });

    const blank = await expectStatus(server.client.createApplication(NO_ID, { application: { name: '  ' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'application.name': ['[blank]application.name'] });

    const underscore = await expectStatus(server.client.createApplication(NO_ID, { application: { name: '_hidden' } }), 400);
    assert.deepEqual(fieldCodes(underscore), { 'application.name': ['[startsWithUnderscore]application.name'] });

    const first = await createApp(server.client, 'Unique name');
    const duplicateName = await expectStatus(server.client.createApplication(NO_ID, { application: { name: 'Unique name' } }), 400);
    assert.deepEqual(fieldCodes(duplicateName), { 'application.name': ['[duplicate]application.name'] });

    const duplicateId = await expectStatus(server.client.createApplication(first.id!, { application: { name: 'Other name' } }), 400);
    assert.deepEqual(fieldCodes(duplicateId), { applicationId: ['[duplicate]applicationId'] });

    const badRoles = await expectStatus(server.client.createApplication(NO_ID, {
      application: { name: 'Bad roles', roles: [{ name: 'a' }, { name: '' }, { name: 'a' }, { name: 'b', description: 'x'.repeat(256) }] },
    }), 400);
    assert.deepEqual(fieldCodes(badRoles), {
      'application.roles[1]': ['[blank]role.name'],
      'application.roles[3]': ['[tooLong]role.description'],
      'application.roles.name': ['[duplicate]application.roles.name'],
    });

    const takenRoleId = (await server.client.createApplicationRole(first.id!, NO_ID, { role: { name: 'r' } })).response.role!.id!;
    const reusedRole = await expectStatus(server.client.createApplication(NO_ID, { application: { name: 'Reuses a role id', roles: [{ id: takenRoleId, name: 'r' }] } }), 400);
    assert.deepEqual(fieldCodes(reusedRole), { 'application.roles[0].id': ['[duplicate]role.id'] });

    const badOAuth = await expectStatus(server.client.createApplication(NO_ID, {
      application: { name: 'Bad OAuth', oauthConfiguration: { authorizedRedirectURLs: ['https://ok.example.com/cb', 'not a url'], authorizedOriginURLs: ['https://example.com/path'] } },
    }), 400);
    assert.deepEqual(fieldCodes(badOAuth), {
      'application.oauthConfiguration.authorizedRedirectURLs[1]': ['[invalidURL]application.oauthConfiguration.authorizedRedirectURLs'],
      'application.oauthConfiguration.authorizedOriginURLs[0]': ['[invalidOriginURL]application.oauthConfiguration.authorizedOriginURLs'],
    });

    const badGrant = await expectStatus(server.client.createApplication(NO_ID, {
      application: { name: 'Bad grant', oauthConfiguration: { enabledGrants: ['client_credentials' as never] } },
    }), 400);
    assert.deepEqual(fieldCodes(badGrant), { 'application.oauthConfiguration.enabledGrants': ['[invalid]application.oauthConfiguration.enabledGrants'] });

    const badSource = await expectStatus(server.client.createApplication(NO_ID, { application: { name: 'Copy' }, sourceApplicationId: randomUUID() }), 400);
    assert.deepEqual(fieldCodes(badSource), { sourceApplicationId: ['[invalid]sourceApplicationId'] });
  });

  it('copies an application from sourceApplicationId with a new secret and new role ids', async () => {
    const source = await createApp(server.client, 'Copy source', {
      roles: [{ name: 'editor', isDefault: true }],
      oauthConfiguration: { authorizedRedirectURLs: ['https://app.example.com/callback'] },
      loginConfiguration: { generateRefreshTokens: true },
    });
    const copy = (await server.client.createApplication(NO_ID, { application: { name: 'Copy target' }, sourceApplicationId: source.id! })).response.application!;
    assert.notEqual(copy.id, source.id);
    assert.equal(copy.name, 'Copy target');
    assert.equal(copy.oauthConfiguration?.clientId, copy.id);
    assert.notEqual(copy.oauthConfiguration?.clientSecret, source.oauthConfiguration?.clientSecret);
    assert.deepEqual(copy.oauthConfiguration?.authorizedRedirectURLs, ['https://app.example.com/callback']);
    assert.equal(copy.loginConfiguration?.generateRefreshTokens, true);
    assert.equal(copy.roles?.[0]?.name, 'editor');
    assert.equal(copy.roles?.[0]?.isDefault, true);
    assert.notEqual(copy.roles?.[0]?.id, source.roles?.[0]?.id);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    await expectStatus(server.client.retrieveApplication(randomUUID()), 404);
    await expectStatus(server.client.updateApplication(randomUUID(), { application: { name: 'x' } }), 404);
    await expectStatus(server.client.patchApplication(randomUUID(), { application: { name: 'x' } }), 404);
    await expectStatus(server.client.deactivateApplication(randomUUID()), 404);
    await expectStatus(server.client.deleteApplication(randomUUID()), 404);
    await expectStatus(server.client.reactivateApplication(randomUUID()), 404);
    await expectStatus(server.client.retrieveOauthConfiguration(randomUUID()), 404);
    const malformed = await server.fetch('/api/application/not-a-uuid', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(malformed.status, 404);
  });

  it('updates an application, keeping its id, client id, secret, roles and instants', async () => {
    const app = await createApp(server.client, 'Before update', { roles: [{ name: 'keeper' }] });
    server.clock.advance(1000);
    const updated = (await server.client.updateApplication(app.id!, {
      application: { name: 'After update', loginConfiguration: { generateRefreshTokens: true }, roles: [{ name: 'ignored' }] },
    })).response.application!;
    assert.equal(updated.id, app.id);
    assert.equal(updated.name, 'After update');
    assert.equal(updated.oauthConfiguration?.clientId, app.id);
    assert.equal(updated.oauthConfiguration?.clientSecret, app.oauthConfiguration?.clientSecret);
    assert.deepEqual(updated.loginConfiguration, { allowTokenRefresh: false, generateRefreshTokens: true, requireAuthentication: true });
    assert.deepEqual(updated.roles, app.roles, 'roles are managed by the Roles API, not by update');
    assert.equal(updated.insertInstant, app.insertInstant);
    assert.ok(updated.lastUpdateInstant! >= app.lastUpdateInstant! + 1000);

    const other = await createApp(server.client, 'Taken by other');
    const duplicate = await expectStatus(server.client.updateApplication(app.id!, { application: { name: 'taken BY other' } }), 400);
    assert.deepEqual(fieldCodes(duplicate), { 'application.name': ['[duplicate]application.name'] });
    const missing = await expectStatus(server.client.updateApplication(app.id!, {}), 400);
    assert.deepEqual(fieldCodes(missing), { application: ['[missing]application'] });
    assert.equal((await server.client.updateApplication(other.id!, { application: { name: 'Taken by other' } })).statusCode, 200, 'its own name is fine');
  });

  it('patches only the given fields', async () => {
    const app = await createApp(server.client, 'Patch me', { data: { a: 1, b: 2 }, loginConfiguration: { allowTokenRefresh: true } });
    const patched = (await server.client.patchApplication(app.id!, { application: { data: { b: null, c: 3 } as never, verifyRegistration: false } })).response.application!;
    assert.equal(patched.name, 'Patch me');
    assert.deepEqual(patched.data, { a: 1, c: 3 });
    assert.equal(patched.loginConfiguration?.allowTokenRefresh, true);
    assert.equal(patched.oauthConfiguration?.clientSecret, app.oauthConfiguration?.clientSecret);
    const blank = await expectStatus(server.client.patchApplication(app.id!, { application: { name: '' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'application.name': ['[blank]application.name'] });
  });

  it('deactivates, lists inactive applications and reactivates', async () => {
    const app = await createApp(server.client, 'Soft deleted');
    assert.equal((await server.client.deactivateApplication(app.id!)).statusCode, 200);
    const inactive = (await server.client.retrieveApplication(app.id!)).response.application!;
    assert.equal(inactive.active, false);
    assert.equal(inactive.state, 'Inactive');
    const activeList = (await server.client.retrieveApplications()).response.applications!;
    assert.ok(!activeList.some((a) => a.id === app.id));
    assert.ok(activeList.every((a) => a.active === true));
    const inactiveList = (await server.client.retrieveInactiveApplications()).response.applications!;
    assert.deepEqual(inactiveList.map((a) => a.id), [app.id]);

    const refused = await expectStatus(server.client.updateApplication(app.id!, { application: { name: 'Soft deleted' } }), 400);
    assert.deepEqual(fieldCodes(refused), { applicationId: ['[inactive]applicationId'] });
    const nameHeld = await expectStatus(server.client.createApplication(NO_ID, { application: { name: 'Soft deleted' } }), 400);
    assert.deepEqual(fieldCodes(nameHeld), { 'application.name': ['[inactive]application.name'] });

    const reactivated = (await server.client.reactivateApplication(app.id!)).response.application!;
    assert.equal(reactivated.active, true);
    assert.equal(reactivated.state, 'Active');
    assert.ok((await server.client.retrieveApplications()).response.applications!.some((a) => a.id === app.id));
  });

  it('hard deletes an application together with its registrations', async () => {
    const app = await createApp(server.client, 'Hard deleted');
    const { db } = server.running.database;
    const tenantId = await server.defaultTenantId();
    const userId = randomUUID();
    const now = Date.now();
    await db.insertInto('users').values({
      id: userId, tenant_id: tenantId, email: 'hard@example.com', email_lower: 'hard@example.com', username: null, username_lower: null,
      first_name: null, last_name: null, full_name: null, active: 1, doc: JSON.stringify({ id: userId }), password_hash: null,
      password_salt: null, password_scheme: null, password_factor: null, insert_instant: now, last_update_instant: now, last_login_instant: null,
    }).execute();
    await db.insertInto('registrations').values({
      id: randomUUID(), tenant_id: tenantId, user_id: userId, application_id: app.id!, doc: '{}', insert_instant: now, last_update_instant: now, last_login_instant: null,
    }).execute();
    assert.equal((await server.client.deleteApplication(app.id!)).statusCode, 200);
    await expectStatus(server.client.retrieveApplication(app.id!), 404);
    const left = await db.selectFrom('registrations').select('id').where('application_id', '=', app.id!).execute();
    assert.deepEqual(left, []);
    await expectStatus(server.client.deleteApplication(app.id!), 404);
  });

  it('searches by name with wildcards, state, paging and ordering', async () => {
    for (const name of ['Search Alpha', 'Search Beta', 'Search Gamma', 'Other Delta']) await createApp(server.client, name);
    const all = (await server.client.searchApplications({ search: { name: 'search' } })).response;
    assert.equal(all.total, 3);
    assert.deepEqual(all.applications!.map((a) => a.name), ['Search Alpha', 'Search Beta', 'Search Gamma']);
    const wildcard = (await server.client.searchApplications({ search: { name: 'sea*mma' } })).response;
    assert.deepEqual(wildcard.applications!.map((a) => a.name), ['Search Gamma']);
    const page = (await server.client.searchApplications({ search: { name: 'Search', startRow: 1, numberOfResults: 1, orderBy: 'name DESC' } })).response;
    assert.equal(page.total, 3);
    assert.deepEqual(page.applications!.map((a) => a.name), ['Search Beta']);
    const beta = page.applications![0]!;
    await server.client.deactivateApplication(beta.id!);
    const active = (await server.client.searchApplications({ search: { name: 'Search', state: 'Active' as never } })).response;
    assert.deepEqual(active.applications!.map((a) => a.name), ['Search Alpha', 'Search Gamma']);
    const inactive = (await server.client.searchApplications({ search: { name: 'Search', state: 'Inactive' as never } })).response;
    assert.deepEqual(inactive.applications!.map((a) => a.name), ['Search Beta']);
    const noRoles = (await server.client.searchApplications({ search: { name: 'Search Alpha' }, expand: [] })).response;
    assert.equal(noRoles.applications![0]!.roles, undefined);
    const viaGet = await server.fetch('/api/application/search?name=Search&orderBy=insertInstant%20DESC&numberOfResults=2', { headers: { authorization: ADMIN_API_KEY } });
    const body = (await viaGet.json()) as { applications: { name: string }[]; total: number };
    assert.equal(body.total, 3);
    assert.equal(body.applications.length, 2);
    const badOrder = await expectStatus(server.client.searchApplications({ search: { orderBy: 'color ASC' } }), 400);
    assert.deepEqual(fieldCodes(badOrder), { 'search.orderBy': ['[invalid]search.orderBy'] });
    const badPage = await expectStatus(server.client.searchApplications({ search: { numberOfResults: -1 } }), 400);
    assert.deepEqual(fieldCodes(badPage), { 'search.numberOfResults': ['[invalid]search.numberOfResults'] });
  });

  it('returns the OAuth configuration, with the secret only for API-key callers', async () => {
    const app = await createApp(server.client, 'OAuth config', { oauthConfiguration: { authorizedRedirectURLs: ['https://x.example.com/cb'], logoutURL: 'https://x.example.com/bye' } });
    const withKey = (await server.client.retrieveOauthConfiguration(app.id!)).response;
    assert.equal(withKey.oauthConfiguration?.clientId, app.id);
    assert.equal(withKey.oauthConfiguration?.clientSecret, app.oauthConfiguration?.clientSecret);
    assert.deepEqual(withKey.oauthConfiguration?.authorizedRedirectURLs, ['https://x.example.com/cb']);
    assert.equal(withKey.oauthConfiguration?.logoutURL, 'https://x.example.com/bye');
    assert.equal(typeof withKey.httpSessionMaxInactiveInterval, 'number');
    const anonymous = await server.fetch(`/api/application/${app.id}/oauth-configuration`);
    assert.equal(anonymous.status, 200);
    const body = (await anonymous.json()) as { oauthConfiguration: Record<string, unknown> };
    assert.equal(body.oauthConfiguration.clientId, app.id);
    assert.equal(body.oauthConfiguration.clientSecret, undefined);
    const badKey = await server.fetch(`/api/application/${app.id}/oauth-configuration`, { headers: { authorization: 'wrong-key' } });
    assert.equal(badKey.status, 401);
  });

  it('rejects malformed JSON and wrong types with 400, never 500', async () => {
    const post = (body: string) => server.fetch('/api/application', { method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body });
    const broken = await post('{"application": {"name": ');
    assert.equal(broken.status, 400);
    assert.deepEqual(generalCodes((await broken.json()) as never), ['[invalidJSON]']);
    const wrongType = await post('{"application": {"name": 5, "loginConfiguration": {"requireAuthentication": "yes"}}}');
    assert.equal(wrongType.status, 400);
    assert.deepEqual(Object.keys(fieldCodes((await wrongType.json()) as never)).sort(), ['application.loginConfiguration.requireAuthentication', 'application.name']);
    const unknownField = await post('{"application": {"name": "x", "notAField": true}}');
    assert.equal(unknownField.status, 400);
    const array = await post('[1, 2]');
    assert.equal(array.status, 400);
    const badState = await server.fetch('/api/application/search', { method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body: '{"search": {"startRow": "zero"}}' });
    assert.equal(badState.status, 400);
    const noKey = await server.fetch('/api/application');
    assert.equal(noKey.status, 401);
  });
});

describe('Application roles', () => {
  let server: TestServer;
  let applicationId: string;
  before(async () => {
    server = await startTestServer();
    applicationId = (await createApp(server.client, 'Role host')).id!;
  });
  after(() => server.stop());

  it('creates roles with generated or given ids and shows them on the application', async () => {
    const created = (await server.client.createApplicationRole(applicationId, NO_ID, { role: { name: 'viewer', description: 'Reads things' } })).response.role!;
    assert.match(created.id!, /^[0-9a-f-]{36}$/);
    assert.equal(created.name, 'viewer');
    assert.equal(created.description, 'Reads things');
    assert.equal(created.isDefault, false);
    assert.equal(created.isSuperRole, false);
    assert.ok(created.insertInstant! > 0);
    const givenId = randomUUID();
    const admin = (await server.client.createApplicationRole(applicationId, givenId, { role: { name: 'admin', isSuperRole: true, isDefault: true } })).response.role!;
    assert.equal(admin.id, givenId);
    assert.equal(admin.isSuperRole, true);
    assert.equal(admin.isDefault, true);
    const app = (await server.client.retrieveApplication(applicationId)).response.application!;
    assert.deepEqual(app.roles!.map((r) => r.name), ['admin', 'viewer']);
    assert.deepEqual(app.roles!.find((r) => r.id === givenId), admin);
  });

  it('reports the role validation errors', async () => {
    const existing = (await server.client.createApplicationRole(applicationId, NO_ID, { role: { name: 'taken' } })).response.role!;
    const missing = await expectStatus(server.client.createApplicationRole(applicationId, NO_ID, {}), 400);
    assert.deepEqual(fieldCodes(missing), { role: ['[missing]role'] });
    const blank = await expectStatus(server.client.createApplicationRole(applicationId, NO_ID, { role: { name: '' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'role.name': ['[blank]role.name'] });
    const tooLong = await expectStatus(server.client.createApplicationRole(applicationId, NO_ID, { role: { name: 'long', description: 'd'.repeat(256) } }), 400);
    assert.deepEqual(fieldCodes(tooLong), { 'role.description': ['[tooLong]role.description'] });
    const duplicateId = await expectStatus(server.client.createApplicationRole(applicationId, existing.id!, { role: { name: 'fresh' } }), 400);
    assert.deepEqual(fieldCodes(duplicateId), { roleId: ['[duplicate]roleId'] });
    const duplicateName = await expectStatus(server.client.createApplicationRole(applicationId, NO_ID, { role: { name: 'taken' } }), 400);
    assert.deepEqual(fieldCodes(duplicateName), { 'role.name': ['[duplicate]role.name'] });
    const unknownApp = await expectStatus(server.client.createApplicationRole(randomUUID(), NO_ID, { role: { name: 'orphan' } }), 400);
    assert.deepEqual(fieldCodes(unknownApp), { applicationId: ['[invalid]applicationId'] });
    const sameNameElsewhere = await createApp(server.client, 'Second role host');
    assert.equal((await server.client.createApplicationRole(sameNameElsewhere.id!, NO_ID, { role: { name: 'taken' } })).statusCode, 200);
  });

  it('updates, patches and deletes a role', async () => {
    const role = (await server.client.createApplicationRole(applicationId, NO_ID, { role: { name: 'editor', description: 'Edits', isDefault: true } })).response.role!;
    server.clock.advance(500);
    const updated = (await server.client.updateApplicationRole(applicationId, role.id!, { role: { name: 'senior editor', isSuperRole: true } })).response.role!;
    assert.equal(updated.id, role.id);
    assert.equal(updated.name, 'senior editor');
    assert.equal(updated.description, undefined);
    assert.equal(updated.isDefault, false);
    assert.equal(updated.isSuperRole, true);
    assert.equal(updated.insertInstant, role.insertInstant);
    assert.ok(updated.lastUpdateInstant! > role.lastUpdateInstant!);
    const patched = (await server.client.patchApplicationRole(applicationId, role.id!, { role: { description: 'Patched' } })).response.role!;
    assert.equal(patched.name, 'senior editor');
    assert.equal(patched.description, 'Patched');
    assert.equal(patched.isSuperRole, true);

    const tooLong = await expectStatus(server.client.updateApplicationRole(applicationId, role.id!, { role: { name: 'x', description: 'd'.repeat(300) } }), 400);
    assert.deepEqual(fieldCodes(tooLong), { 'role.description': ['[tooLong]role.description'] });
    const missing = await expectStatus(server.client.updateApplicationRole(applicationId, role.id!, {}), 400);
    assert.deepEqual(fieldCodes(missing), { role: ['[missing]role'] });
    await expectStatus(server.client.updateApplicationRole(applicationId, randomUUID(), { role: { name: 'ghost' } }), 404);
    const unknownApp = await expectStatus(server.client.updateApplicationRole(randomUUID(), role.id!, { role: { name: 'x' } }), 400);
    assert.deepEqual(fieldCodes(unknownApp), { applicationId: ['[invalid]applicationId'] });

    assert.equal((await server.client.deleteApplicationRole(applicationId, role.id!)).statusCode, 200);
    await expectStatus(server.client.deleteApplicationRole(applicationId, role.id!), 404);
    await expectStatus(server.client.deleteApplicationRole(randomUUID(), role.id!), 404);
    const app = (await server.client.retrieveApplication(applicationId)).response.application!;
    assert.ok(!app.roles!.some((r) => r.id === role.id));
  });

  it('deletes a role by name', async () => {
    await server.client.createApplicationRole(applicationId, NO_ID, { role: { name: 'by name' } });
    const response = await server.fetch(`/api/application/${applicationId}/role?name=by%20name`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 200);
    const app = (await server.client.retrieveApplication(applicationId)).response.application!;
    assert.ok(!app.roles!.some((r) => r.name === 'by name'));
    const again = await server.fetch(`/api/application/${applicationId}/role?name=by%20name`, { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(again.status, 404);
  });

  it('keeps every role when roles are created concurrently', async () => {
    const app = await createApp(server.client, 'Concurrent roles');
    const names = Array.from({ length: 12 }, (_, i) => `role-${i}`);
    const results = await Promise.all(names.map((name) => server.client.createApplicationRole(app.id!, NO_ID, { role: { name } })));
    assert.ok(results.every((r) => r.statusCode === 200));
    const roles = (await server.client.retrieveApplication(app.id!)).response.application!.roles!;
    assert.deepEqual(roles.map((r) => r.name).sort(), [...names].sort());
  });
});

describe('Applications across tenants', () => {
  let server: TestServer;
  let defaultTenantId: string;
  const otherTenantId = randomUUID();
  before(async () => {
    server = await startTestServer();
    defaultTenantId = await server.defaultTenantId();
    await addTenant(server, otherTenantId);
  });
  after(() => server.stop());

  it('requires a tenant to create an application when several tenants exist', async () => {
    const error = await expectStatus(server.client.createApplication(NO_ID, { application: { name: 'Which tenant?' } }), 400);
    assert.deepEqual(generalCodes(error), ['[TenantIdRequired]']);
    const byBody = (await server.client.createApplication(NO_ID, { application: { name: 'By body', tenantId: otherTenantId } })).response.application!;
    assert.equal(byBody.tenantId, otherTenantId);
    const mismatch = await expectStatus(server.clientWith(ADMIN_API_KEY, defaultTenantId).createApplication(NO_ID, { application: { name: 'Mismatch', tenantId: otherTenantId } }), 400);
    assert.deepEqual(fieldCodes(mismatch), { 'application.tenantId': ['[invalid]application.tenantId'] });
    const unknown = await expectStatus(server.client.createApplication(NO_ID, { application: { name: 'Unknown', tenantId: randomUUID() } }), 400);
    assert.deepEqual(fieldCodes(unknown), { 'application.tenantId': ['[invalid]application.tenantId'] });
  });

  it('scopes reads and writes to the tenant a request names', async () => {
    const inDefault = server.clientWith(ADMIN_API_KEY, defaultTenantId);
    const inOther = server.clientWith(ADMIN_API_KEY, otherTenantId);
    const a = (await inDefault.createApplication(NO_ID, { application: { name: 'Shared name' } })).response.application!;
    const b = (await inOther.createApplication(NO_ID, { application: { name: 'Shared name' } })).response.application!;
    assert.equal(a.tenantId, defaultTenantId);
    assert.equal(b.tenantId, otherTenantId);

    assert.equal((await server.client.retrieveApplication(b.id!)).statusCode, 200, 'an id alone finds the application in any tenant');
    await expectStatus(inDefault.retrieveApplication(b.id!), 404);
    await expectStatus(inDefault.updateApplication(b.id!, { application: { name: 'Hijack' } }), 404);
    await expectStatus(inDefault.deleteApplication(b.id!), 404);
    await expectStatus(inDefault.createApplicationRole(b.id!, NO_ID, { role: { name: 'x' } }), 400);
    assert.equal((await inOther.retrieveApplication(b.id!)).response.application?.name, 'Shared name');

    const otherList = (await inOther.retrieveApplications()).response.applications!;
    assert.ok(otherList.every((app) => app.tenantId === otherTenantId));
    assert.ok(otherList.some((app) => app.id === b.id));
    const everything = (await server.client.retrieveApplications()).response.applications!.map((app) => app.id);
    assert.ok(everything.includes(a.id) && everything.includes(b.id));

    const searched = (await inDefault.searchApplications({ search: { name: 'Shared', tenantId: otherTenantId } })).response;
    assert.deepEqual(searched.applications!.map((app) => app.id), [a.id], 'the header overrides search.tenantId');
    const byTenant = (await server.client.searchApplications({ search: { name: 'Shared', tenantId: otherTenantId } })).response;
    assert.deepEqual(byTenant.applications!.map((app) => app.id), [b.id]);
    const ordered = (await server.client.searchApplications({ search: { name: 'Shared', orderBy: 'tenant DESC' } })).response;
    assert.deepEqual(ordered.applications!.map((app) => app.tenantId), [otherTenantId, defaultTenantId]);
  });
});
