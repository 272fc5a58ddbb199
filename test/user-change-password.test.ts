import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import { PASSWORD, startLifecycleFixture, uniqueAddress, valueIn, type LifecycleFixture } from './helpers/lifecycle-fixtures.js';

const NEW_PASSWORD = 'a brand new password';
const NO_ID = undefined as unknown as string;

describe("Change a User's Password", () => {
  let f: LifecycleFixture;
  let applicationId: string;
  before(async () => {
    f = await startLifecycleFixture();
    await f.configureEmail({ forgotPasswordEmailTemplateId: f.templates.forgotPassword, passwordUpdateEmailTemplateId: f.templates.passwordUpdate });
    applicationId = (await f.server.client.createApplication(NO_ID, {
      application: { name: 'Pied Piper Platform', loginConfiguration: { generateRefreshTokens: true, allowTokenRefresh: true, requireAuthentication: true } },
    })).response.application!.id!;
  });
  after(() => f.stop());

  /** A user registered to the application, logged in there (access and refresh token). */
  async function loggedInUser(): Promise<{ id: string; email: string; token: string; refreshToken: string }> {
    const email = uniqueAddress();
    const registered = await f.server.client.register(NO_ID, { user: { email, password: PASSWORD }, registration: { applicationId } });
    const login = await f.server.client.login({ loginId: email, password: PASSWORD, applicationId });
    assert.equal(login.statusCode, 200);
    return { id: registered.response.user!.id!, email, token: login.response.token!, refreshToken: login.response.refreshToken! };
  }

  const startForgotPassword = async (loginId: string, send = false): Promise<string> =>
    (await f.server.client.forgotPassword({ loginId, sendForgotPasswordEmail: send })).response.changePasswordId!;

  describe('with a changePasswordId', () => {
    it('replaces the password, spends every change id, revokes refresh tokens and answers a one-time password', async () => {
      const user = await loggedInUser();
      const first = await startForgotPassword(user.email);
      const second = await startForgotPassword(user.email);
      assert.equal((await f.server.client.retrieveRefreshTokens(user.id)).response.refreshTokens!.length, 1);

      const changed = await f.anonymous.changePassword(first, { password: NEW_PASSWORD });
      assert.equal(changed.statusCode, 200);
      assert.deepEqual(Object.keys(changed.response), ['oneTimePassword']);
      assert.deepEqual((await f.server.client.retrieveRefreshTokens(user.id)).response.refreshTokens, []);
      await expectStatus(f.anonymous.exchangeRefreshTokenForJWT({ refreshToken: user.refreshToken }), 400);
      await expectStatus(f.anonymous.checkChangePasswordUsingId(second), 404);

      await expectStatus(f.server.client.login({ loginId: user.email, password: PASSWORD, applicationId }), 404);
      const otp = await f.server.client.login({ oneTimePassword: changed.response.oneTimePassword!, applicationId });
      assert.equal(otp.statusCode, 200);
      assert.equal(otp.response.user!.id, user.id);
      // Seed 001 ties refresh-token eligibility to the JWT form only: this one-time password yields one.
      assert.ok(otp.response.refreshToken);
      assert.equal((await f.server.client.login({ loginId: user.email, password: NEW_PASSWORD, applicationId })).statusCode, 200);
    });

    it('takes the id from the body over the URL', async () => {
      const { user } = await f.newUser();
      const changePasswordId = await startForgotPassword(user.email!);
      const response = await f.server.fetch('/api/user/change-password/not-the-id', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changePasswordId, password: NEW_PASSWORD }),
      });
      assert.equal(response.status, 200);
      assert.match(((await response.json()) as { oneTimePassword: string }).oneTimePassword, /^[A-Za-z0-9_-]{43}$/);
    });

    it('validates the new password first, then the id; a wrong currentPassword is a 404 that spends nothing', async () => {
      const { user } = await f.newUser();
      const changePasswordId = await startForgotPassword(user.email!);
      const blank = await expectStatus(f.anonymous.changePassword('unknown-id', {}), 400);
      assert.deepEqual(fieldCodes(blank), { password: ['[blank]password'] });
      await expectStatus(f.anonymous.changePassword('unknown-id', { password: NEW_PASSWORD }), 404);
      const short = await expectStatus(f.anonymous.changePassword(changePasswordId, { password: 'short' }), 400);
      assert.deepEqual(fieldCodes(short), { password: ['[tooShort]password'] });

      await expectStatus(f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD, currentPassword: 'not the password' }), 404);
      assert.equal((await f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD, currentPassword: PASSWORD })).statusCode, 200);
    });

    it('follows the tenant password rules', async () => {
      await f.server.client.patchTenant(f.tenantId, { tenant: { passwordValidationRules: { requireMixedCase: true } } });
      try {
        const { user } = await f.newUser({ password: 'Password-1234' });
        const changePasswordId = await startForgotPassword(user.email!);
        const errors = await expectStatus(f.anonymous.changePassword(changePasswordId, { password: 'all lower case' }), 400);
        assert.deepEqual(fieldCodes(errors), { password: ['[singleCase]password'] });
      } finally {
        await f.server.client.patchTenant(f.tenantId, { tenant: { passwordValidationRules: { requireMixedCase: false } } });
      }
    });

    it("completes a login's required password change (203) and clears passwordChangeRequired", async () => {
      const { user } = await f.newUser({ passwordChangeRequired: true });
      const login = await f.server.client.login({ loginId: user.email!, password: PASSWORD });
      assert.equal(login.statusCode, 203);
      await f.anonymous.changePassword(login.response.changePasswordId!, { password: NEW_PASSWORD });
      const changed = (await f.server.client.retrieveUser(user.id!)).response.user!;
      assert.equal(changed.passwordChangeRequired, false);
      assert.equal(changed.passwordChangeReason, undefined);
      assert.equal((await f.server.client.login({ loginId: user.email!, password: NEW_PASSWORD })).statusCode, 200);
    });

    it('verifies the email implicitly only when the id was emailed to that address', async () => {
      await f.configureEmail({ verifyEmail: true, verificationEmailTemplateId: f.templates.verification });
      try {
        const quiet = await f.newUser();
        await f.anonymous.changePassword(await startForgotPassword(quiet.user.email!, false), { password: NEW_PASSWORD });
        assert.equal((await f.server.client.retrieveUser(quiet.user.id!)).response.user!.verified, false, 'an id never emailed proves nothing');

        const email = uniqueAddress();
        const emailed = await f.newUser({ email });
        await startForgotPassword(email, true);
        await f.anonymous.changePassword(valueIn(await f.mailTo(email, 'forgotPassword'), 'changePasswordId'), { password: NEW_PASSWORD });
        assert.equal((await f.server.client.retrieveUser(emailed.user.id!)).response.user!.verified, true);
      } finally {
        await f.configureEmail({ verifyEmail: false });
      }
    });
  });

  describe('with a loginId and an API key', () => {
    it('changes the password and answers no body; the password-update email goes out', async () => {
      const user = await loggedInUser();
      const response = await f.server.fetch('/api/user/change-password', {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: ADMIN_API_KEY },
        // A refresh token changes nothing here: this form answers no one-time password (seed 001).
        body: JSON.stringify({ loginId: user.email, password: NEW_PASSWORD, refreshToken: user.refreshToken }),
      });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '');
      assert.deepEqual((await f.server.client.retrieveRefreshTokens(user.id)).response.refreshTokens, []);
      assert.equal(valueIn(await f.mailTo(user.email, 'passwordUpdate'), 'changed'), user.email);
      assert.equal((await f.server.client.login({ loginId: user.email, password: NEW_PASSWORD })).statusCode, 200);
    });

    it('keeps refresh tokens when the tenant does not revoke them on a password change', async () => {
      await f.server.client.patchTenant(f.tenantId, { tenant: { jwtConfiguration: { refreshTokenRevocationPolicy: { onPasswordChanged: false } } } });
      try {
        const user = await loggedInUser();
        await f.server.client.changePasswordByIdentity({ loginId: user.email, password: NEW_PASSWORD });
        assert.equal((await f.server.client.retrieveRefreshTokens(user.id)).response.refreshTokens!.length, 1);
      } finally {
        await f.server.client.patchTenant(f.tenantId, { tenant: { jwtConfiguration: { refreshTokenRevocationPolicy: { onPasswordChanged: true } } } });
      }
    });

    it('says which value was wrong: [invalid]loginId, [invalid]currentPassword; 401 without an API key', async () => {
      const { user } = await f.newUser();
      const unknown = await expectStatus(f.server.client.changePasswordByIdentity({ loginId: uniqueAddress(), password: NEW_PASSWORD }), 400);
      assert.deepEqual(fieldCodes(unknown), { loginId: ['[invalid]loginId'] });
      const wrong = await expectStatus(f.server.client.changePasswordByIdentity({ loginId: user.email!, password: NEW_PASSWORD, currentPassword: 'nope' }), 400);
      assert.deepEqual(fieldCodes(wrong), { currentPassword: ['[invalid]currentPassword'] });
      await expectStatus(f.anonymous.changePasswordByIdentity({ loginId: user.email!, password: NEW_PASSWORD }), 401);
      assert.equal((await f.server.client.changePasswordByIdentity({ loginId: user.email!, password: NEW_PASSWORD, currentPassword: PASSWORD })).statusCode, 200);
    });

    it('refuses a password changed too recently (minimumPasswordAge)', async () => {
      await f.server.client.patchTenant(f.tenantId, { tenant: { minimumPasswordAge: { enabled: true, seconds: 60 } } });
      try {
        const { user } = await f.newUser();
        const young = await expectStatus(f.server.client.changePasswordByIdentity({ loginId: user.email!, password: NEW_PASSWORD }), 400);
        assert.deepEqual(fieldCodes(young), { password: ['[tooYoung]password'] });
        f.server.clock.advance(61_000);
        assert.equal((await f.server.client.changePasswordByIdentity({ loginId: user.email!, password: NEW_PASSWORD })).statusCode, 200);
      } finally {
        await f.server.client.patchTenant(f.tenantId, { tenant: { minimumPasswordAge: { enabled: false } } });
      }
    });
  });

  describe('with a JWT', () => {
    it('requires the current password (a wrong one is a 404) and answers a one-time password', async () => {
      const user = await loggedInUser();
      const blank = await expectStatus(f.anonymous.changePasswordByJWT(user.token, { password: NEW_PASSWORD }), 400);
      assert.deepEqual(fieldCodes(blank), { currentPassword: ['[blank]currentPassword'] });
      await expectStatus(f.anonymous.changePasswordByJWT(user.token, { password: NEW_PASSWORD, currentPassword: 'nope' }), 404);
      await expectStatus(f.anonymous.changePasswordByJWT('not.a.jwt', { password: NEW_PASSWORD, currentPassword: PASSWORD }), 401);

      const changed = await f.anonymous.changePasswordByJWT(user.token, { password: NEW_PASSWORD, currentPassword: PASSWORD });
      assert.equal(changed.statusCode, 200);
      assert.deepEqual((await f.server.client.retrieveRefreshTokens(user.id)).response.refreshTokens, []);
      const otp = await f.server.client.login({ oneTimePassword: changed.response.oneTimePassword!, applicationId });
      assert.equal(otp.response.user!.id, user.id);
      // Seed 001: without a refresh token (body or cookie) the one-time password's login has none.
      assert.ok(otp.response.token);
      assert.equal(otp.response.refreshToken, undefined);
    });

    /** Changes the password by JWT, then logs in with the one-time password; the login's refresh token. */
    async function otpRefreshToken(user: { token: string }, init: { body?: Record<string, unknown>; cookie?: string }): Promise<string | undefined> {
      const response = await f.server.fetch('/api/user/change-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, ...(init.cookie !== undefined ? { cookie: init.cookie } : {}) },
        body: JSON.stringify({ currentPassword: PASSWORD, password: NEW_PASSWORD, ...init.body }),
      });
      assert.equal(response.status, 200);
      const { oneTimePassword } = (await response.json()) as { oneTimePassword: string };
      const otp = await f.server.client.login({ oneTimePassword, applicationId });
      assert.equal(otp.statusCode, 200);
      assert.ok(otp.response.token);
      return otp.response.refreshToken;
    }

    it('with the refreshToken in the body the one-time password login returns a refresh token', async () => {
      const user = await loggedInUser();
      const refreshToken = await otpRefreshToken(user, { body: { refreshToken: user.refreshToken } });
      assert.ok(refreshToken);
      assert.notEqual(refreshToken, user.refreshToken);
      assert.equal((await f.anonymous.exchangeRefreshTokenForJWT({ refreshToken: refreshToken! })).statusCode, 200);
    });

    it('with the refresh_token cookie the one-time password login returns a refresh token; the cookie wins over the body', async () => {
      const user = await loggedInUser();
      assert.ok(await otpRefreshToken(user, { cookie: `refresh_token=${encodeURIComponent(user.refreshToken)}` }));
      // A body value that is not the user's refresh token does not matter when the cookie holds theirs.
      const second = await loggedInUser();
      assert.ok(await otpRefreshToken(second, { cookie: `refresh_token=${encodeURIComponent(second.refreshToken)}`, body: { refreshToken: 'not-a-refresh-token' } }));
      // And a stale cookie takes precedence over a good body value (fusionauth-issues #382).
      const third = await loggedInUser();
      assert.equal(await otpRefreshToken(third, { cookie: 'refresh_token=stale-value', body: { refreshToken: third.refreshToken } }), undefined);
    });

    it("a refresh token that is not the user's does not make the one-time password eligible", async () => {
      const user = await loggedInUser();
      const other = await loggedInUser();
      assert.equal(await otpRefreshToken(user, { body: { refreshToken: other.refreshToken } }), undefined);
      const third = await loggedInUser();
      assert.equal(await otpRefreshToken(third, { body: { refreshToken: 'made-up' } }), undefined);
    });
  });

  it('without a changePasswordId, loginId or JWT answers 400 [invalid]', async () => {
    const errors = await expectStatus(f.server.client.changePasswordByIdentity({ password: NEW_PASSWORD }), 400);
    assert.deepEqual(generalCodes(errors), ['[invalid]']);
  });

  describe('Validate a password change (GET)', () => {
    it('checks a JWT, a login id (with an API key) or an id', async () => {
      const user = await loggedInUser();
      assert.equal((await f.anonymous.checkChangePasswordUsingJWT(user.token)).statusCode, 200);
      await expectStatus(f.anonymous.checkChangePasswordUsingJWT('not.a.jwt'), 401);
      assert.equal((await f.server.client.checkChangePasswordUsingLoginId(user.email)).statusCode, 200);
      assert.equal((await f.server.client.checkChangePasswordUsingLoginIdAndLoginIdTypes(user.email, ['email'])).statusCode, 200);
      await expectStatus(f.server.client.checkChangePasswordUsingLoginIdAndLoginIdTypes(user.email, ['username']), 404);
      await expectStatus(f.server.client.checkChangePasswordUsingLoginId(uniqueAddress()), 404);
      await expectStatus(f.anonymous.checkChangePasswordUsingLoginId(user.email), 401);
      const changePasswordId = await startForgotPassword(user.email);
      assert.equal((await f.anonymous.checkChangePasswordUsingIdAndIPAddress(changePasswordId, '10.0.0.1')).statusCode, 200);
      const nothing = await f.server.fetch('/api/user/change-password');
      assert.equal(nothing.status, 400);
      assert.deepEqual(((await nothing.json()) as { generalErrors: { code: string }[] }).generalErrors.map((e) => e.code), ['[invalidGET]']);
    });
  });
});
