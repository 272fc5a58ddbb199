import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContentStatus } from '@fusionauth/typescript-client';
import { createGroupStore } from '../src/api/group/store.js';
import { createUserService } from '../src/api/user/service.js';
import { systemClock } from '../src/core/clock.js';
import { builtInPasswordSchemes } from '../src/crypto/password/index.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { configureStoredTenant, configureTenant, PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;

describe('Users API: create', () => {
  let server: TestServer;
  let tenantId: string;
  before(async () => {
    server = await startTestServer();
    tenantId = await server.defaultTenantId();
  });
  after(() => server.stop());

  const passwordRow = (id: string) => server.running.database.db.selectFrom('users')
    .select(['doc', 'password_hash', 'password_salt', 'password_scheme', 'password_factor']).where('id', '=', id).executeTakeFirstOrThrow();

  it('creates a user with a generated id and FusionAuth defaults, never returning the password', async () => {
    const email = uniqueEmail();
    const response = await server.client.createUser(NO_ID, { user: { email, password: PASSWORD } });
    assert.equal(response.statusCode, 200);
    const user = response.response.user!;
    assert.match(user.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(user.tenantId, tenantId);
    assert.equal(user.email, email);
    assert.equal(user.active, true);
    assert.equal(user.verified, true, 'verification is off in the default tenant, so the email counts as verified');
    assert.equal(user.verifiedInstant, user.insertInstant);
    assert.equal(user.passwordChangeRequired, false);
    assert.equal(user.passwordLastUpdateInstant, user.insertInstant);
    assert.equal(user.lastUpdateInstant, user.insertInstant);
    assert.equal(user.connectorId, 'e3306678-a53a-4964-9040-1c96f36dda72');
    assert.equal(user.usernameStatus, 'ACTIVE');
    assert.deepEqual(user.data, {});
    assert.deepEqual(user.preferredLanguages, []);
    assert.deepEqual(user.twoFactor, { methods: [], recoveryCodes: [] });
    assert.deepEqual(user.memberships, []);
    assert.deepEqual(user.registrations, []);
    for (const secret of ['password', 'salt', 'factor', 'encryptionScheme']) assert.equal(secret in user, false, secret);
    assert.ok(Math.abs(user.insertInstant! - server.clock.now()) < 5_000);
  });

  it('creates a user with the id given on the URL, and refuses that id twice', async () => {
    const id = 'a4d2f1b6-6b83-4bb8-9e8c-2d7f1a3c5e01';
    const response = await server.client.createUser(id, { user: { username: uniqueName(), password: PASSWORD } });
    assert.equal(response.response.user?.id, id);
    assert.equal((await server.client.retrieveUser(id)).response.user?.id, id);
    const again = await expectStatus(server.client.createUser(id, { user: { username: uniqueName(), password: PASSWORD } }), 400);
    assert.deepEqual(fieldCodes(again), { userId: ['[duplicate]userId'] });
  });

  it('refuses an id on the URL that is not a UUID', async () => {
    const response = await server.fetch('/api/user/not-a-uuid', {
      method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { username: uniqueName(), password: PASSWORD } }),
    });
    assert.equal(response.status, 400);
    assert.deepEqual(Object.keys((await response.json() as { fieldErrors: object }).fieldErrors), ['userId']);
  });

  it('stores the email lower-cased and trimmed, and keeps the username as given', async () => {
    const name = uniqueName('MiXeD');
    const response = await server.client.createUser(NO_ID, { user: { email: `  ${name.toUpperCase()}@Example.COM `, username: `  ${name} `, password: PASSWORD } });
    assert.equal(response.response.user?.email, `${name.toLowerCase()}@example.com`);
    assert.equal(response.response.user?.username, name);
  });

  it('round-trips every profile field of the seed', async () => {
    const user = {
      email: uniqueEmail(), username: uniqueName(), password: PASSWORD,
      birthDate: '1976-05-30', data: { displayName: 'Johnny Boy', favoriteColors: ['Red', 'Blue'] }, expiry: 1_971_786_483_322,
      firstName: 'John', fullName: 'John Doe', imageUrl: 'http://example.com/me.png', lastName: 'Doe', middleName: 'William',
      mobilePhone: '303-555-1234', parentEmail: 'parent@example.com', passwordChangeRequired: true,
      preferredLanguages: ['en', 'fr'], timezone: 'America/Denver', usernameStatus: ContentStatus.ACTIVE,
    };
    const created = (await server.client.createUser(NO_ID, { user, applicationId: 'e1bb09c1-5b3a-4d3e-9c62-0d5b6c1d0a11', disableDomainBlock: false })).response.user!;
    const retrieved = (await server.client.retrieveUser(created.id!)).response.user!;
    for (const candidate of [created, retrieved]) {
      const { password: _p, ...expected } = user;
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(candidate[key as keyof typeof candidate], value, key);
      assert.equal(candidate.passwordChangeReason, 'Administrative');
    }
    assert.equal(retrieved.encryptionScheme, 'salted-pbkdf2-hmac-sha256', 'retrieve shows the scheme');
    assert.equal(created.encryptionScheme, undefined, 'create does not');
  });

  it('hashes the password with the tenant default (salted-pbkdf2-hmac-sha256, 24000) into the password columns only', async () => {
    const created = (await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!;
    const row = await passwordRow(created.id!);
    assert.equal(row.password_scheme, 'salted-pbkdf2-hmac-sha256');
    assert.equal(Number(row.password_factor), 24_000);
    assert.equal(Buffer.from(row.password_salt!, 'base64').length, 32);
    assert.equal(Buffer.from(row.password_hash!, 'base64').length, 32);
    assert.ok(!row.doc.includes(PASSWORD) && !row.doc.includes(row.password_hash!) && !row.doc.includes(row.password_salt!));
    const stored = { hash: row.password_hash!, salt: row.password_salt!, scheme: row.password_scheme!, factor: Number(row.password_factor) };
    assert.equal(await builtInPasswordSchemes().verify(PASSWORD, stored), true);
  });

  it('accepts user.encryptionScheme and user.factor, and validates them', async () => {
    const created = (await server.client.createUser(NO_ID, {
      user: { email: uniqueEmail(), password: PASSWORD, encryptionScheme: 'salted-pbkdf2-hmac-sha256', factor: 1000 },
    })).response.user!;
    assert.equal(Number((await passwordRow(created.id!)).password_factor), 1000);
    const badScheme = await expectStatus(server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, encryptionScheme: 'rot13' } }), 400);
    assert.deepEqual(fieldCodes(badScheme), { 'user.encryptionScheme': ['[invalid]user.encryptionScheme'] });
    const badFactor = await expectStatus(server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, factor: 0 } }), 400);
    assert.deepEqual(fieldCodes(badFactor), { 'user.factor': ['[invalid]user.factor'] });
  });

  it('uses the factor of the tenant passwordEncryptionConfiguration', async () => {
    await configureTenant(server, tenantId, { passwordEncryptionConfiguration: { encryptionSchemeFactor: 2000 } });
    try {
      const created = (await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!;
      assert.equal(Number((await passwordRow(created.id!)).password_factor), 2000);
    } finally {
      await configureTenant(server, tenantId, { passwordEncryptionConfiguration: { encryptionSchemeFactor: 24_000 } });
    }
  });

  // With a set-password template the flag replaces the password (test/user-set-password.test.ts).
  it('ignores sendSetPasswordEmail while the tenant has no set-password email to send', async () => {
    const missing = await expectStatus(server.client.createUser(NO_ID, { sendSetPasswordEmail: true, user: { email: uniqueEmail() } }), 400);
    assert.deepEqual(fieldCodes(missing), { 'user.password': ['[blank]user.password'] });
    const created = (await server.client.createUser(NO_ID, { sendSetPasswordEmail: true, user: { username: uniqueName(), password: PASSWORD } })).response.user!;
    const row = await passwordRow(created.id!);
    assert.equal(await builtInPasswordSchemes().verify(PASSWORD, { hash: row.password_hash!, salt: row.password_salt!, scheme: row.password_scheme!, factor: Number(row.password_factor) }), true);
  });

  it('leaves the email unverified when the tenant verifies emails, unless skipVerification', async () => {
    await configureStoredTenant(server, tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: true } }));
    try {
      const pending = (await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!;
      assert.equal(pending.verified, false);
      assert.equal(pending.verifiedInstant, undefined);
      const skipped = (await server.client.createUser(NO_ID, { skipVerification: true, user: { email: uniqueEmail(), password: PASSWORD } })).response.user!;
      assert.equal(skipped.verified, true);
      assert.equal(skipped.verifiedInstant, skipped.insertInstant);
    } finally {
      await configureStoredTenant(server, tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: false } }));
    }
  });

  it('assigns ids to two-factor methods and never returns their secrets', async () => {
    const created = (await server.client.createUser(NO_ID, {
      user: {
        email: uniqueEmail(), password: PASSWORD,
        twoFactor: { methods: [
          { method: 'authenticator', secret: 'aGVsbG8Kd29ybGQKaGVsbG8gaGVsbG8=' },
          { method: 'sms', mobilePhone: '555-555-5555' },
          { method: 'email', email: 'example@fusionauth.io' },
        ] },
      },
    })).response.user!;
    const methods = created.twoFactor!.methods!;
    assert.deepEqual(methods.map((m) => m.method), ['authenticator', 'sms', 'email']);
    for (const method of methods) {
      assert.match(method.id!, /^[A-Z0-9]{4}$/);
      assert.equal(method.secret, undefined);
    }
    assert.deepEqual(methods[0]!.authenticator, { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 });
    assert.equal(methods[1]!.mobilePhone, '555-555-5555');
    const missingSecret = await expectStatus(server.client.createUser(NO_ID, {
      user: { email: uniqueEmail(), password: PASSWORD, twoFactor: { methods: [{ method: 'authenticator' }, { method: 'carrier-pigeon' }] } },
    }), 400);
    assert.deepEqual(fieldCodes(missingSecret), {
      'user.twoFactor.methods.secret': ['[blank]user.twoFactor.methods.secret'],
      'user.twoFactor.methods.method': ['[invalid]user.twoFactor.methods.method'],
    });
  });

  it('creates the memberships of user.memberships with the user', async () => {
    const groupId = 'b6f0f7a2-1c1e-4f4e-8a43-7a1f6e2d9c10';
    const now = Date.now();
    await createGroupStore(server.running.database).insert({ id: groupId, tenantId, name: uniqueName('group'), roleIds: [], data: {}, insertInstant: now, lastUpdateInstant: now });
    const created = (await server.client.createUser(NO_ID, {
      user: { email: uniqueEmail(), password: PASSWORD, memberships: [{ groupId, data: { externalId: 'cc6714c6' } }] },
    })).response.user!;
    assert.equal(created.memberships?.length, 1);
    assert.equal(created.memberships![0]!.groupId, groupId);
    assert.equal(created.memberships![0]!.userId, created.id);
    assert.deepEqual(created.memberships![0]!.data, { externalId: 'cc6714c6' });
    assert.deepEqual((await server.client.retrieveUser(created.id!)).response.user?.memberships, created.memberships);
    const unknownGroup = await expectStatus(server.client.createUser(NO_ID, {
      user: { email: uniqueEmail(), password: PASSWORD, memberships: [{ groupId: 'c0c0c0c0-1c1e-4f4e-8a43-7a1f6e2d9c10' }] },
    }), 400);
    assert.deepEqual(fieldCodes(unknownGroup), { 'user.memberships.groupId': ['[invalid]user.memberships.groupId'] });
  });

  it('answers a race for the same email with one user and one [duplicate], never a 500', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([0, 1, 2].map(() => server.client.createUser(NO_ID, { user: { email, password: PASSWORD } })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const failure of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      assert.equal(failure.reason.statusCode, 400);
      assert.deepEqual(fieldCodes(failure.reason.exception), { 'user.email': ['[duplicate]user.email'] });
    }
  });

  it('runs create(…, {withinTransaction}) in the same transaction as the insert (the Registrations contract)', async () => {
    const { database } = server.running;
    const service = createUserService({
      database, tenants: server.running.server.tenants, schemes: builtInPasswordSchemes(), clock: systemClock,
      registrationsOf: async () => [], membershipsOf: async () => [], groupTenants: async () => new Map(), addMemberships: async () => undefined,
    });
    const failing = uniqueEmail('rollback');
    await assert.rejects(service.create(tenantId, undefined, { user: { email: failing, password: PASSWORD } }, {
      withinTransaction: async (scoped, user) => {
        const inside = await scoped.db.selectFrom('users').select('email').where('id', '=', user.id!).executeTakeFirst();
        assert.equal(inside?.email, failing, 'the user is visible inside the transaction');
        throw new Error('registration failed');
      },
    }), /registration failed/);
    await expectStatus(server.client.retrieveUserByEmail(failing), 404);
    let seen: string | undefined;
    const created = await service.create(tenantId, undefined, { user: { email: uniqueEmail('commit'), password: PASSWORD } }, {
      withinTransaction: async (_scoped, user) => { seen = user.id; },
    });
    assert.equal(seen, created.user.id);
    assert.equal((await server.client.retrieveUser(created.user.id!)).statusCode, 200);
  });
});
