/**
 * The tenant's `rateLimitConfiguration` (Advanced Threat Detection "per user rate limits"): two-factor
 * codes (both send forms), forgot password, resent verification emails and failed logins, counted per
 * user over `timePeriodInSeconds` on the server's clock. A refused send answers 429 with no body; a
 * rate-limited login fails like a wrong password (404), even with the right one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RateLimitedRequestConfiguration } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { PASSWORD, startLifecycleFixture, uniqueAddress, type LifecycleFixture } from './helpers/lifecycle-fixtures.js';

const NO_ID = undefined as unknown as string;
const TWO_PER_MINUTE: RateLimitedRequestConfiguration = { enabled: true, limit: 2, timePeriodInSeconds: 60 };

describe('tenant rate limits', () => {
  let f: LifecycleFixture;
  before(async () => {
    f = await startLifecycleFixture();
    const mfaTemplate = await f.createTemplate({ name: 'MFA code', defaultSubject: 'Your code', defaultTextTemplate: 'code=${code}', defaultHtmlTemplate: '<p>${code}</p>' });
    const patched = await f.server.client.patchTenant(f.tenantId, {
      tenant: {
        emailConfiguration: { forgotPasswordEmailTemplateId: f.templates.forgotPassword, verificationEmailTemplateId: f.templates.verification },
        multiFactorConfiguration: { email: { enabled: true, templateId: mfaTemplate.id! } },
        rateLimitConfiguration: {
          failedLogin: { enabled: true, limit: 3, timePeriodInSeconds: 60 },
          forgotPassword: TWO_PER_MINUTE,
          sendEmailVerification: TWO_PER_MINUTE,
          sendRegistrationVerification: TWO_PER_MINUTE,
          sendTwoFactor: TWO_PER_MINUTE,
        },
      },
    });
    assert.equal(patched.statusCode, 200, JSON.stringify(patched.response));
  });
  after(() => f.stop());

  /** The codes of the MFA emails sent to `address`, once there are `count` of them. */
  async function codesSentTo(address: string, count: number): Promise<string[]> {
    await f.server.running.server.email.sender.idle();
    const sent = f.smtp.received.filter((r) => r.recipients.includes(address) && r.mail.subject === 'Your code');
    assert.equal(sent.length, count);
    return sent.map((r) => /code=(\d+)/.exec(r.mail.text ?? '')![1]!);
  }

  it('keeps the limits FusionAuth defaults to and refuses an enabled limit that is not a positive integer', async () => {
    const retrieved = (await f.server.client.retrieveTenant(f.tenantId)).response.tenant!;
    assert.deepEqual(retrieved.rateLimitConfiguration?.sendPasswordless, { enabled: false, limit: 5, timePeriodInSeconds: 60 });
    assert.deepEqual(retrieved.rateLimitConfiguration?.sendTwoFactor, TWO_PER_MINUTE);
    const errors = await expectStatus(f.server.client.patchTenant(f.tenantId, {
      tenant: { rateLimitConfiguration: { sendTwoFactor: { enabled: true, limit: -1, timePeriodInSeconds: 0 } } },
    }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'tenant.rateLimitConfiguration.sendTwoFactor.limit': ['[invalid]tenant.rateLimitConfiguration.sendTwoFactor.limit'],
      'tenant.rateLimitConfiguration.sendTwoFactor.timePeriodInSeconds': ['[invalid]tenant.rateLimitConfiguration.sendTwoFactor.timePeriodInSeconds'],
    });
    const fractional = await f.server.fetch(`/api/tenant/${f.tenantId}`, {
      method: 'PATCH', headers: { authorization: f.server.client.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: { rateLimitConfiguration: { sendTwoFactor: { enabled: true, limit: 1.5, timePeriodInSeconds: 60 } } } }),
    });
    assert.equal(fractional.status, 400);
    // Nothing changed.
    assert.deepEqual((await f.server.client.retrieveTenant(f.tenantId)).response.tenant!.rateLimitConfiguration?.sendTwoFactor, TWO_PER_MINUTE);
  });

  it('limits two-factor codes per user across both send forms, until the period has passed', async () => {
    const address = uniqueAddress();
    const userId = (await f.newUser({ email: address })).user.id!;
    const other = (await f.newUser()).user;
    assert.equal((await f.server.client.sendTwoFactorCodeForEnableDisable({ userId, email: address })).statusCode, 200);
    assert.equal((await f.server.client.sendTwoFactorCodeForEnableDisable({ userId, email: address })).statusCode, 200);
    const refused = await f.server.fetch('/api/two-factor/send', {
      method: 'POST', headers: { authorization: f.server.client.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ userId, email: address }),
    });
    assert.equal(refused.status, 429);
    assert.equal(await refused.text(), '');
    // Another user is not affected.
    assert.equal((await f.server.client.sendTwoFactorCodeForEnableDisable({ userId: other.id!, email: other.email! })).statusCode, 200);

    f.server.clock.advance(61_000);
    assert.equal((await f.server.client.sendTwoFactorCodeForEnableDisable({ userId, email: address })).statusCode, 200);
    assert.equal((await codesSentTo(address, 3)).length, 3, 'the refused send sent nothing');

    // Enable the email method with a code sent once the period has passed again; the login form counts too.
    f.server.clock.advance(61_000);
    assert.equal((await f.server.client.sendTwoFactorCodeForEnableDisable({ userId, email: address })).statusCode, 200);
    const code = (await codesSentTo(address, 4)).at(-1)!;
    assert.equal((await f.server.client.enableTwoFactor(userId, { method: 'email', email: address, code })).statusCode, 200);
    const methodId = (await f.server.client.retrieveUser(userId)).response.user!.twoFactor!.methods![0]!.id!;
    const twoFactorId = (await f.server.client.login({ loginId: address, password: PASSWORD })).response.twoFactorId!;
    assert.equal((await f.anonymous.sendTwoFactorCodeForLoginUsingMethod(twoFactorId, { methodId })).statusCode, 200);
    await expectStatus(f.anonymous.sendTwoFactorCodeForLoginUsingMethod(twoFactorId, { methodId }), 429);
    await expectStatus(f.server.client.sendTwoFactorCodeForEnableDisable({ userId, methodId }), 429);
  });

  it('limits forgot password requests per user, and per login id for an unknown one', async () => {
    const address = uniqueAddress();
    await f.newUser({ email: address });
    for (let i = 0; i < 2; i += 1) assert.equal((await f.server.client.forgotPassword({ loginId: address })).statusCode, 200);
    await expectStatus(f.server.client.forgotPassword({ loginId: address }), 429);
    await expectStatus(f.anonymous.forgotPassword({ loginId: address }), 429);
    f.server.clock.advance(61_000);
    assert.equal((await f.server.client.forgotPassword({ loginId: address })).statusCode, 200);

    const unknown = uniqueAddress();
    await expectStatus(f.server.client.forgotPassword({ loginId: unknown }), 404);
    await expectStatus(f.server.client.forgotPassword({ loginId: unknown }), 404);
    await expectStatus(f.server.client.forgotPassword({ loginId: unknown }), 429);
  });

  it('limits resending the email verification and the registration verification', async () => {
    await f.configureEmail({ verifyEmail: true });
    try {
      const address = uniqueAddress();
      await f.newUser({ email: address });
      for (let i = 0; i < 2; i += 1) assert.equal((await f.server.client.resendEmailVerification(address)).statusCode, 200);
      await expectStatus(f.server.client.resendEmailVerification(address), 429);
      f.server.clock.advance(61_000);
      assert.equal((await f.server.client.resendEmailVerification(address)).statusCode, 200);
    } finally {
      await f.configureEmail({ verifyEmail: false });
    }

    const application = await f.server.client.createApplication(NO_ID, {
      application: { name: 'Hooli', verifyRegistration: true, verificationEmailTemplateId: f.templates.registrationVerification },
    });
    const applicationId = application.response.application!.id!;
    const address = uniqueAddress();
    assert.equal((await f.server.client.register(NO_ID, { user: { email: address, password: PASSWORD }, registration: { applicationId } })).statusCode, 200);
    for (let i = 0; i < 2; i += 1) assert.equal((await f.server.client.resendRegistrationVerification(address, applicationId)).statusCode, 200);
    await expectStatus(f.server.client.resendRegistrationVerification(address, applicationId), 429);
    f.server.clock.advance(61_000);
    assert.equal((await f.server.client.resendRegistrationVerification(address, applicationId)).statusCode, 200);
  });

  it('locks a login id for the period after the limit of failed logins, without being extended by attempts meanwhile', async () => {
    const address = uniqueAddress();
    await f.newUser({ email: address });
    const other = uniqueAddress();
    await f.newUser({ email: other });
    for (let i = 0; i < 3; i += 1) {
      await expectStatus(f.server.client.login({ loginId: address, password: 'wrong-password' }), 404);
      f.server.clock.advance(10_000);
    }
    // Locked: the right password fails like a wrong one.
    await expectStatus(f.server.client.login({ loginId: address, password: PASSWORD }), 404);
    assert.equal((await f.server.client.login({ loginId: other, password: PASSWORD })).statusCode, 200);
    // The period runs from the failure that reached the limit (20 s ago), not from the first failure.
    f.server.clock.advance(35_000);
    await expectStatus(f.server.client.login({ loginId: address, password: PASSWORD }), 404);
    await expectStatus(f.server.client.login({ loginId: address, password: 'wrong-password' }), 404);
    f.server.clock.advance(20_000);
    assert.equal((await f.server.client.login({ loginId: address, password: PASSWORD })).statusCode, 200);
    // A fresh count: two more failures do not lock.
    for (let i = 0; i < 2; i += 1) await expectStatus(f.server.client.login({ loginId: address, password: 'wrong-password' }), 404);
    assert.equal((await f.server.client.login({ loginId: address, password: PASSWORD })).statusCode, 200);
  });

  it('leaves failed logins to the failed-authentication User Action when the tenant has one', async () => {
    const lock = (await f.server.client.createUserAction(NO_ID, { userAction: { name: 'Failed login lock', temporal: true, preventLogin: true } })).response.userAction!;
    const patched = await f.server.client.patchTenant(f.tenantId, {
      tenant: { failedAuthenticationConfiguration: { tooManyAttempts: 5, resetCountInSeconds: 60, actionDuration: 3, actionDurationUnit: 'MINUTES' as never, userActionId: lock.id! } },
    });
    assert.equal(patched.statusCode, 200, JSON.stringify(patched.response));
    const address = uniqueAddress();
    await f.newUser({ email: address });
    // Three failures reach the rate limit's 3, but the action (5 failures) takes precedence.
    for (let i = 0; i < 3; i += 1) await expectStatus(f.server.client.login({ loginId: address, password: 'wrong-password' }), 404);
    assert.equal((await f.server.client.login({ loginId: address, password: PASSWORD })).statusCode, 200);
  });
});
