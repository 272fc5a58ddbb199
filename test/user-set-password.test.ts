import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Application, RegistrationResponse } from '@fusionauth/typescript-client';
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

/**
 * The same flag on the combined `POST /api/user/registration` (user and registration in one request),
 * with the tenant verifying emails. Seed 001: with verification on and not skipped "only the setup
 * password email will be sent"; a registration the application verifies still gets its own email.
 */
describe('Combined registration: sendSetPasswordEmail with email verification', () => {
  let f: LifecycleFixture;
  before(async () => {
    f = await startLifecycleFixture();
    await f.configureEmail({ setPasswordEmailTemplateId: f.templates.setPassword, verifyEmail: true, verificationEmailTemplateId: f.templates.verification });
  });
  after(() => f.stop());

  async function registerWithSetPassword(email: string, application: Application): Promise<RegistrationResponse & { userId: string }> {
    const applicationId = (await f.server.client.createApplication(NO_ID, { application })).response.application!.id!;
    const response = await f.server.client.register(NO_ID, { user: { email }, registration: { applicationId }, sendSetPasswordEmail: true });
    assert.equal(response.statusCode, 200, JSON.stringify(response.response));
    assert.equal(response.response.registration!.applicationId, applicationId);
    return { ...response.response, userId: response.response.user!.id! };
  }

  it('sends the set-password email alone; setting the password verifies the address', async () => {
    const email = uniqueAddress();
    const created = await registerWithSetPassword(email, { name: 'Hooli Mail' });
    assert.equal(created.user!.verified, false);
    const changePasswordId = valueIn(await f.mailTo(email, 'setPassword'), 'changePasswordId');
    await f.noMailTo(email);

    assert.equal((await f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD })).statusCode, 200);
    assert.equal((await f.server.client.retrieveUser(created.userId)).response.user!.verified, true);
    assert.equal((await f.server.client.login({ loginId: email, password: NEW_PASSWORD })).statusCode, 200);
  });

  it('without sendSetPasswordEmail the verification email goes out instead', async () => {
    const email = uniqueAddress();
    const applicationId = (await f.server.client.createApplication(NO_ID, { application: { name: 'Hooli Search' } })).response.application!.id!;
    const response = await f.server.client.register(NO_ID, { user: { email, password: PASSWORD }, registration: { applicationId } });
    assert.equal(response.statusCode, 200);
    // The Registration API's response has no emailVerificationId (client RegistrationResponse): the email carries it.
    const verificationId = valueIn(await f.mailTo(email, 'verification'), 'verificationId');
    await f.noMailTo(email);
    assert.equal((await f.anonymous.verifyEmailAddress({ verificationId })).statusCode, 200);
    assert.equal((await f.server.client.retrieveUser(response.response.user!.id!)).response.user!.verified, true);
  });

  it('with an application that verifies registrations, both the set-password and the registration-verification emails arrive', async () => {
    const email = uniqueAddress();
    const created = await registerWithSetPassword(email, { name: 'Hooli Phone', verifyRegistration: true, verificationEmailTemplateId: f.templates.registrationVerification });
    const setPassword = await f.mailTo(email, 'setPassword');
    const registration = await f.mailTo(email, 'registrationVerification');
    assert.match(valueIn(setPassword, 'changePasswordId'), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(valueIn(registration, 'verificationId'), created.registrationVerificationId);
    assert.equal(valueIn(registration, 'application'), 'Hooli Phone');
    await f.noMailTo(email);
  });
});
