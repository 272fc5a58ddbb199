/**
 * The login policy and enrolling during a login. `Required` challenges every user; one with no method
 * gets a 242 with `methods: []` and enables a method with the `twoFactorId` in place of an API key or
 * access token (docs apis/two-factor "Enable Multi-Factor", `twoFactorId`): the answer carries a code
 * that completes that login. `Disabled` never challenges.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Application } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures, type NewUser } from './helpers/login-fixtures.js';
import { twoFactorHelpers, type TwoFactorHelpers } from './helpers/two-factor-fixtures.js';

describe('two-factor login policy and enrolment during login', () => {
  let f: LoginFixtures;
  let h: TwoFactorHelpers;
  let required: string;
  let disabled: string;
  const policy = (loginPolicy: string): Application => ({ multiFactorConfiguration: { loginPolicy: loginPolicy as never } });
  before(async () => {
    f = await startLoginFixtures();
    h = twoFactorHelpers(f);
    required = await f.createApplication(policy('Required'));
    disabled = await f.createApplication(policy('Disabled'));
  });
  after(() => f.server.stop());

  /** A user registered to both applications; none of its methods yet. */
  async function registeredUser(): Promise<NewUser> {
    const user = await f.newUser({ applicationId: required });
    assert.equal((await f.client.register(user.id, { registration: { applicationId: disabled } })).statusCode, 200);
    return user;
  }

  /** A Required login of a user without methods: 242 with no methods; answers the twoFactorId. */
  async function requiredChallenge(user: NewUser): Promise<string> {
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: required });
    assert.equal(response.statusCode, 242);
    assert.deepEqual(response.response.methods, []);
    return response.response.twoFactorId!;
  }

  it('Required, no methods: 242 → enable an authenticator with the twoFactorId and a code → the returned code completes the login', async () => {
    const user = await registeredUser();
    const twoFactorId = await requiredChallenge(user);
    const base32 = (await f.client.generateTwoFactorSecret()).response.secretBase32Encoded!;
    const enabled = await f.anonymous.enableTwoFactor(user.id, { method: 'authenticator', secretBase32Encoded: base32, code: h.code(base32), twoFactorId });
    assert.equal(enabled.statusCode, 200);
    assert.equal(enabled.response.recoveryCodes?.length, 10);
    assert.match(enabled.response.code!, /^\d{6}$/);
    const methods = (await f.client.retrieveUser(user.id)).response.user?.twoFactor?.methods ?? [];
    assert.deepEqual(methods.map((m) => m.method), ['authenticator']);
    const done = await f.anonymous.twoFactorLogin({ twoFactorId, code: enabled.response.code!, applicationId: required });
    assert.equal(done.statusCode, 200);
    assert.equal(done.response.user?.id, user.id);
    assert.ok(done.response.token);
    // The login is used up; the next one asks for the new method.
    await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId, code: enabled.response.code!, applicationId: required }), 404);
    h.nextStep();
    const next = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: required });
    assert.equal(next.statusCode, 242);
    assert.equal(next.response.methods?.[0]?.method, 'authenticator');
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: next.response.twoFactorId!, code: h.code(base32), applicationId: required })).statusCode, 200);
  });

  it('a code of the new method also completes the enrolling login, and the JWT-less form works', async () => {
    const user = await registeredUser();
    const twoFactorId = await requiredChallenge(user);
    const base32 = (await f.client.generateTwoFactorSecret()).response.secretBase32Encoded!;
    const enabled = await f.server.fetch('/api/user/two-factor', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'authenticator', secretBase32Encoded: base32, code: h.code(base32), twoFactorId }),
    });
    assert.equal(enabled.status, 200);
    h.nextStep();
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId, code: h.code(base32), applicationId: required })).statusCode, 200);
  });

  it('the twoFactorId identifies only its own user, while the login is pending, and only before a method exists', async () => {
    const user = await registeredUser();
    const other = await registeredUser();
    const twoFactorId = await requiredChallenge(user);
    const enable = (userId: string, id: string | undefined, base32: string) =>
      f.anonymous.enableTwoFactor(userId, { method: 'authenticator', secretBase32Encoded: base32, code: h.code(base32), ...(id !== undefined ? { twoFactorId: id } : {}) });
    const base32 = (await f.client.generateTwoFactorSecret()).response.secretBase32Encoded!;
    await expectStatus(enable(other.id, twoFactorId, base32), 401);
    await expectStatus(enable(user.id, undefined, base32), 401);
    await expectStatus(enable(user.id, 'not-a-two-factor-id', base32), 401);
    // With an API key, a twoFactorId of another user is a field error.
    const mismatch = await expectStatus(f.client.enableTwoFactor(other.id, { method: 'authenticator', secretBase32Encoded: base32, code: h.code(base32), twoFactorId }), 400);
    assert.deepEqual(fieldCodes(mismatch), { twoFactorId: ['[invalid]twoFactorId'] });
    assert.deepEqual((await f.client.retrieveUser(other.id)).response.user?.twoFactor?.methods ?? [], []);
    // A user who has a method must prove it: a pending login's id cannot add another.
    const withMethod = await registeredUser();
    await h.addAuthenticator(withMethod);
    const challenged = await f.client.login({ loginId: withMethod.email, password: PASSWORD, applicationId: required });
    assert.equal(challenged.statusCode, 242);
    const attacker = (await f.client.generateTwoFactorSecret()).response.secretBase32Encoded!;
    await expectStatus(f.anonymous.enableTwoFactor(withMethod.id, { method: 'authenticator', secretBase32Encoded: attacker, code: h.code(attacker), twoFactorId: challenged.response.twoFactorId! }), 401);
    assert.equal((await f.client.retrieveUser(withMethod.id)).response.user?.twoFactor?.methods?.length, 1);
    // An expired login no longer identifies the user.
    f.server.clock.advance(301_000);
    await expectStatus(enable(user.id, twoFactorId, base32), 401);
  });

  it('Disabled skips the 242 for a user with methods; Required challenges that user', async () => {
    const user = await registeredUser();
    const base32 = await h.addAuthenticator(user);
    const skipped = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: disabled });
    assert.equal(skipped.statusCode, 200);
    assert.ok(skipped.response.token);
    const challenged = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: required });
    assert.equal(challenged.statusCode, 242);
    assert.deepEqual(challenged.response.methods?.map((m) => m.method), ['authenticator']);
    assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: challenged.response.twoFactorId!, code: h.code(base32), applicationId: required })).statusCode, 200);
  });
});
