/**
 * Change a User's Password for a user with two-factor methods (seed 001, docs apis/users): the change
 * needs a `trustToken` from a completed Two-Factor Login, else 400 with the general error
 * `[TrustTokenRequired]` (and only that error). A `trustChallenge` given to the Start Two-Factor API
 * binds the token: the change must present the same challenge. Tokens are one-time, belong to their
 * user and live the tenant's `trustTokenTimeToLiveInSeconds` (default 180).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures, type NewUser } from './helpers/login-fixtures.js';
import { twoFactorHelpers, type TwoFactorHelpers } from './helpers/two-factor-fixtures.js';

const NEW_PASSWORD = 'a-new-password-5678';

describe('change password with a trust token', () => {
  let f: LoginFixtures;
  let h: TwoFactorHelpers;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    h = twoFactorHelpers(f);
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  const forgot = async (user: NewUser): Promise<string> =>
    (await f.client.forgotPassword({ loginId: user.email, applicationId, sendForgotPasswordEmail: false })).response.changePasswordId!;

  /** Start Two-Factor (with `trustChallenge` when given) and complete it with the returned code: the trustToken. */
  async function trustToken(user: NewUser, trustChallenge?: string): Promise<string> {
    const started = await f.client.startTwoFactorLogin({ userId: user.id, applicationId, ...(trustChallenge !== undefined ? { trustChallenge } : {}) });
    assert.equal(started.statusCode, 200);
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: started.response.twoFactorId!, code: started.response.code!, applicationId });
    assert.equal(done.statusCode, 200);
    assert.ok(done.response.trustToken);
    return done.response.trustToken;
  }

  async function expectTrustRequired(call: Promise<{ statusCode: number; response: unknown }>): Promise<void> {
    const errors = await expectStatus(call, 400);
    assert.deepEqual(generalCodes(errors), ['[TrustTokenRequired]']);
    assert.deepEqual(fieldCodes(errors), {});
  }

  it('a changePasswordId needs a trust token: [TrustTokenRequired] alone, even over password errors; the GET check says so too', async () => {
    const { user } = await h.withAuthenticator(applicationId);
    const id = await forgot(user);
    await expectTrustRequired(f.anonymous.changePassword(id, { password: NEW_PASSWORD }));
    await expectTrustRequired(f.anonymous.changePassword(id, { password: 'x' }));
    await expectTrustRequired(f.anonymous.checkChangePasswordUsingId(id));
    await expectTrustRequired(f.anonymous.changePassword(id, { password: NEW_PASSWORD, trustToken: 'not-a-token' }));
    // A completed two-factor login (no challenge) yields a token that lets the change through.
    const changed = await f.anonymous.changePassword(id, { password: NEW_PASSWORD, trustToken: await trustToken(user) });
    assert.equal(changed.statusCode, 200);
    assert.ok(changed.response.oneTimePassword);
    assert.equal((await f.client.login({ loginId: user.email, password: NEW_PASSWORD, applicationId })).statusCode, 242);
  });

  it('a trustChallenge from Start binds the token: the change must present the same challenge', async () => {
    const { user } = await h.withAuthenticator(applicationId);
    const token = await trustToken(user, 'challenge-one');
    const id = await forgot(user);
    await expectTrustRequired(f.anonymous.changePassword(id, { password: NEW_PASSWORD, trustToken: token }));
    await expectTrustRequired(f.anonymous.changePassword(id, { password: NEW_PASSWORD, trustToken: token, trustChallenge: 'challenge-two' }));
    assert.equal((await f.anonymous.changePassword(id, { password: NEW_PASSWORD, trustToken: token, trustChallenge: 'challenge-one' })).statusCode, 200);
  });

  it('a token is one-time, belongs to its user and expires with trustTokenTimeToLiveInSeconds', async () => {
    const { user } = await h.withAuthenticator(applicationId);
    const token = await trustToken(user);
    assert.equal((await f.anonymous.changePassword(await forgot(user), { password: NEW_PASSWORD, trustToken: token })).statusCode, 200);
    await expectTrustRequired(f.anonymous.changePassword(await forgot(user), { password: 'another-password-9', trustToken: token }));

    const other = await h.withAuthenticator(applicationId);
    await expectTrustRequired(f.anonymous.changePassword(await forgot(other.user), { password: NEW_PASSWORD, trustToken: await trustToken(user) }));

    const late = await trustToken(other.user);
    f.server.clock.advance(181_000);
    await expectTrustRequired(f.anonymous.changePassword(await forgot(other.user), { password: NEW_PASSWORD, trustToken: late }));
    await f.configureTenant({ externalIdentifierConfiguration: { trustTokenTimeToLiveInSeconds: 600 } });
    try {
      const longer = await trustToken(other.user);
      f.server.clock.advance(500_000);
      assert.equal((await f.anonymous.changePassword(await forgot(other.user), { password: NEW_PASSWORD, trustToken: longer })).statusCode, 200);
    } finally {
      await f.configureTenant({ externalIdentifierConfiguration: { trustTokenTimeToLiveInSeconds: 180 } });
    }
  });

  it('the loginId (API key) and JWT forms need a trust token too', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    await expectTrustRequired(f.client.changePasswordByIdentity({ loginId: user.email, currentPassword: PASSWORD, password: NEW_PASSWORD }));
    assert.equal((await f.client.changePasswordByIdentity({ loginId: user.email, currentPassword: PASSWORD, password: NEW_PASSWORD, trustToken: await trustToken(user) })).statusCode, 200);

    const done = await f.anonymous.twoFactorLogin({ twoFactorId: await challengeWith(user, NEW_PASSWORD), code: h.code(base32), applicationId });
    assert.equal(done.statusCode, 200);
    const jwt = done.response.token!;
    await expectTrustRequired(f.anonymous.changePasswordUsingJWT(jwt, { currentPassword: NEW_PASSWORD, password: 'third-password-42' }));
    const viaJwt = await f.anonymous.changePasswordUsingJWT(jwt, { currentPassword: NEW_PASSWORD, password: 'third-password-42', trustToken: done.response.trustToken! });
    assert.equal(viaJwt.statusCode, 200);
  });

  it('a user without two-factor methods needs no trust token', async () => {
    const user = await f.newUser({ applicationId });
    assert.equal((await f.anonymous.changePassword(await forgot(user), { password: NEW_PASSWORD })).statusCode, 200);
  });

  async function challengeWith(user: NewUser, password: string): Promise<string> {
    const response = await f.client.login({ loginId: user.email, password, applicationId });
    assert.equal(response.statusCode, 242);
    return response.response.twoFactorId!;
  }
});
