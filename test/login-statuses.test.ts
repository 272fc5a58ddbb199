/** POST /api/login — every other status of seed 002's response table, each from the condition that causes it. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';
import { generateSecret } from '../src/flows/secrets.js';

describe('login statuses', () => {
  let f: LoginFixtures;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  it('202: authenticated but not registered to the application — a token, no refresh token', async () => {
    const user = await f.newUser();
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(response.statusCode, 202);
    assert.equal(response.response.user?.id, user.id);
    assert.ok(response.response.token);
    assert.equal(response.response.refreshToken, undefined);
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id } })).response.logins!;
    assert.equal(records[0]?.applicationId, applicationId);
  });

  it('203: passwordChangeRequired — a one-time changePasswordId and the reason, no user or token', async () => {
    const user = await f.newUser({ applicationId, user: { passwordChangeRequired: true } });
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(response.statusCode, 203);
    assert.equal(response.response.changePasswordReason, 'Administrative');
    assert.equal(response.response.user, undefined);
    assert.equal(response.response.token, undefined);
    const id = response.response.changePasswordId!;
    assert.match(id, /^[A-Za-z0-9_-]{43}$/);
    const flow = await f.flows.find(id, 'changePassword', f.server.clock.now());
    assert.equal(flow?.userId, user.id);
    assert.equal(flow?.state.changePasswordReason, 'Administrative');
    assert.ok(await f.flows.consume(id, 'changePassword', f.server.clock.now()));
    assert.equal(await f.flows.consume(id, 'changePassword', f.server.clock.now()), undefined);
  });

  it('203 Expired: the password is older than the tenant maximumPasswordAge', async () => {
    const user = await f.newUser({ applicationId });
    await f.configureTenant({ maximumPasswordAge: { enabled: true, days: 1 } });
    try {
      assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
      f.server.clock.advance(2 * 86_400_000);
      const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
      assert.equal(response.statusCode, 203);
      assert.equal(response.response.changePasswordReason, 'Expired');
      const stored = (await f.client.retrieveUser(user.id)).response.user!;
      assert.equal(stored.passwordChangeRequired, true);
      assert.equal(stored.passwordChangeReason, 'Expired');
    } finally {
      await f.configureTenant({ maximumPasswordAge: { enabled: false } });
    }
  });

  it('203 Validation: the password breaks the tenant rules and validateOnLogin is on', async () => {
    const user = await f.newUser({ applicationId });
    await f.configureTenant({ passwordValidationRules: { minLength: 20, validateOnLogin: true } });
    try {
      const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
      assert.equal(response.statusCode, 203);
      assert.equal(response.response.changePasswordReason, 'Validation');
    } finally {
      await f.configureTenant({ passwordValidationRules: { minLength: 8, validateOnLogin: false } });
    }
  });

  it('212: the email is not verified and the tenant requires verification', async () => {
    await f.changeStoredTenant((t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: true } }));
    try {
      const user = await f.newUser({ applicationId });
      assert.equal((await f.client.retrieveUser(user.id)).response.user?.verified, false);
      const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
      assert.equal(response.statusCode, 212);
      assert.equal(response.response.user?.id, user.id);
      assert.ok(response.response.token);
    } finally {
      await f.changeStoredTenant((t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: false } }));
    }
  });

  it('213: the registration is not verified and the application requires verification', async () => {
    const verifying = await f.createApplication({ verifyRegistration: true, verificationEmailTemplateId: randomUUID() });
    const user = await f.newUser({ applicationId: verifying, skipRegistrationVerification: false });
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: verifying });
    assert.equal(response.statusCode, 213);
    assert.equal(response.response.user?.registrations?.[0]?.verified, false);
    assert.ok(response.response.token);
  });

  it('242: the user has two-factor methods — a twoFactorId and the methods without secrets', async () => {
    const user = await f.newUser({ applicationId, user: { twoFactor: { methods: [{ method: 'email', email: 'second@example.com' }, { method: 'authenticator', secret: Buffer.from('12345678901234567890').toString('base64') }] } } });
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(response.statusCode, 242);
    const { methods, twoFactorId } = response.response;
    assert.ok(twoFactorId);
    assert.equal(response.response.user, undefined);
    assert.equal(response.response.token, undefined);
    assert.deepEqual(methods?.map((m) => m.method), ['email', 'authenticator']);
    assert.equal(methods?.[0]?.email, 'second@example.com');
    assert.deepEqual(methods?.[1]?.authenticator, { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 });
    assert.ok(methods?.every((m) => m.secret === undefined && m.id !== undefined));
    const flow = await f.flows.find(twoFactorId, 'twoFactor', f.server.clock.now());
    assert.equal(flow?.userId, user.id);
    assert.equal(flow?.state.applicationId, applicationId);
    // No login happened yet.
    assert.equal((await f.client.retrieveUser(user.id)).response.user?.lastLoginInstant, undefined);
  });

  it('a Multi-Factor Trust id (body or fusionauth.trust cookie) skips the 242', async () => {
    const user = await f.newUser({ applicationId, user: { twoFactor: { methods: [{ method: 'email', email: 'trusted@example.com' }] } } });
    const trustId = generateSecret();
    const now = f.server.clock.now();
    await f.flows.create(trustId, { tenantId: f.tenantId, userId: user.id, kind: 'twoFactorTrust', state: {}, expiresInstant: now + 60_000 }, now);
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId, twoFactorTrustId: trustId })).statusCode, 200);
    const viaCookie = await f.rawLogin({ loginId: user.email, password: PASSWORD, applicationId }, { cookie: `fusionauth.trust=${trustId}` });
    assert.equal(viaCookie.response.status, 200);
    // The cookie takes precedence over the body.
    const wrongCookie = await f.rawLogin({ loginId: user.email, password: PASSWORD, applicationId, twoFactorTrustId: trustId }, { cookie: 'fusionauth.trust=nope' });
    assert.equal(wrongCookie.response.status, 242);
    // Another user's trust does not count.
    const other = await f.newUser({ applicationId, user: { twoFactor: { methods: [{ method: 'email', email: 'o@example.com' }] } } });
    assert.equal((await f.rawLogin({ loginId: other.email, password: PASSWORD, applicationId, twoFactorTrustId: trustId })).response.status, 242);
  });

  it('400: blank loginId and password', async () => {
    const errors = await expectStatus(f.client.login({ applicationId }), 400);
    assert.deepEqual(fieldCodes(errors), { loginId: ['[blank]loginId'], password: ['[blank]password'] });
    const blank = await expectStatus(f.client.login({ loginId: '  ', password: '', applicationId }), 400);
    assert.deepEqual(fieldCodes(blank), { loginId: ['[blank]loginId'], password: ['[blank]password'] });
  });

  it('400: an applicationId that names no application, or is not a UUID', async () => {
    const user = await f.newUser();
    const unknown = await expectStatus(f.client.login({ loginId: user.email, password: PASSWORD, applicationId: randomUUID() }), 400);
    assert.deepEqual(fieldCodes(unknown), { applicationId: ['[invalid]applicationId'] });
    const malformed = await expectStatus(f.client.login({ loginId: user.email, password: PASSWORD, applicationId: 'not-a-uuid' }), 400);
    assert.deepEqual(fieldCodes(malformed), { applicationId: ['[couldNotConvert]applicationId'] });
  });

  it('400: malformed JSON and an unknown loginIdTypes value', async () => {
    const response = await f.server.fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"loginId":' });
    assert.equal(response.status, 400);
    const user = await f.newUser();
    const errors = await expectStatus(f.client.login({ loginId: user.email, password: PASSWORD, loginIdTypes: ['fax'] }), 400);
    assert.deepEqual(fieldCodes(errors), { loginIdTypes: ['[invalid]loginIdTypes'] });
  });

  it('400: without an application and with several tenants, a tenant id is required', async () => {
    const user = await f.newUser();
    const registered = await f.newUser({ applicationId });
    const otherTenant = randomUUID();
    await f.client.createTenant(otherTenant, { tenant: { name: `other-${otherTenant}` } });
    try {
      const errors = await expectStatus(f.client.login({ loginId: user.email, password: PASSWORD }), 400);
      assert.deepEqual(generalCodes(errors), ['[TenantIdRequired]']);
      const scoped = f.server.clientWith('gatehouse-test-admin-key-0123456789abcdef', f.tenantId);
      assert.equal((await scoped.login({ loginId: user.email, password: PASSWORD })).statusCode, 200);
      // With an application the tenant is the application's.
      assert.equal((await f.client.login({ loginId: registered.email, password: PASSWORD, applicationId })).statusCode, 200);
    } finally {
      await f.client.deleteTenant(otherTenant);
    }
  });

  it('401: no API key when the application requires authentication, or an invalid key', async () => {
    const user = await f.newUser({ applicationId });
    const anonymous = await expectStatus(f.anonymous.login({ loginId: user.email, password: PASSWORD, applicationId }), 401);
    assert.deepEqual(anonymous, {});
    await expectStatus(f.server.clientWith('not-a-key').login({ loginId: user.email, password: PASSWORD, applicationId }), 401);
    // Without an application the tenant's loginConfiguration.requireAuthentication decides.
    await expectStatus(f.anonymous.login({ loginId: user.email, password: PASSWORD }), 401);
    await f.configureTenant({ loginConfiguration: { requireAuthentication: false } });
    try {
      assert.equal((await f.anonymous.login({ loginId: user.email, password: PASSWORD })).statusCode, 200);
    } finally {
      await f.configureTenant({ loginConfiguration: { requireAuthentication: true } });
    }
  });

  it('404: an unknown login id and a wrong password answer alike, with an empty body', async () => {
    const user = await f.newUser({ applicationId });
    const unknown = await f.rawLogin({ loginId: `nobody-${randomUUID()}@example.com`, password: PASSWORD, applicationId });
    const wrong = await f.rawLogin({ loginId: user.email, password: 'not-the-password', applicationId });
    assert.equal(unknown.response.status, 404);
    assert.equal(wrong.response.status, 404);
    assert.equal(unknown.body, undefined);
    assert.equal(wrong.body, undefined);
  });

  it('410: the user has expired', async () => {
    const user = await f.newUser({ applicationId, user: { expiry: f.server.clock.now() + 60_000 } });
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
    f.server.clock.advance(61_000);
    const errors = await expectStatus(f.client.login({ loginId: user.email, password: PASSWORD, applicationId }), 410);
    assert.deepEqual(errors, {});
    // A wrong password still says nothing about the account.
    await expectStatus(f.client.login({ loginId: user.email, password: 'wrong-password', applicationId }), 404);
  });

  it('423: the user is deactivated (locked); a wrong password is still a 404', async () => {
    const user = await f.newUser({ applicationId });
    await f.client.deactivateUser(user.id);
    const errors = await expectStatus(f.client.login({ loginId: user.email, password: PASSWORD, applicationId }), 423);
    assert.deepEqual(errors, {});
    await expectStatus(f.client.login({ loginId: user.email, password: 'wrong-password', applicationId }), 404);
    await f.client.reactivateUser(user.id);
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
  });
});
