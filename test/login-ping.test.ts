/** Update Login Instant (seed 002): PUT /api/login/{userId}/{applicationId}, and PUT /api/login with a JWT or a body. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';

describe('update login instant', () => {
  let f: LoginFixtures;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  it('200: records the login and updates the user and registration instants', async () => {
    const user = await f.newUser({ applicationId });
    f.server.clock.advance(1_000);
    const before = f.server.clock.now();
    const response = await f.client.loginPing(user.id, applicationId, '198.51.100.7');
    assert.equal(response.statusCode, 200);
    const stored = (await f.client.retrieveUser(user.id)).response.user!;
    assert.ok(stored.lastLoginInstant! >= before);
    assert.equal(stored.registrations?.[0]?.lastLoginInstant, stored.lastLoginInstant);
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id } })).response.logins!;
    assert.equal(records.length, 1);
    assert.equal(records[0]!.ipAddress, '198.51.100.7');
    assert.equal(records[0]!.applicationId, applicationId);
    assert.equal(records[0]!.loginId, user.email);
  });

  it('202: the user is not registered to the application; without an application 200', async () => {
    const user = await f.newUser();
    assert.equal((await f.client.loginPing(user.id, applicationId, null as unknown as string)).statusCode, 202);
    const response = await f.server.fetch(`/api/login/${user.id}`, { method: 'PUT', headers: { authorization: 'gatehouse-test-admin-key-0123456789abcdef' } });
    assert.equal(response.status, 200);
  });

  it('404 for an unknown user, 400 for an unknown application, 401 without an API key', async () => {
    await expectStatus(f.client.loginPing(randomUUID(), applicationId, null as unknown as string), 404);
    const user = await f.newUser({ applicationId });
    const errors = await expectStatus(f.client.loginPing(user.id, randomUUID(), null as unknown as string), 400);
    assert.deepEqual(fieldCodes(errors), { applicationId: ['[invalid]applicationId'] });
    await expectStatus(f.anonymous.loginPing(user.id, applicationId, null as unknown as string), 401);
  });

  it('with a LoginPingRequest body and an API key', async () => {
    const user = await f.newUser({ applicationId });
    assert.equal((await f.client.loginPingWithRequest({ userId: user.id, applicationId, ipAddress: '192.0.2.1' })).statusCode, 200);
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id } })).response.logins!;
    assert.equal(records[0]?.ipAddress, '192.0.2.1');
    await expectStatus(f.anonymous.loginPingWithRequest({ userId: user.id, applicationId }), 401);
    const missing = await expectStatus(f.client.loginPingWithRequest({ applicationId }), 401);
    assert.deepEqual(missing, {});
  });

  it('with an access token: the user and application come from the JWT', async () => {
    const user = await f.newUser({ applicationId });
    const login = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
    const response = await f.server.fetch('/api/login?ipAddress=192.0.2.77', { method: 'PUT', headers: { authorization: `Bearer ${login.response.token}` } });
    assert.equal(response.status, 200);
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id }, retrieveTotal: true })).response;
    assert.equal(records.total, 2);
    assert.equal(records.logins?.[1]?.ipAddress, '192.0.2.77');
    const invalid = await f.server.fetch('/api/login', { method: 'PUT', headers: { authorization: 'Bearer not.a.jwt' } });
    assert.equal(invalid.status, 401);
    const none = await f.server.fetch('/api/login', { method: 'PUT' });
    assert.equal(none.status, 401);
  });
});
