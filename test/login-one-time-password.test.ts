/** POST /api/login with a oneTimePassword (seed 002 "Authenticate a User with a one time password"). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOneTimePassword } from '../src/api/login/one-time-password.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';
import { twoFactorHelpers } from './helpers/two-factor-fixtures.js';

describe('one-time password login', () => {
  let f: LoginFixtures;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  const issue = async (userId: string, state?: Record<string, unknown>, refreshTokenEligible = false) =>
    createOneTimePassword(f.flows, { tenant: await f.tenant(), userId, refreshTokenEligible, now: f.server.clock.now(), ...(state !== undefined ? { state } : {}) });

  it('logs in once with the one-time password, returning the state it was issued with', async () => {
    const user = await f.newUser({ applicationId });
    const oneTimePassword = await issue(user.id, { redirect: '/welcome' });
    const response = await f.client.login({ oneTimePassword, applicationId, ipAddress: '192.0.2.5' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.user?.id, user.id);
    assert.deepEqual(response.response.state, { redirect: '/welcome' });
    // Not made refresh-token eligible (seed 001, Change Password JWT form without a refresh token): an access token only.
    assert.ok(response.response.token);
    assert.equal(response.response.refreshToken, undefined);
    assert.equal(response.response.refreshTokenId, undefined);
    const claims = await f.verify(response.response.token!);
    assert.equal(claims.authenticationType, 'ONE_TIME_PASSWORD');
    const errors = await expectStatus(f.client.login({ oneTimePassword, applicationId }), 400);
    assert.deepEqual(fieldCodes(errors), { oneTimePassword: ['[invalid]oneTimePassword'] });
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id } })).response.logins!;
    assert.equal(records[0]?.loginId, user.email);
  });

  it('an eligible one-time password yields a refresh token as the application generates them', async () => {
    const user = await f.newUser({ applicationId });
    const response = await f.client.login({ oneTimePassword: await issue(user.id, undefined, true), applicationId });
    assert.equal(response.statusCode, 200);
    assert.ok(response.response.token);
    assert.ok(response.response.refreshToken);
  });

  it('keeps its refresh-token eligibility through a two-factor challenge', async () => {
    const h = twoFactorHelpers(f);
    for (const eligible of [false, true]) {
      const { user, base32 } = await h.withAuthenticator(applicationId);
      const challenged = await f.client.login({ oneTimePassword: await issue(user.id, undefined, eligible), applicationId });
      assert.equal(challenged.statusCode, 242);
      const completed = await f.anonymous.twoFactorLogin({ twoFactorId: challenged.response.twoFactorId!, code: h.code(base32), applicationId });
      assert.equal(completed.statusCode, 200);
      assert.ok(completed.response.token);
      assert.equal(completed.response.refreshToken !== undefined, eligible, `eligible=${eligible}`);
    }
  });

  it('expires after the tenant oneTimePasswordTimeToLiveInSeconds', async () => {
    const user = await f.newUser({ applicationId });
    const oneTimePassword = await issue(user.id);
    f.server.clock.advance(61_000);
    await expectStatus(f.client.login({ oneTimePassword, applicationId }), 400);
  });

  it('using one discards the user\'s other one-time passwords', async () => {
    const user = await f.newUser({ applicationId });
    const first = await issue(user.id);
    const second = await issue(user.id);
    assert.equal((await f.client.login({ oneTimePassword: first, applicationId })).statusCode, 200);
    await expectStatus(f.client.login({ oneTimePassword: second, applicationId }), 400);
  });

  it('still answers 423 and 242 for the user it names', async () => {
    const deactivated = await f.newUser({ applicationId });
    const otp = await issue(deactivated.id);
    await f.client.deactivateUser(deactivated.id);
    await expectStatus(f.client.login({ oneTimePassword: otp, applicationId }), 423);
    const mfa = await f.newUser({ applicationId, user: { twoFactor: { methods: [{ method: 'email', email: 'otp@example.com' }] } } });
    const response = await f.client.login({ oneTimePassword: await issue(mfa.id), applicationId });
    assert.equal(response.statusCode, 242);
    assert.ok(response.response.twoFactorId);
  });

  it('a password login ends outstanding one-time passwords', async () => {
    const user = await f.newUser({ applicationId });
    const otp = await issue(user.id);
    assert.equal((await f.client.login({ loginId: user.email, password: 'password-1234', applicationId })).statusCode, 200);
    await expectStatus(f.client.login({ oneTimePassword: otp, applicationId }), 400);
  });
});
