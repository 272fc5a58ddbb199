import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { configureStoredTenant } from './helpers/user-fixtures.js';
import { PASSWORD, startLifecycleFixture, uniqueAddress, valueIn, type LifecycleFixture } from './helpers/lifecycle-fixtures.js';

const NEW_PASSWORD = 'a brand new password';
const NO_ID = undefined as unknown as string;

describe('Create a User: sendSetPasswordEmail', () => {
  let f: LifecycleFixture;
  before(async () => {
    f = await startLifecycleFixture();
    await f.configureEmail({ setPasswordEmailTemplateId: f.templates.setPassword });
  });
  after(() => f.stop());

  it('emails a set-password id instead of taking the given password; the id sets it once', async () => {
    const email = uniqueAddress();
    const { user } = await f.newUser({ email, password: 'ignored-password' }, { sendSetPasswordEmail: true });
    const mail = await f.mailTo(email, 'setPassword');
    const changePasswordId = valueIn(mail, 'changePasswordId');
    assert.match(changePasswordId, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.equal(valueIn(mail, 'user'), email);
    await expectStatus(f.server.client.login({ loginId: email, password: 'ignored-password' }), 404);

    assert.equal((await f.anonymous.checkChangePasswordUsingId(changePasswordId)).statusCode, 200);
    assert.equal((await f.server.client.retrieveUserByChangePasswordId(changePasswordId)).response.user!.id, user.id);
    const changed = await f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD });
    assert.equal(changed.statusCode, 200);
    assert.match(changed.response.oneTimePassword!, /^[A-Za-z0-9_-]{43}$/);
    assert.equal((await f.server.client.login({ loginId: email, password: NEW_PASSWORD })).statusCode, 200);

    await expectStatus(f.anonymous.changePassword(changePasswordId, { password: 'yet another password' }), 404);
    await expectStatus(f.anonymous.checkChangePasswordUsingId(changePasswordId), 404);
    await expectStatus(f.server.client.retrieveUserByChangePasswordId(changePasswordId), 404);
  });

  it('sends only the set-password email when emails are verified, and setting the password verifies the address', async () => {
    await f.configureEmail({ verifyEmail: true, verificationEmailTemplateId: f.templates.verification });
    try {
      const email = uniqueAddress();
      const created = await f.newUser({ email }, { sendSetPasswordEmail: true });
      assert.equal(created.user.verified, false);
      assert.equal(created.emailVerificationId, undefined);
      const changePasswordId = valueIn(await f.mailTo(email, 'setPassword'), 'changePasswordId');
      await f.noMailTo(email);

      await f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD });
      const user = (await f.server.client.retrieveUser(created.user.id!)).response.user!;
      assert.equal(user.verified, true);
      assert.equal(typeof user.verifiedInstant, 'number');

      // Without implicit verification the address stays unverified.
      await f.configureEmail({ implicitEmailVerificationAllowed: false });
      const other = uniqueAddress();
      const second = await f.newUser({ email: other }, { sendSetPasswordEmail: true });
      await f.anonymous.changePassword(valueIn(await f.mailTo(other, 'setPassword'), 'changePasswordId'), { password: NEW_PASSWORD });
      assert.equal((await f.server.client.retrieveUser(second.user.id!)).response.user!.verified, false);
    } finally {
      await f.configureEmail({ verifyEmail: false, implicitEmailVerificationAllowed: true });
    }
  });

  it('makes set-password ids with the tenant generator; they expire after setupPasswordIdTimeToLiveInSeconds', async () => {
    await f.server.client.patchTenant(f.tenantId, {
      tenant: { externalIdentifierConfiguration: { setupPasswordIdTimeToLiveInSeconds: 120, setupPasswordIdGenerator: { length: 12, type: 'randomDigits' as never } } },
    });
    try {
      const email = uniqueAddress();
      await f.newUser({ email }, { sendSetPasswordEmail: true });
      const changePasswordId = valueIn(await f.mailTo(email, 'setPassword'), 'changePasswordId');
      assert.match(changePasswordId, /^\d{12}$/);
      f.server.clock.advance(119_000);
      assert.equal((await f.anonymous.checkChangePasswordUsingId(changePasswordId)).statusCode, 200);
      f.server.clock.advance(2_000);
      await expectStatus(f.anonymous.checkChangePasswordUsingId(changePasswordId), 404);
      await expectStatus(f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD }), 404);
    } finally {
      await f.server.client.patchTenant(f.tenantId, {
        tenant: { externalIdentifierConfiguration: { setupPasswordIdTimeToLiveInSeconds: 86_400, setupPasswordIdGenerator: { length: 32, type: 'randomBytes' as never } } },
      });
    }
  });

  it('needs an email address', async () => {
    const errors = await expectStatus(f.server.client.createUser(NO_ID, { sendSetPasswordEmail: true, user: { username: `nobody-${Date.now()}` } }), 400);
    assert.deepEqual(Object.keys(fieldCodes(errors)), ['user.email']);
  });

  it('is ignored when the SMTP configuration is incomplete: a password is required and used', async () => {
    // The Tenants API refuses a blank host; an incomplete configuration is stored directly.
    await configureStoredTenant(f.server, f.tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, host: undefined } }));
    try {
      const missing = await expectStatus(f.server.client.createUser(NO_ID, { sendSetPasswordEmail: true, user: { email: uniqueAddress() } }), 400);
      assert.deepEqual(fieldCodes(missing), { 'user.password': ['[blank]user.password'] });
      const email = uniqueAddress();
      await f.newUser({ email, password: PASSWORD }, { sendSetPasswordEmail: true });
      assert.equal((await f.server.client.login({ loginId: email, password: PASSWORD })).statusCode, 200);
      await f.noMailTo(email);
    } finally {
      await f.configureEmail({ host: f.smtp.host });
    }
  });

  it('uses the application template named by applicationId', async () => {
    const template = await f.createTemplate({ name: `app-set-password-${Date.now()}`, defaultSubject: 'Set your password', defaultTextTemplate: 'changePasswordId=${changePasswordId}\napp=${application.name}', defaultHtmlTemplate: '<p>${changePasswordId}</p>' });
    const application = (await f.server.client.createApplication(NO_ID, {
      application: { name: 'Hooli Chat', emailConfiguration: { setPasswordEmailTemplateId: template.id! } },
    })).response.application!;
    const email = uniqueAddress();
    await f.newUser({ email }, { sendSetPasswordEmail: true, applicationId: application.id! });
    assert.equal(valueIn(await f.mailTo(email, 'setPassword'), 'app'), 'Hooli Chat');
  });
});
