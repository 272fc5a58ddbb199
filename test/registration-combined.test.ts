import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { PASSWORD, roles, startRegistrationFixtures, type RegistrationFixtures } from './helpers/registration-fixtures.js';

/** `POST /api/user/registration` with a user, and the Registrations API over raw HTTP. */
describe('Registrations API: combined create and raw HTTP', () => {
  let fixtures: RegistrationFixtures;
  let server: TestServer;
  let admin: FusionAuthClient;
  before(async () => {
    fixtures = await startRegistrationFixtures();
    server = fixtures.server;
    admin = fixtures.admin;
  });
  after(() => server.stop());
  const createApplication: RegistrationFixtures['createApplication'] = (options) => fixtures.createApplication(options);
  const createUser: RegistrationFixtures['createUser'] = (tenant) => fixtures.createUser(tenant);

  describe('combined user and registration create', () => {
    it('creates the user and the registration in one request', async () => {
      const applicationId = await createApplication({ roles: [{ name: 'member', isDefault: true }, { name: 'admin' }] });
      const email = `${randomUUID()}@example.com`;
      const response = await admin.register(null as unknown as string, {
        user: { email, password: PASSWORD, firstName: 'Ada' },
        registration: { applicationId, data: { plan: 'free' } },
      });
      assert.equal(response.statusCode, 200);
      const { user, registration } = response.response;
      assert.equal(user?.email, email);
      assert.equal(user?.firstName, 'Ada');
      assert.equal(user?.password, undefined);
      assert.equal(user?.tenantId, fixtures.tenantId);
      assert.equal(registration?.applicationId, applicationId);
      assert.deepEqual(registration?.roles, ['member']);
      assert.deepEqual(registration?.data, { plan: 'free' });
      assert.deepEqual(user?.registrations, [registration]);
      const retrieved = await server.client.retrieveUser(user!.id!);
      assert.deepEqual(retrieved.response.user?.registrations, [registration]);
      assert.deepEqual((await server.client.retrieveRegistration(user!.id!, applicationId)).response.registration, registration);
    });

    it('uses the user id given on the URL', async () => {
      const applicationId = await createApplication();
      const userId = randomUUID();
      const response = await admin.register(userId, { user: { username: `u-${userId}`, password: PASSWORD }, registration: { applicationId } });
      assert.equal(response.response.user?.id, userId);
      assert.equal((await server.client.retrieveRegistration(userId, applicationId)).statusCode, 200);
    });

    it('creates nothing when the registration is invalid', async () => {
      const applicationId = await createApplication({ roles: roles('member') });
      const email = `${randomUUID()}@example.com`;
      const errors = await expectStatus(admin.register(null as unknown as string, {
        user: { email, password: PASSWORD }, registration: { applicationId, roles: ['owner'] },
      }), 400);
      assert.deepEqual(fieldCodes(errors), { 'registration.roles': ['[invalid]registration.roles'] });
      await expectStatus(admin.retrieveUserByEmail(email), 404);
      const missing = await expectStatus(admin.register(null as unknown as string, { user: { email, password: PASSWORD }, registration: {} }), 400);
      assert.deepEqual(fieldCodes(missing), { 'registration.applicationId': ['[missing]registration.applicationId'] });
      await expectStatus(admin.retrieveUserByEmail(email), 404);
    });

    it('creates nothing when the user is invalid', async () => {
      const applicationId = await createApplication();
      const errors = await expectStatus(admin.register(null as unknown as string, { user: { password: PASSWORD }, registration: { applicationId } }), 400);
      assert.ok(Object.keys(errors.fieldErrors ?? {}).some((path) => path.startsWith('user.')), JSON.stringify(errors));
      const rows = await server.running.database.db.selectFrom('registrations').select('id').where('application_id', '=', applicationId).execute();
      assert.deepEqual(rows, []);
      const wrongType = await expectStatus(admin.register(null as unknown as string, { user: { email: 42 as unknown as string }, registration: { applicationId } }), 400);
      assert.deepEqual(Object.keys(wrongType.fieldErrors ?? {}), ['user.email']);
    });

    it('refuses an application of another tenant than the one the user is created in', async () => {
      const foreign = await createApplication({ tenant: fixtures.otherTenantId });
      const email = `${randomUUID()}@example.com`;
      const errors = await expectStatus(admin.register(null as unknown as string, { user: { email, password: PASSWORD }, registration: { applicationId: foreign } }), 400);
      assert.deepEqual(fieldCodes(errors), { 'registration.applicationId': ['[invalid]registration.applicationId'] });
      await expectStatus(admin.retrieveUserByEmail(email), 404);
    });

    it('rolls the user back when the registration insert fails inside the transaction', async () => {
      // Both requests pass the registration-id pre-check before either inserts (password hashing is
      // asynchronous), so the loser fails on the database constraint inside the user's transaction.
      const applicationId = await createApplication();
      const registrationId = randomUUID();
      const emails = [`${randomUUID()}@example.com`, `${randomUUID()}@example.com`];
      const results = await Promise.allSettled(emails.map((email) =>
        admin.register(null as unknown as string, { user: { email, password: PASSWORD }, registration: { applicationId, id: registrationId } })));
      const won = results.findIndex((r) => r.status === 'fulfilled');
      assert.notEqual(won, -1);
      const lost = 1 - won;
      const failure = results[lost] as PromiseRejectedResult;
      assert.equal((failure.reason as { statusCode: number }).statusCode, 400);
      assert.deepEqual(fieldCodes((failure.reason as { exception: object }).exception), { 'registration.id': ['[duplicate]registration.id'] });
      await expectStatus(admin.retrieveUserByEmail(emails[lost]!), 404);
      assert.equal((await admin.retrieveUserByEmail(emails[won]!)).response.user?.registrations?.[0]?.id, registrationId);
    });

    it('requires a tenant when several exist and none is named', async () => {
      const applicationId = await createApplication();
      const errors = await expectStatus(server.client.register(null as unknown as string, {
        user: { email: `${randomUUID()}@example.com`, password: PASSWORD }, registration: { applicationId },
      }), 400);
      assert.deepEqual(generalCodes(errors), ['[TenantIdRequired]']);
    });
  });

  describe('raw HTTP', () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      server.fetch(path, { method: 'POST', body, headers: { Authorization: ADMIN_API_KEY, 'Content-Type': 'application/json', ...headers } });

    it('answers 400 to malformed JSON and to wrong types', async () => {
      const userId = await createUser();
      const malformed = await post(`/api/user/registration/${userId}`, '{"registration": ');
      assert.equal(malformed.status, 400);
      const wrongType = await post(`/api/user/registration/${userId}`, JSON.stringify({ registration: { applicationId: randomUUID(), roles: 'admin' } }));
      assert.equal(wrongType.status, 400);
      assert.deepEqual(Object.keys(((await wrongType.json()) as { fieldErrors: object }).fieldErrors), ['registration.roles']);
      const notObject = await post(`/api/user/registration/${userId}`, '[1, 2]');
      assert.equal(notObject.status, 400);
      assert.deepEqual(generalCodes((await notObject.json()) as object), ['[invalidJSON]']);
    });

    it('requires a user id on the URL when no user is given', async () => {
      const response = await post('/api/user/registration', JSON.stringify({ registration: { applicationId: randomUUID() } }));
      assert.equal(response.status, 400);
      assert.deepEqual(fieldCodes((await response.json()) as object), { userId: ['[missing]userId'] });
    });

    it('treats null as absent and takes the application id from the URL over the body', async () => {
      const applicationId = await createApplication({ roles: [{ name: 'd', isDefault: true }] });
      const userId = await createUser();
      const response = await post(`/api/user/registration/${userId}/${applicationId}`, JSON.stringify({ registration: { applicationId: randomUUID(), roles: null, data: null } }));
      assert.equal(response.status, 200);
      const { registration } = (await response.json()) as { registration: { applicationId: string; roles: string[]; data: object } };
      assert.equal(registration.applicationId, applicationId);
      assert.deepEqual(registration.roles, ['d']);
      assert.deepEqual(registration.data, {});
    });

    it('answers 404 to ids that are not UUIDs and 401 without a key', async () => {
      const get = await server.fetch(`/api/user/registration/not-a-uuid/${randomUUID()}`, { headers: { Authorization: ADMIN_API_KEY } });
      assert.equal(get.status, 404);
      assert.equal(await get.text(), '');
      const noKey = await server.fetch(`/api/user/registration/${randomUUID()}/${randomUUID()}`);
      assert.equal(noKey.status, 401);
    });
  });
});
