import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '@fusionauth/typescript-client';
import { builtInPasswordSchemes } from '../src/crypto/password/index.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { configureStoredTenant, PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;

describe('Users API: update and patch', () => {
  let server: TestServer;
  let tenantId: string;
  before(async () => {
    server = await startTestServer();
    tenantId = await server.defaultTenantId();
  });
  after(() => server.stop());

  const createUser = async (user: User = {}): Promise<User> =>
    (await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, ...user } })).response.user!;
  const passwordOf = (id: string) => server.running.database.db.selectFrom('users')
    .select(['password_hash', 'password_salt', 'password_scheme', 'password_factor']).where('id', '=', id).executeTakeFirstOrThrow();
  const verifies = async (id: string, password: string) => {
    const row = await passwordOf(id);
    return builtInPasswordSchemes().verify(password, { hash: row.password_hash!, salt: row.password_salt!, scheme: row.password_scheme!, factor: Number(row.password_factor) });
  };
  const raw = (method: string, path: string, body: unknown, contentType = 'application/json') =>
    server.fetch(path, { method, headers: { authorization: ADMIN_API_KEY, 'content-type': contentType }, body: JSON.stringify(body) });

  it('PUT replaces the user: omitted fields are cleared, the password is kept', async () => {
    const created = await createUser({ firstName: 'John', lastName: 'Doe', data: { a: 1 }, timezone: 'America/Denver' });
    server.clock.advance(60_000);
    const updated = (await server.client.updateUser(created.id!, { user: { email: created.email, firstName: 'Jane' } })).response.user!;
    assert.equal(updated.firstName, 'Jane');
    assert.equal(updated.lastName, undefined);
    assert.equal(updated.timezone, undefined);
    assert.deepEqual(updated.data, {});
    assert.equal(updated.id, created.id);
    assert.equal(updated.insertInstant, created.insertInstant);
    assert.ok(updated.lastUpdateInstant! >= created.lastUpdateInstant! + 60_000);
    assert.equal(updated.passwordLastUpdateInstant, created.passwordLastUpdateInstant);
    assert.equal(updated.active, true);
    assert.equal(await verifies(created.id!, PASSWORD), true);
    assert.equal(updated.password, undefined);
  });

  it('PUT with a password re-hashes it and records the change', async () => {
    const created = await createUser();
    const before = await passwordOf(created.id!);
    server.clock.advance(1_000);
    const updated = (await server.client.updateUser(created.id!, { user: { email: created.email, password: 'new-password-99' } })).response.user!;
    assert.ok(updated.passwordLastUpdateInstant! > created.passwordLastUpdateInstant!);
    const after = await passwordOf(created.id!);
    assert.notEqual(after.password_salt, before.password_salt);
    assert.equal(await verifies(created.id!, 'new-password-99'), true);
    assert.equal(await verifies(created.id!, PASSWORD), false);
    const weak = await expectStatus(server.client.updateUser(created.id!, { user: { email: created.email, password: 'weak' } }), 400);
    assert.deepEqual(fieldCodes(weak), { 'user.password': ['[tooShort]user.password'] });
  });

  it('checks uniqueness against other users only, and still requires a login id', async () => {
    const first = await createUser({ username: uniqueName() });
    const second = await createUser();
    const same = await server.client.updateUser(first.id!, { user: { email: first.email!.toUpperCase(), username: first.username } });
    assert.equal(same.statusCode, 200);
    const clash = await expectStatus(server.client.updateUser(second.id!, { user: { email: first.email, username: first.username!.toUpperCase() } }), 400);
    assert.deepEqual(fieldCodes(clash), { 'user.email': ['[duplicate]user.email'], 'user.username': ['[duplicate]user.username'] });
    const blank = await expectStatus(server.client.updateUser(second.id!, { user: { firstName: 'No Login' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'user.email': ['[blank]user.email'], 'user.username': ['[blank]user.username'] });
    await expectStatus(server.client.updateUser('0f6a9c3e-4d2b-4b8a-9c1d-2e3f4a5b6c7d', { user: { email: uniqueEmail() } }), 404);
  });

  it('keeps two-factor secrets when a retrieved user is sent back', async () => {
    const created = await createUser({ twoFactor: { methods: [{ method: 'authenticator', secret: 'aGVsbG8Kd29ybGQKaGVsbG8gaGVsbG8=' }] } });
    const retrieved = (await server.client.retrieveUser(created.id!)).response.user!;
    const resent = await server.client.updateUser(created.id!, { user: retrieved });
    assert.equal(resent.statusCode, 200);
    assert.deepEqual(resent.response.user?.twoFactor?.methods?.map((m) => m.id), created.twoFactor?.methods?.map((m) => m.id));
    const row = await server.running.database.db.selectFrom('users').select('doc').where('id', '=', created.id!).executeTakeFirstOrThrow();
    assert.ok(row.doc.includes('aGVsbG8Kd29ybGQKaGVsbG8gaGVsbG8='), 'the secret is still stored');
  });

  it('unverifies a changed email when the tenant re-verifies changed emails', async () => {
    const created = await createUser();
    await configureStoredTenant(server, tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: true, verifyEmailWhenChanged: true } }));
    try {
      const unchanged = (await server.client.updateUser(created.id!, { user: { email: created.email, firstName: 'x' } })).response.user!;
      assert.equal(unchanged.verified, true);
      const changed = (await server.client.updateUser(created.id!, { user: { email: uniqueEmail() } })).response.user!;
      assert.equal(changed.verified, false);
      assert.equal(changed.verifiedInstant, created.verifiedInstant, 'the first verification instant is immutable');
      const skipped = (await server.client.updateUser(created.id!, { skipVerification: true, user: { email: uniqueEmail() } })).response.user!;
      assert.equal(skipped.verified, true);
    } finally {
      await configureStoredTenant(server, tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: false, verifyEmailWhenChanged: false } }));
    }
  });

  it('PATCH merges the given fields into the user (client patchUser)', async () => {
    const created = await createUser({ firstName: 'John', lastName: 'Doe', data: { a: 1, b: 2 } });
    const patched = (await server.client.patchUser(created.id!, { user: { firstName: 'Jack', data: { b: 3 } } })).response.user!;
    assert.equal(patched.firstName, 'Jack');
    assert.equal(patched.lastName, 'Doe');
    assert.equal(patched.email, created.email);
    assert.deepEqual(patched.data, { a: 1, b: 3 });
    assert.equal(await verifies(created.id!, PASSWORD), true);
    const invalid = await expectStatus(server.client.patchUser(created.id!, { user: { timezone: 'Nowhere/Land' } }), 400);
    assert.deepEqual(fieldCodes(invalid), { 'user.timezone': ['[invalid]user.timezone'] });
    const withPassword = await server.client.patchUser(created.id!, { user: { password: 'patched-password-1' } });
    assert.equal(withPassword.statusCode, 200);
    assert.equal(await verifies(created.id!, 'patched-password-1'), true);
  });

  it('PATCH with merge-patch removes values set to null', async () => {
    const created = await createUser({ firstName: 'John', lastName: 'Doe', data: { a: 1, b: 2 } });
    const response = await raw('PATCH', `/api/user/${created.id}`, { user: { lastName: null, data: { a: null } } }, 'application/merge-patch+json');
    assert.equal(response.status, 200);
    const user = (await response.json() as { user: User }).user;
    assert.equal(user.lastName, undefined);
    assert.equal(user.firstName, 'John');
    assert.deepEqual(user.data, { b: 2 });
  });

  it('PATCH with json-patch applies RFC 6902 operations', async () => {
    const created = await createUser({ firstName: 'John', preferredLanguages: ['en'] });
    const response = await raw('PATCH', `/api/user/${created.id}`, [
      { op: 'replace', path: '/user/firstName', value: 'Johnny' },
      { op: 'add', path: '/user/preferredLanguages/-', value: 'fr' },
      { op: 'add', path: '/user/middleName', value: 'William' },
    ], 'application/json-patch+json');
    assert.equal(response.status, 200);
    const user = (await response.json() as { user: User }).user;
    assert.equal(user.firstName, 'Johnny');
    assert.equal(user.middleName, 'William');
    assert.deepEqual(user.preferredLanguages, ['en', 'fr']);
    const bad = await raw('PATCH', `/api/user/${created.id}`, [{ op: 'replace', path: '/user/nope/deeper', value: 1 }], 'application/json-patch+json');
    assert.equal(bad.status, 400);
    const notArray = await raw('PATCH', `/api/user/${created.id}`, { op: 'replace' }, 'application/json-patch+json');
    assert.equal(notArray.status, 400);
  });

  it('answers malformed PUT bodies with 400', async () => {
    const created = await createUser();
    const response = await server.fetch(`/api/user/${created.id}`, {
      method: 'PUT', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body: '{"user": [',
    });
    assert.equal(response.status, 400);
    const typed = await raw('PUT', `/api/user/${created.id}`, { user: { email: created.email, birthDate: 19760530 } });
    assert.equal(typed.status, 400);
    assert.deepEqual(fieldCodes(await typed.json()), { 'user.birthDate': ['[invalidJSON]user.birthDate'] });
  });
});
