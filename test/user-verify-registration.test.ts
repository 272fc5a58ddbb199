import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Application } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { PASSWORD, startLifecycleFixture, uniqueAddress, valueIn, type LifecycleFixture } from './helpers/lifecycle-fixtures.js';

const NO_ID = undefined as unknown as string;

describe('Verify a User Registration', () => {
  let f: LifecycleFixture;
  let applicationId: string;
  before(async () => {
    f = await startLifecycleFixture();
    applicationId = await createApplication({ name: 'Hooli' });
  });
  after(() => f.stop());

  async function createApplication(application: Application): Promise<string> {
    const response = await f.server.client.createApplication(NO_ID, {
      application: { verifyRegistration: true, verificationEmailTemplateId: f.templates.registrationVerification, ...application },
    });
    assert.equal(response.statusCode, 200, JSON.stringify(response.response));
    return response.response.application!.id!;
  }

  async function register(email: string, application = applicationId, skip = false) {
    const response = await f.server.client.register(NO_ID, { user: { email, password: PASSWORD }, registration: { applicationId: application }, skipRegistrationVerification: skip });
    assert.equal(response.statusCode, 200);
    return response.response;
  }

  const registrationOf = async (userId: string, application = applicationId) => (await f.server.client.retrieveRegistration(userId, application)).response.registration!;

  it('a new registration gets a verification id, emailed; verifying marks it verified, once', async () => {
    const email = uniqueAddress();
    const created = await register(email);
    assert.equal(created.registration!.verified, false);
    const verificationId = created.registrationVerificationId!;
    assert.match(verificationId, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(created.registrationVerificationOneTimeCode, undefined);
    const mail = await f.mailTo(email, 'registrationVerification');
    assert.equal(valueIn(mail, 'verificationId'), verificationId);
    assert.equal(valueIn(mail, 'application'), 'Hooli');
    assert.equal(valueIn(mail, 'registration'), applicationId);

    const gated = await f.server.client.login({ loginId: email, password: PASSWORD, applicationId });
    assert.equal(gated.statusCode, 213);
    assert.equal(gated.response.registrationVerificationId, undefined, 'ClickableLink: no id on the login');
    assert.equal((await f.server.client.retrieveUserByVerificationId(verificationId)).response.user!.id, created.user!.id);

    assert.equal((await f.anonymous.verifyUserRegistration({ verificationId })).statusCode, 200);
    const registration = await registrationOf(created.user!.id!);
    assert.equal(registration.verified, true);
    assert.equal(typeof registration.verifiedInstant, 'number');
    assert.equal((await f.server.client.login({ loginId: email, password: PASSWORD, applicationId })).statusCode, 200);
    await expectStatus(f.anonymous.verifyUserRegistration({ verificationId }), 404);
  });

  it('registering an existing user starts it too; skipRegistrationVerification does not', async () => {
    const email = uniqueAddress();
    const { user } = await f.newUser({ email });
    const registered = await f.server.client.register(user.id!, { registration: { applicationId } });
    const verificationId = registered.response.registrationVerificationId!;
    assert.equal(valueIn(await f.mailTo(email, 'registrationVerification'), 'verificationId'), verificationId);
    assert.equal((await f.anonymous.verifyRegistration(verificationId)).statusCode, 200, 'the deprecated URL form');
    assert.equal((await registrationOf(user.id!)).verified, true);

    const skipped = uniqueAddress();
    const response = await register(skipped, applicationId, true);
    assert.equal(response.registration!.verified, true);
    assert.equal(response.registrationVerificationId, undefined);
    await f.noMailTo(skipped);
  });

  it('answers 400 without an id and 404 for unknown, expired or orphaned ids', async () => {
    const errors = await expectStatus(f.anonymous.verifyUserRegistration({}), 400);
    assert.deepEqual(fieldCodes(errors), { verificationId: ['[blank]verificationId'] });
    await expectStatus(f.anonymous.verifyUserRegistration({ verificationId: 'unknown' }), 404);

    const removed = await register(uniqueAddress());
    await f.server.client.deleteRegistration(removed.user!.id!, applicationId);
    await expectStatus(f.anonymous.verifyUserRegistration({ verificationId: removed.registrationVerificationId! }), 404);

    await f.server.client.patchTenant(f.tenantId, { tenant: { externalIdentifierConfiguration: { registrationVerificationIdTimeToLiveInSeconds: 60 } } });
    try {
      const expiring = await register(uniqueAddress());
      f.server.clock.advance(61_000);
      await expectStatus(f.anonymous.verifyUserRegistration({ verificationId: expiring.registrationVerificationId! }), 404);
      assert.equal((await registrationOf(expiring.user!.id!)).verified, false);
    } finally {
      await f.server.client.patchTenant(f.tenantId, { tenant: { externalIdentifierConfiguration: { registrationVerificationIdTimeToLiveInSeconds: 86_400 } } });
    }
  });

  it("FormField (the application's strategy): id and code as a pair; a 213 login carries an id for the emailed code", async () => {
    const formField = await createApplication({ name: 'Hooli XYZ', verificationStrategy: 'FormField' as never, unverified: { behavior: 'Gated' as never } });
    const email = uniqueAddress();
    const created = await register(email, formField);
    const code = created.registrationVerificationOneTimeCode!;
    assert.match(code, /^[A-Z0-9]{6}$/);
    assert.equal(valueIn(await f.mailTo(email, 'registrationVerification'), 'code'), code);

    const gated = await f.server.client.login({ loginId: email, password: PASSWORD, applicationId: formField });
    assert.equal(gated.statusCode, 213);
    const verificationId = gated.response.registrationVerificationId!;
    assert.notEqual(verificationId, created.registrationVerificationId);
    const blank = await expectStatus(f.anonymous.verifyUserRegistration({ verificationId }), 400);
    assert.deepEqual(fieldCodes(blank), { oneTimeCode: ['[blank]oneTimeCode'] });
    await expectStatus(f.anonymous.verifyUserRegistration({ verificationId, oneTimeCode: code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ' }), 404);
    assert.equal((await f.anonymous.verifyUserRegistration({ verificationId, oneTimeCode: code })).statusCode, 200);
    assert.equal((await registrationOf(created.user!.id!, formField)).verified, true);
  });

  describe('Resend a User Registration Verification Email', () => {
    it('sends a new id; generating one only answers it', async () => {
      const email = uniqueAddress();
      const created = await register(email);
      await f.mailTo(email, 'registrationVerification');
      const resent = await f.server.client.resendRegistrationVerification(email, applicationId);
      assert.equal(resent.statusCode, 200);
      assert.notEqual(resent.response.verificationId, created.registrationVerificationId);
      assert.equal(valueIn(await f.mailTo(email, 'registrationVerification'), 'verificationId'), resent.response.verificationId);

      const generated = await f.server.client.generateRegistrationVerificationId(email, applicationId);
      await f.noMailTo(email);
      assert.equal((await f.anonymous.verifyUserRegistration({ verificationId: generated.response.verificationId! })).statusCode, 200);

      const anonymous = await f.server.fetch(`/api/user/verify-registration?email=${encodeURIComponent(email)}&applicationId=${applicationId}`, { method: 'PUT' });
      assert.equal(anonymous.status, 200);
      assert.equal(await anonymous.text(), '');
      await f.mailTo(email, 'registrationVerification');
    });

    it('answers 400 for missing parameters, 404 when there is no such registration, 403 when the application does not verify', async () => {
      const missing = await expectStatus(f.server.client.resendRegistrationVerification(uniqueAddress(), undefined as unknown as string), 400);
      assert.deepEqual(fieldCodes(missing), { applicationId: ['[blank]applicationId'] });
      await expectStatus(f.server.client.resendRegistrationVerification(uniqueAddress(), applicationId), 404);
      const { user } = await f.newUser();
      await expectStatus(f.server.client.resendRegistrationVerification(user.email!, applicationId), 404);
      const plain = (await f.server.client.createApplication(NO_ID, { application: { name: 'Plain' } })).response.application!.id!;
      await f.server.client.register(user.id!, { registration: { applicationId: plain } });
      await expectStatus(f.server.client.resendRegistrationVerification(user.email!, plain), 403);
    });
  });
});
