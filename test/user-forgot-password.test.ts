import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { addTenant } from './helpers/gatehouse.js';
import { startLifecycleFixture, uniqueAddress, valueIn, type LifecycleFixture } from './helpers/lifecycle-fixtures.js';
import { configureStoredTenant } from './helpers/user-fixtures.js';

const NEW_PASSWORD = 'a brand new password';

describe('Start Forgot Password Workflow', () => {
  let f: LifecycleFixture;
  before(async () => {
    f = await startLifecycleFixture();
    await f.configureEmail({ forgotPasswordEmailTemplateId: f.templates.forgotPassword, passwordResetSuccessEmailTemplateId: f.templates.passwordReset });
  });
  after(() => f.stop());

  it('with an API key answers the id and emails it with the state; the id changes the password and returns the state', async () => {
    const email = uniqueAddress();
    const { user } = await f.newUser({ email });
    const started = await f.server.client.forgotPassword({ loginId: email.toUpperCase(), state: { lastPage: '/foo/baz' } });
    assert.equal(started.statusCode, 200);
    const changePasswordId = started.response.changePasswordId!;
    assert.match(changePasswordId, /^[A-Za-z0-9_-]{43}$/);
    const mail = await f.mailTo(email, 'forgotPassword');
    assert.equal(valueIn(mail, 'changePasswordId'), changePasswordId);
    assert.equal(valueIn(mail, 'lastPage'), '/foo/baz');

    assert.equal((await f.server.client.retrieveUserByChangePasswordId(changePasswordId)).response.user!.id, user.id);
    assert.equal((await f.anonymous.checkChangePasswordUsingId(changePasswordId)).statusCode, 200);
    const changed = await f.anonymous.changePassword(changePasswordId, { password: NEW_PASSWORD });
    assert.deepEqual(changed.response.state, { lastPage: '/foo/baz' });
    assert.equal(valueIn(await f.mailTo(email, 'passwordReset'), 'reset'), email);
    // The one-time password logs the user in and carries the state back.
    const login = await f.server.client.login({ oneTimePassword: changed.response.oneTimePassword! });
    assert.equal(login.statusCode, 200);
    assert.deepEqual(login.response.state, { lastPage: '/foo/baz' });
  });

  it('without an API key emails the id, answers no body, and ignores the API-key-only options', async () => {
    const email = uniqueAddress();
    await f.newUser({ email });
    const response = await f.server.fetch('/api/user/forgot-password', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: email, sendForgotPasswordEmail: false, changePasswordId: 'chosen-by-the-caller' }),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
    const changePasswordId = valueIn(await f.mailTo(email, 'forgotPassword'), 'changePasswordId');
    assert.notEqual(changePasswordId, 'chosen-by-the-caller');
    await expectStatus(f.anonymous.checkChangePasswordUsingId('chosen-by-the-caller'), 404);
  });

  it('an API-key caller may choose the id and skip the email; a username works as the login id', async () => {
    const email = uniqueAddress();
    const username = `gilfoyle-${randomUUID()}`;
    await f.newUser({ email, username });
    const chosen = `my-own-id-${randomUUID()}`;
    const started = await f.server.client.forgotPassword({ loginId: username.toUpperCase(), loginIdTypes: ['username'], changePasswordId: chosen, sendForgotPasswordEmail: false });
    assert.equal(started.response.changePasswordId, chosen);
    await f.noMailTo(email);
    const again = await expectStatus(f.server.client.forgotPassword({ loginId: username, changePasswordId: chosen, sendForgotPasswordEmail: false }), 400);
    assert.deepEqual(fieldCodes(again), { changePasswordId: ['[duplicate]changePasswordId'] });
    await expectStatus(f.server.client.forgotPassword({ loginId: username, loginIdTypes: ['email'], sendForgotPasswordEmail: false }), 404);
    assert.equal((await f.anonymous.changePassword(chosen, { password: NEW_PASSWORD })).statusCode, 200);
    assert.equal((await f.server.client.login({ loginId: username, password: NEW_PASSWORD })).statusCode, 200);
  });

  it('answers 400 without a login id, 404 for an unknown user', async () => {
    const errors = await expectStatus(f.server.client.forgotPassword({}), 400);
    assert.deepEqual(fieldCodes(errors), { loginId: ['[blank]loginId'] });
    await expectStatus(f.server.client.forgotPassword({ loginId: uniqueAddress() }), 404);
  });

  it('answers 403 when no forgot-password template is configured, unless no email is wanted', async () => {
    const email = uniqueAddress();
    await f.newUser({ email });
    await f.configureEmail({ forgotPasswordEmailTemplateId: null as never });
    try {
      await expectStatus(f.server.client.forgotPassword({ loginId: email }), 403);
      const response = await f.server.fetch('/api/user/forgot-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: email }) });
      assert.equal(response.status, 403);
      const started = await f.server.client.forgotPassword({ loginId: email, sendForgotPasswordEmail: false });
      assert.match(started.response.changePasswordId!, /^[A-Za-z0-9_-]{43}$/);
      await f.noMailTo(email);
    } finally {
      await f.configureEmail({ forgotPasswordEmailTemplateId: f.templates.forgotPassword });
    }
  });

  it('answers 422 for a user without an email address; data.email is used when there is one', async () => {
    const lonely = `richard-${randomUUID()}`;
    await f.newUser({ email: undefined as never, username: lonely });
    await expectStatus(f.server.client.forgotPassword({ loginId: lonely }), 422);
    assert.equal((await f.server.client.forgotPassword({ loginId: lonely, sendForgotPasswordEmail: false })).statusCode, 200);

    const shared = uniqueAddress();
    const sharing = `dinesh-${randomUUID()}`;
    await f.newUser({ email: undefined as never, username: sharing, data: { email: shared } });
    const started = await f.server.client.forgotPassword({ loginId: sharing });
    const mail = await f.mailTo(shared, 'forgotPassword');
    assert.equal(valueIn(mail, 'changePasswordId'), started.response.changePasswordId);
    assert.equal(valueIn(mail, 'to'), shared);
  });

  it('starts the workflow without an email while the SMTP configuration is incomplete', async () => {
    const email = uniqueAddress();
    await f.newUser({ email });
    await configureStoredTenant(f.server, f.tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, host: undefined } }));
    try {
      const started = await f.server.client.forgotPassword({ loginId: email });
      assert.equal((await f.anonymous.checkChangePasswordUsingId(started.response.changePasswordId!)).statusCode, 200);
      await f.noMailTo(email);
    } finally {
      await f.configureEmail({ host: f.smtp.host });
    }
  });

  it('ids expire after changePasswordIdTimeToLiveInSeconds (10 minutes by default) and follow the generator', async () => {
    const email = uniqueAddress();
    await f.newUser({ email });
    const first = (await f.server.client.forgotPassword({ loginId: email, sendForgotPasswordEmail: false })).response.changePasswordId!;
    f.server.clock.advance(599_000);
    assert.equal((await f.anonymous.checkChangePasswordUsingId(first)).statusCode, 200);
    f.server.clock.advance(2_000);
    await expectStatus(f.anonymous.checkChangePasswordUsingId(first), 404);
    await expectStatus(f.anonymous.changePassword(first, { password: NEW_PASSWORD }), 404);

    await f.server.client.patchTenant(f.tenantId, { tenant: { externalIdentifierConfiguration: { changePasswordIdGenerator: { length: 12, type: 'randomAlphaNumeric' as never } } } });
    try {
      const generated = (await f.server.client.forgotPassword({ loginId: email, sendForgotPasswordEmail: false })).response.changePasswordId!;
      assert.match(generated, /^[A-Za-z0-9]{12}$/);
    } finally {
      await f.server.client.patchTenant(f.tenantId, { tenant: { externalIdentifierConfiguration: { changePasswordIdGenerator: { length: 32, type: 'randomBytes' as never } } } });
    }
  });

  it('needs the tenant when several exist; an id is only seen in its own tenant', async () => {
    const email = uniqueAddress();
    await f.newUser({ email });
    const other = await addTenant(f.server, randomUUID());
    const generalCodes = (await expectStatus(f.server.client.forgotPassword({ loginId: email }), 400)).generalErrors?.map((e) => e.code);
    assert.deepEqual(generalCodes, ['[TenantIdRequired]']);
    const inTenant = f.server.clientWith('gatehouse-test-admin-key-0123456789abcdef', f.tenantId);
    const changePasswordId = (await inTenant.forgotPassword({ loginId: email, sendForgotPasswordEmail: false })).response.changePasswordId!;
    await expectStatus(f.server.clientWith(null, other).checkChangePasswordUsingId(changePasswordId), 404);
    await expectStatus(f.server.clientWith('gatehouse-test-admin-key-0123456789abcdef', other).retrieveUserByChangePasswordId(changePasswordId), 404);
    assert.equal((await f.server.clientWith(null, f.tenantId).checkChangePasswordUsingId(changePasswordId)).statusCode, 200);
    await f.server.client.deleteTenant(other);
  });
});
