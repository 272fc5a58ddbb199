/**
 * A password login that needs a second factor and a password change answers 242 first; completing
 * the second factor (seed 002 "Complete Two Factor Authentication") then answers the 203 the password
 * login would have answered, with the same reason: stored (`Administrative`), `Expired` (tenant
 * `maximumPasswordAge`) or `Validation` (`validateOnLogin`). Its changePasswordId needs no trust token:
 * the second factor was just proven.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, startLoginFixtures, type LoginFixtures, type NewUser } from './helpers/login-fixtures.js';
import { twoFactorHelpers, type TwoFactorHelpers } from './helpers/two-factor-fixtures.js';

const DAY = 86_400_000;

describe('203 after the second factor', () => {
  let f: LoginFixtures;
  let h: TwoFactorHelpers;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    h = twoFactorHelpers(f);
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  /** Completes the 242 the login answers and expects a 203 with `reason`; answers the changePasswordId. */
  async function expect203(user: NewUser, base32: string, reason: string): Promise<string> {
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: await h.challenge(user, applicationId), code: h.code(base32), applicationId });
    assert.equal(done.statusCode, 203);
    assert.equal(done.response.changePasswordReason, reason);
    assert.ok(done.response.changePasswordId);
    assert.equal(done.response.token, undefined);
    return done.response.changePasswordId;
  }

  it('Administrative: a stored passwordChangeRequired survives the second factor', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    assert.equal((await f.client.patchUser(user.id, { user: { passwordChangeRequired: true } })).statusCode, 200);
    await expect203(user, base32, 'Administrative');
  });

  it('Expired: the tenant maximumPasswordAge found at the password step is answered after the code', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    await f.configureTenant({ maximumPasswordAge: { enabled: true, days: 1 } });
    try {
      f.server.clock.advance(2 * DAY);
      const changePasswordId = await expect203(user, base32, 'Expired');
      const stored = (await f.client.retrieveUser(user.id)).response.user!;
      assert.equal(stored.passwordChangeRequired, true);
      assert.equal(stored.passwordChangeReason, 'Expired');
      // The id came out of a completed second factor: it changes the password without a trust token.
      const changed = await f.anonymous.changePassword(changePasswordId, { password: 'a-new-password-5678' });
      assert.equal(changed.statusCode, 200);
      // The new password is not expired: the next login completes with 200 after its code.
      h.nextStep();
      const login = await f.client.login({ loginId: user.email, password: 'a-new-password-5678', applicationId });
      assert.equal(login.statusCode, 242);
      const completed = await f.anonymous.twoFactorLogin({ twoFactorId: login.response.twoFactorId!, code: h.code(base32), applicationId });
      assert.equal(completed.statusCode, 200);
    } finally {
      await f.configureTenant({ maximumPasswordAge: { enabled: false } });
    }
  });

  it('Validation: a password that breaks the rules with validateOnLogin is answered after the code', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    await f.configureTenant({ passwordValidationRules: { minLength: 20, validateOnLogin: true } });
    try {
      await expect203(user, base32, 'Validation');
    } finally {
      await f.configureTenant({ passwordValidationRules: { minLength: 8, validateOnLogin: false } });
    }
  });

  it('no reason, no 203: a fresh password completes with 200', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: await h.challenge(user, applicationId), code: h.code(base32), applicationId });
    assert.equal(done.statusCode, 200);
    assert.ok(done.response.token);
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 242);
  });
});
