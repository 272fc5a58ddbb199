import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ADMIN_API_KEY, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { roles, startRegistrationFixtures, type RegistrationFixtures } from './helpers/registration-fixtures.js';

describe('Registrations API', () => {
  let fixtures: RegistrationFixtures;
  let server: TestServer;
  before(async () => {
    fixtures = await startRegistrationFixtures();
    server = fixtures.server;
  });
  after(() => server.stop());
  const createApplication: RegistrationFixtures['createApplication'] = (options) => fixtures.createApplication(options);
  const createUser: RegistrationFixtures['createUser'] = (tenant) => fixtures.createUser(tenant);

  it('registers an existing user with sorted roles, data and server-set fields', async () => {
    const applicationId = await createApplication({ roles: roles('user', 'admin', 'editor') });
    const userId = await createUser();
    const before = server.clock.now();
    const response = await server.client.register(userId, {
      registration: {
        applicationId, roles: ['user', 'admin', 'user'], username: ' johnny ', data: { displayName: 'Johnny', sports: ['Football'] },
        preferredLanguages: ['en', 'fr'], timezone: 'America/Chicago',
      },
    });
    assert.equal(response.statusCode, 200);
    const registration = response.response.registration!;
    assert.match(registration.id!, /^[0-9a-f-]{36}$/);
    assert.equal(registration.applicationId, applicationId);
    assert.deepEqual(registration.roles, ['admin', 'user']);
    assert.equal(registration.username, 'johnny');
    assert.equal(registration.usernameStatus, 'ACTIVE');
    assert.deepEqual(registration.data, { displayName: 'Johnny', sports: ['Football'] });
    assert.deepEqual(registration.preferredLanguages, ['en', 'fr']);
    assert.equal(registration.timezone, 'America/Chicago');
    assert.equal(registration.verified, true);
    assert.ok(registration.insertInstant! >= before);
    assert.equal(registration.lastUpdateInstant, registration.insertInstant);
    assert.equal(registration.verifiedInstant, registration.insertInstant);
    assert.equal(registration.authenticationToken, undefined);
    assert.equal(response.response.user, undefined);

    const retrieved = await server.client.retrieveRegistration(userId, applicationId);
    assert.deepEqual(retrieved.response.registration, registration);
  });

  it('accepts a registration id chosen by the client, and refuses it twice', async () => {
    const applicationId = await createApplication();
    const otherApplicationId = await createApplication();
    const userId = await createUser();
    const id = randomUUID();
    const created = await server.client.register(userId, { registration: { applicationId, id } });
    assert.equal(created.response.registration?.id, id);
    const errors = await expectStatus(server.client.register(userId, { registration: { applicationId: otherApplicationId, id } }), 400);
    assert.deepEqual(fieldCodes(errors), { 'registration.id': ['[duplicate]registration.id'] });
  });

  it('applies the application default roles when the request gives none', async () => {
    const applicationId = await createApplication({ roles: [{ name: 'viewer', isDefault: true }, { name: 'admin' }, { name: 'reader', isDefault: true }] });
    const defaulted = await server.client.register(await createUser(), { registration: { applicationId } });
    assert.deepEqual(defaulted.response.registration?.roles, ['reader', 'viewer']);
    const empty = await server.client.register(await createUser(), { registration: { applicationId, roles: [] } });
    assert.deepEqual(empty.response.registration?.roles, ['reader', 'viewer']);
    const explicit = await server.client.register(await createUser(), { registration: { applicationId, roles: ['admin'] } });
    assert.deepEqual(explicit.response.registration?.roles, ['admin']);
  });

  it('refuses roles the application does not define', async () => {
    const applicationId = await createApplication({ roles: roles('user') });
    const userId = await createUser();
    const errors = await expectStatus(server.client.register(userId, { registration: { applicationId, roles: ['user', 'root', 'User'] } }), 400);
    assert.deepEqual(fieldCodes(errors), { 'registration.roles': ['[invalid]registration.roles', '[invalid]registration.roles'] });
    assert.match(errors.fieldErrors!['registration.roles']![0]!.message!, /\[root\] does not exist/);
    await expectStatus(server.client.retrieveRegistration(userId, applicationId), 404);
  });

  it('refuses a second registration of the user for the same application', async () => {
    const applicationId = await createApplication();
    const userId = await createUser();
    await server.client.register(userId, { registration: { applicationId } });
    const errors = await expectStatus(server.client.register(userId, { registration: { applicationId } }), 400);
    assert.deepEqual(fieldCodes(errors), { registration: ['[duplicate]registration'] });
  });

  it('requires an application id that names an active application', async () => {
    const userId = await createUser();
    const missing = await expectStatus(server.client.register(userId, { registration: { roles: [] } }), 400);
    assert.deepEqual(fieldCodes(missing), { 'registration.applicationId': ['[missing]registration.applicationId'] });
    const unknown = await expectStatus(server.client.register(userId, { registration: { applicationId: randomUUID() } }), 400);
    assert.deepEqual(fieldCodes(unknown), { 'registration.applicationId': ['[invalid]registration.applicationId'] });
    const inactive = await createApplication({ active: false });
    const errors = await expectStatus(server.client.register(userId, { registration: { applicationId: inactive } }), 400);
    assert.deepEqual(fieldCodes(errors), { 'registration.applicationId': ['[invalid]registration.applicationId'] });
  });

  it('refuses an application of another tenant than the user', async () => {
    const foreignApplication = await createApplication({ tenant: fixtures.otherTenantId });
    const userId = await createUser();
    const errors = await expectStatus(server.client.register(userId, { registration: { applicationId: foreignApplication } }), 400);
    assert.deepEqual(fieldCodes(errors), { 'registration.applicationId': ['[invalid]registration.applicationId'] });
  });

  it('answers [invalid]userId when the user does not exist', async () => {
    const applicationId = await createApplication();
    const errors = await expectStatus(server.client.register(randomUUID(), { registration: { applicationId } }), 400);
    assert.deepEqual(fieldCodes(errors), { userId: ['[invalid]userId'] });
  });

  it('validates preferred languages and the time zone', async () => {
    const applicationId = await createApplication();
    const errors = await expectStatus(server.client.register(await createUser(), {
      registration: { applicationId, timezone: 'Mars/Olympus', preferredLanguages: Array.from({ length: 21 }, () => 'en') },
    }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'registration.preferredLanguages': ['[tooMany]registration.preferredLanguages'],
      'registration.timezone': ['[invalid]registration.timezone'],
    });
  });

  it('leaves the registration unverified when the application verifies registrations', async () => {
    const applicationId = await createApplication({ verifyRegistration: true });
    const unverified = await server.client.register(await createUser(), { registration: { applicationId } });
    assert.equal(unverified.response.registration?.verified, false);
    assert.equal(unverified.response.registration?.verifiedInstant, undefined);
    const skipped = await server.client.register(await createUser(), { registration: { applicationId }, skipRegistrationVerification: true });
    assert.equal(skipped.response.registration?.verified, true);
  });

  it('generates an authentication token only when asked and enabled, and never returns it on reads', async () => {
    const enabled = await createApplication({ tokens: true });
    const userId = await createUser();
    const created = await server.client.register(userId, { registration: { applicationId: enabled }, generateAuthenticationToken: true });
    assert.match(created.response.registration!.authenticationToken!, /^[A-Za-z0-9_-]{43}$/);
    const retrieved = await server.client.retrieveRegistration(userId, enabled);
    assert.equal(retrieved.response.registration?.authenticationToken, undefined);
    const row = await server.running.database.db.selectFrom('registrations').select('doc').where('user_id', '=', userId).executeTakeFirstOrThrow();
    assert.ok(!row.doc.includes(created.response.registration!.authenticationToken!));

    const disabled = await createApplication({ tokens: false });
    const plain = await server.client.register(userId, { registration: { applicationId: disabled }, generateAuthenticationToken: true });
    assert.equal(plain.response.registration?.authenticationToken, undefined);
  });

  it('updates a registration with PUT, replacing what the client owns and keeping the rest', async () => {
    const applicationId = await createApplication({ roles: roles('a', 'b', 'c') });
    const userId = await createUser();
    const created = (await server.client.register(userId, { registration: { applicationId, roles: ['a'], data: { x: 1 }, username: 'first' } })).response.registration!;
    server.clock.advance(5_000);
    const updated = await server.client.updateRegistration(userId, { registration: { applicationId, roles: ['c', 'b'], data: { y: 2 } } });
    const registration = updated.response.registration!;
    assert.equal(registration.id, created.id);
    assert.equal(registration.insertInstant, created.insertInstant);
    assert.ok(registration.lastUpdateInstant! >= created.insertInstant! + 5_000);
    assert.deepEqual(registration.roles, ['b', 'c']);
    assert.deepEqual(registration.data, { y: 2 });
    assert.equal(registration.username, undefined);
    assert.equal(registration.verified, true);
    assert.deepEqual((await server.client.retrieveRegistration(userId, applicationId)).response.registration, registration);

    const bad = await expectStatus(server.client.updateRegistration(userId, { registration: { applicationId, roles: ['z'] } }), 400);
    assert.deepEqual(fieldCodes(bad), { 'registration.roles': ['[invalid]registration.roles'] });
    const noApp = await expectStatus(server.client.updateRegistration(userId, { registration: { roles: ['a'] } }), 400);
    assert.deepEqual(fieldCodes(noApp), { 'registration.applicationId': ['[missing]registration.applicationId'] });
    await expectStatus(server.client.updateRegistration(randomUUID(), { registration: { applicationId } }), 404);
    await expectStatus(server.client.updateRegistration(userId, { registration: { applicationId: await createApplication() } }), 404);
  });

  it('patches a registration: objects merge, arrays are appended (seed 001 PATCH)', async () => {
    const applicationId = await createApplication({ roles: roles('a', 'b') });
    const userId = await createUser();
    const created = (await server.client.register(userId, {
      registration: { applicationId, roles: ['a'], data: { keep: true, change: 1 }, timezone: 'UTC', preferredLanguages: ['en'] },
    })).response.registration!;
    const patched = await server.client.patchRegistration(userId, { registration: { applicationId, roles: ['b'], data: { change: 2 } } });
    const registration = patched.response.registration!;
    assert.equal(registration.id, created.id);
    assert.deepEqual(registration.roles, ['a', 'b']);
    assert.deepEqual(registration.data, { keep: true, change: 2 });
    assert.equal(registration.timezone, 'UTC');
    assert.deepEqual(registration.preferredLanguages, ['en']);
    const bad = await expectStatus(server.client.patchRegistration(userId, { registration: { applicationId, roles: ['nope'] } }), 400);
    assert.deepEqual(fieldCodes(bad), { 'registration.roles': ['[invalid]registration.roles'] });
    await expectStatus(server.client.patchRegistration(userId, { registration: { applicationId: await createApplication() } }), 404);
  });

  it('deletes a registration, with or without a request body', async () => {
    const applicationId = await createApplication();
    const userId = await createUser();
    await server.client.register(userId, { registration: { applicationId } });
    const deleted = await server.client.deleteRegistration(userId, applicationId);
    assert.equal(deleted.statusCode, 200);
    await expectStatus(server.client.retrieveRegistration(userId, applicationId), 404);
    await expectStatus(server.client.deleteRegistration(userId, applicationId), 404);

    await server.client.register(userId, { registration: { applicationId } });
    const withBody = await server.client.deleteRegistrationWithRequest(userId, applicationId, { eventInfo: { ipAddress: '10.0.0.1', userAgent: 'test' } });
    assert.equal(withBody.statusCode, 200);
    await expectStatus(server.client.retrieveRegistration(userId, applicationId), 404);
    await expectStatus(server.client.deleteRegistration(randomUUID(), applicationId), 404);
  });

  it('hides users of another tenant from a request scoped to a tenant', async () => {
    const applicationId = await createApplication();
    const userId = await createUser();
    await server.client.register(userId, { registration: { applicationId } });
    const scoped = server.clientWith(ADMIN_API_KEY, fixtures.otherTenantId);
    await expectStatus(scoped.retrieveRegistration(userId, applicationId), 404);
    await expectStatus(scoped.deleteRegistration(userId, applicationId), 404);
    const errors = await expectStatus(scoped.register(userId, { registration: { applicationId: await createApplication() } }), 400);
    assert.deepEqual(fieldCodes(errors), { userId: ['[invalid]userId'] });
    assert.equal((await server.clientWith(ADMIN_API_KEY, fixtures.tenantId).retrieveRegistration(userId, applicationId)).statusCode, 200);
  });

  it('loses the registration when the application is hard-deleted', async () => {
    const applicationId = await createApplication();
    const userId = await createUser();
    await server.client.register(userId, { registration: { applicationId } });
    const kept = await createApplication();
    await server.client.register(userId, { registration: { applicationId: kept } });
    assert.equal((await server.client.deleteApplication(applicationId)).statusCode, 200);
    await expectStatus(server.client.retrieveRegistration(userId, applicationId), 404);
    const user = (await server.client.retrieveUser(userId)).response.user!;
    assert.deepEqual(user.registrations?.map((r) => r.applicationId), [kept]);
  });

  it('updates and deletes a registration whose application was deactivated', async () => {
    const applicationId = await createApplication({ roles: roles('a') });
    const userId = await createUser();
    await server.client.register(userId, { registration: { applicationId } });
    assert.equal((await server.client.deactivateApplication(applicationId)).statusCode, 200);
    const updated = await server.client.updateRegistration(userId, { registration: { applicationId, roles: ['a'] } });
    assert.deepEqual(updated.response.registration?.roles, ['a']);
    assert.equal((await server.client.deleteRegistration(userId, applicationId)).statusCode, 200);
  });

  it('lists the full registrations on the User, oldest first', async () => {
    const first = await createApplication({ roles: [{ name: 'r', isDefault: true }] });
    const second = await createApplication();
    const userId = await createUser();
    const a = (await server.client.register(userId, { registration: { applicationId: first, data: { n: 1 } } })).response.registration!;
    server.clock.advance(1_000);
    const b = (await server.client.register(userId, { registration: { applicationId: second, username: 'bee' } })).response.registration!;
    const user = (await server.client.retrieveUser(userId)).response.user!;
    assert.deepEqual(user.registrations, [a, b]);
  });

  it('loses the registrations when the user is deleted', async () => {
    const applicationId = await createApplication();
    const userId = await createUser();
    await server.client.register(userId, { registration: { applicationId } });
    assert.equal((await server.client.deleteUser(userId)).statusCode, 200);
    await expectStatus(server.client.retrieveRegistration(userId, applicationId), 404);
  });
});
