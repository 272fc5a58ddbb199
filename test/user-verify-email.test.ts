import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmailConfiguration } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startLifecycleFixture, uniqueAddress, valueIn, type LifecycleFixture } from './helpers/lifecycle-fixtures.js';

const NO_ID = undefined as unknown as string;
const FORM_FIELD: EmailConfiguration = { verificationStrategy: 'FormField' as never, unverified: { behavior: 'Gated' as never } };
const CLICKABLE_LINK: EmailConfiguration = { verificationStrategy: 'ClickableLink' as never, unverified: { behavior: 'Allow' as never } };

describe("Verify a User's Email", () => {
  let f: LifecycleFixture;
  before(async () => {
    f = await startLifecycleFixture();
    await f.configureEmail({ verifyEmail: true, verificationEmailTemplateId: f.templates.verification });
  });
  after(() => f.stop());

  const retrieve = async (id: string) => (await f.server.client.retrieveUser(id)).response.user!;

  /** Runs `test` with the FormField strategy, then restores ClickableLink. */
  async function withFormField(test: () => Promise<void>): Promise<void> {
    await f.configureEmail(FORM_FIELD);
    try {
      await test();
    } finally {
      await f.configureEmail(CLICKABLE_LINK);
    }
  }

  it('create starts a verification: response and email carry the id; verifying marks the user verified, once', async () => {
    const email = uniqueAddress();
    const created = await f.newUser({ email });
    assert.equal(created.user.verified, false);
    const verificationId = created.emailVerificationId!;
    assert.match(verificationId, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(created.emailVerificationOneTimeCode, undefined);
    const mail = await f.mailTo(email, 'verification');
    assert.equal(valueIn(mail, 'verificationId'), verificationId);
    assert.equal(valueIn(mail, 'code'), 'none');

    assert.equal((await f.server.client.retrieveUserByVerificationId(verificationId)).response.user!.id, created.user.id);
    assert.equal((await f.anonymous.verifyEmailAddress({ verificationId })).statusCode, 200);
    const user = await retrieve(created.user.id!);
    assert.equal(user.verified, true);
    assert.equal(typeof user.verifiedInstant, 'number');

    await expectStatus(f.anonymous.verifyEmailAddress({ verificationId }), 404);
    await expectStatus(f.server.client.retrieveUserByVerificationId(verificationId), 404);
  });

  it('skipVerification starts nothing and sends nothing', async () => {
    const email = uniqueAddress();
    const created = await f.newUser({ email }, { skipVerification: true });
    assert.equal(created.user.verified, true);
    assert.equal(created.emailVerificationId, undefined);
    await f.noMailTo(email);
  });

  it('takes the id on the URL (deprecated form), the body winning over the URL', async () => {
    const first = await f.newUser();
    assert.equal((await f.anonymous.verifyEmail(first.emailVerificationId!)).statusCode, 200);
    assert.equal((await retrieve(first.user.id!)).verified, true);

    const second = await f.newUser();
    const response = await f.server.fetch(`/api/user/verify-email/not-the-id`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verificationId: second.emailVerificationId }),
    });
    assert.equal(response.status, 200);
    assert.equal((await retrieve(second.user.id!)).verified, true);
  });

  it('answers 400 without an id, and 404 for an unknown or expired one', async () => {
    const errors = await expectStatus(f.anonymous.verifyEmailAddress({}), 400);
    assert.deepEqual(fieldCodes(errors), { verificationId: ['[blank]verificationId'] });
    await expectStatus(f.anonymous.verifyEmailAddress({ verificationId: 'no-such-id' }), 404);

    await f.server.client.patchTenant(f.tenantId, { tenant: { externalIdentifierConfiguration: { emailVerificationIdTimeToLiveInSeconds: 60 } } });
    try {
      const created = await f.newUser();
      f.server.clock.advance(61_000);
      await expectStatus(f.anonymous.verifyEmailAddress({ verificationId: created.emailVerificationId! }), 404);
      assert.equal((await retrieve(created.user.id!)).verified, false);
    } finally {
      await f.server.client.patchTenant(f.tenantId, { tenant: { externalIdentifierConfiguration: { emailVerificationIdTimeToLiveInSeconds: 86_400 } } });
    }
  });

  it('FormField: the id works only with its one-time code', async () => {
    await withFormField(async () => {
      const email = uniqueAddress();
      const created = await f.newUser({ email });
      const code = created.emailVerificationOneTimeCode!;
      assert.match(code, /^[A-Z0-9]{6}$/);
      const mail = await f.mailTo(email, 'verification');
      assert.equal(valueIn(mail, 'code'), code);
      const verificationId = valueIn(mail, 'verificationId');
      assert.equal(verificationId, created.emailVerificationId);

      const blank = await expectStatus(f.anonymous.verifyEmailAddress({ verificationId }), 400);
      assert.deepEqual(fieldCodes(blank), { oneTimeCode: ['[blank]oneTimeCode'] });
      const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
      await expectStatus(f.anonymous.verifyEmailAddress({ verificationId, oneTimeCode: wrong }), 404);
      assert.equal((await retrieve(created.user.id!)).verified, false, 'a wrong code does not verify');
      // Codes are typed by people: case does not matter.
      assert.equal((await f.anonymous.verifyEmailAddress({ verificationId, oneTimeCode: code.toLowerCase() })).statusCode, 200);
      assert.equal((await retrieve(created.user.id!)).verified, true);
      await expectStatus(f.anonymous.verifyEmailAddress({ verificationId, oneTimeCode: code }), 404);
    });
  });

  it('with an API key, marks a user verified by userId (and sends the email-verified email)', async () => {
    await f.configureEmail({ emailVerifiedEmailTemplateId: f.templates.verified });
    try {
      const email = uniqueAddress();
      const created = await f.newUser({ email });
      await expectStatus(f.anonymous.verifyEmailAddress({ userId: created.user.id! }), 401);
      assert.equal((await f.server.client.verifyEmailAddressByUserId({ userId: created.user.id! })).statusCode, 200);
      assert.equal((await retrieve(created.user.id!)).verified, true);
      assert.equal(valueIn(await f.mailTo(email, 'verified'), 'verified'), email);
      // Its pending verification ids are spent with it.
      await expectStatus(f.anonymous.verifyEmailAddress({ verificationId: created.emailVerificationId! }), 404);
      await expectStatus(f.server.client.verifyEmailAddressByUserId({ userId: '00000000-0000-4000-8000-000000000000' }), 404);
    } finally {
      await f.configureEmail({ emailVerifiedEmailTemplateId: null as never });
    }
  });

  describe('Resend Verification Email', () => {
    it('sends a new id; with sendVerifyEmail=false only answers it', async () => {
      const email = uniqueAddress();
      const created = await f.newUser({ email });
      await f.mailTo(email, 'verification');

      const resent = await f.server.client.resendEmailVerification(email);
      assert.equal(resent.statusCode, 200);
      const verificationId = resent.response.verificationId!;
      assert.notEqual(verificationId, created.emailVerificationId);
      assert.equal(valueIn(await f.mailTo(email, 'verification'), 'verificationId'), verificationId);

      const generated = await f.server.client.generateEmailVerificationId(email);
      assert.match(generated.response.verificationId!, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(generated.response.oneTimeCode, undefined);
      await f.noMailTo(email);
      assert.equal((await f.anonymous.verifyEmailAddress({ verificationId: generated.response.verificationId! })).statusCode, 200);
    });

    it('FormField: answers the one-time code too', async () => {
      await withFormField(async () => {
        const email = uniqueAddress();
        await f.newUser({ email }, { skipVerification: true });
        const raw = await f.server.fetch(`/api/user/verify-email?email=${encodeURIComponent(email)}&sendVerifyEmail=false`, { method: 'PUT', headers: { authorization: 'gatehouse-test-admin-key-0123456789abcdef' } });
        const body = await raw.json() as Record<string, string>;
        assert.match(body.oneTimeCode!, /^[A-Z0-9]{6}$/);
        assert.equal(body.verificationOneTimeCode, body.oneTimeCode, 'the seed example names it verificationOneTimeCode');
        assert.equal((await f.anonymous.verifyEmailAddress({ verificationId: body.verificationId!, oneTimeCode: body.oneTimeCode! })).statusCode, 200);
      });
    });

    it('uses the application named, and without an API key sends but answers no body', async () => {
      const application = (await f.server.client.createApplication(NO_ID, { application: { name: 'Nucleus' } })).response.application!;
      const email = uniqueAddress();
      await f.newUser({ email }, { skipVerification: true });
      await f.server.client.resendEmailVerificationWithApplicationTemplate(application.id!, email);
      assert.equal(valueIn(await f.mailTo(email, 'verification'), 'application'), 'Nucleus');

      const anonymous = await f.server.fetch(`/api/user/verify-email?email=${encodeURIComponent(email)}&sendVerifyEmail=false`, { method: 'PUT' });
      assert.equal(anonymous.status, 200);
      assert.equal(await anonymous.text(), '');
      assert.match(valueIn(await f.mailTo(email, 'verification'), 'verificationId'), /^[A-Za-z0-9_-]{43}$/, 'sent even when asked not to');
    });

    it('answers 400 without an email, 404 for an unknown one, 403 when the tenant does not verify emails', async () => {
      const errors = await expectStatus(f.server.client.resendEmailVerification(undefined as unknown as string), 400);
      assert.deepEqual(fieldCodes(errors), { email: ['[blank]email'] });
      await expectStatus(f.server.client.resendEmailVerification(uniqueAddress()), 404);
      const email = uniqueAddress();
      await f.newUser({ email }, { skipVerification: true });
      await f.configureEmail({ verifyEmail: false });
      try {
        await expectStatus(f.server.client.resendEmailVerification(email), 403);
      } finally {
        await f.configureEmail({ verifyEmail: true });
      }
    });
  });

  it('changing the email under verifyEmailWhenChanged starts a verification of the new address', async () => {
    await f.configureEmail({ verifyEmailWhenChanged: true });
    try {
      const created = await f.newUser({}, { skipVerification: true });
      const pending = await f.server.client.generateEmailVerificationId(created.user.email!);
      const email = uniqueAddress();
      const updated = await f.server.client.patchUser(created.user.id!, { user: { email } });
      assert.equal(updated.response.user!.verified, false);
      const verificationId = (updated.response as { emailVerificationId?: string }).emailVerificationId!;
      assert.equal(valueIn(await f.mailTo(email, 'verification'), 'verificationId'), verificationId);
      await expectStatus(f.anonymous.verifyEmailAddress({ verificationId: pending.response.verificationId! }), 404);
      assert.equal((await f.anonymous.verifyEmailAddress({ verificationId })).statusCode, 200);
      const user = await retrieve(created.user.id!);
      assert.equal(user.verified, true);

      const unchanged = await f.server.client.updateUser(created.user.id!, { user: { ...user, firstName: 'Laurie' } });
      assert.equal((unchanged.response as { emailVerificationId?: string }).emailVerificationId, undefined);
      await f.noMailTo(email);
    } finally {
      await f.configureEmail({ verifyEmailWhenChanged: false });
    }
  });

  it('a FormField 212 login carries an id paired with the code the user was emailed', async () => {
    await withFormField(async () => {
      const email = uniqueAddress();
      const created = await f.newUser({ email });
      const code = valueIn(await f.mailTo(email, 'verification'), 'code');
      const login = await f.server.client.login({ loginId: email, password: 'password-1234' });
      assert.equal(login.statusCode, 212);
      const loginId = login.response.emailVerificationId!;
      assert.match(loginId, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(loginId, created.emailVerificationId);
      await f.noMailTo(email);
      assert.equal((await f.anonymous.verifyEmailAddress({ verificationId: loginId, oneTimeCode: code })).statusCode, 200);
      assert.equal((await f.server.client.login({ loginId: email, password: 'password-1234' })).statusCode, 200);

      // Nothing pending any more (expired): the login starts a new verification and emails its code.
      const later = uniqueAddress();
      await f.newUser({ email: later });
      await f.mailTo(later, 'verification');
      f.server.clock.advance(86_401_000);
      const gated = await f.server.client.login({ loginId: later, password: 'password-1234' });
      assert.equal(gated.statusCode, 212);
      const fresh = valueIn(await f.mailTo(later, 'verification'), 'code');
      assert.equal((await f.anonymous.verifyEmailAddress({ verificationId: gated.response.emailVerificationId!, oneTimeCode: fresh })).statusCode, 200);
    });
    // ClickableLink: the 212 carries no id.
    const created = await f.newUser();
    const login = await f.server.client.login({ loginId: created.user.email!, password: 'password-1234' });
    assert.equal(login.statusCode, 212);
    assert.equal(login.response.emailVerificationId, undefined);
  });
});
