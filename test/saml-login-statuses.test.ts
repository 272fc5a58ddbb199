import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createFlowStore } from '../src/flows/store.js';
import { expectStatus } from './helpers/expect.js';
import { startSamlHttp, uniqueEmail, type SamlHttp } from './helpers/saml-login-http.js';
import type { SamlLoginFixture } from './helpers/saml-login-fixture.js';
import { configureStoredTenant } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;
const PASSWORD = 'password-1234';

/**
 * Seed 003's response table for a SAML v2 login of an existing user (linked by email): the Login API's
 * checks decide 409, 410, 242, 203, 212, 213 exactly as for a password login.
 */
describe('Complete a SAML v2 login: the statuses of the login checks', () => {
  let h: SamlHttp;
  let saml: SamlLoginFixture;

  before(async () => {
    h = await startSamlHttp();
    saml = await h.fixture();
  });
  after(() => h.server.stop());

  /** A user of the default tenant, with a password, registered to the SAML application. */
  async function existingUser(user: Record<string, unknown> = {}, skipVerification = true): Promise<{ id: string; email: string }> {
    const email = uniqueEmail('existing');
    const response = await h.server.client.register(NO_ID, {
      user: { email, password: PASSWORD, ...user }, registration: { applicationId: saml.applicationId }, skipVerification, skipRegistrationVerification: true,
    });
    assert.equal(response.statusCode, 200, JSON.stringify(response.response));
    return { id: response.response.user!.id!, email };
  }

  it('203: the user must change their password — a changePasswordId and the reason, no token', async () => {
    const user = await existingUser({ passwordChangeRequired: true });
    const response = await h.login(saml, { email: user.email });
    assert.equal(response.statusCode, 203);
    assert.equal(response.response.changePasswordReason, 'Administrative');
    assert.ok(response.response.changePasswordId);
    assert.equal(response.response.token, undefined);
    const flow = await createFlowStore(h.server.running.database).find(response.response.changePasswordId, 'changePassword', h.server.clock.now());
    assert.equal(flow?.userId, user.id);
  });

  it('242: the user has two-factor methods — a twoFactorId whose flow remembers the SAML login', async () => {
    const user = await existingUser({ twoFactor: { methods: [{ method: 'email', email: 'second@piedpiper.com' }] } });
    const samlResponse = await h.signed(saml, { email: user.email }, { back: 'here' });
    const response = await h.anonymous.identityProviderLogin(h.request(saml, samlResponse, { ipAddress: '10.9.8.7' }));
    assert.equal(response.statusCode, 242);
    assert.ok(response.response.twoFactorId);
    assert.deepEqual(response.response.methods?.map((m) => [m.method, m.email]), [['email', 'second@piedpiper.com']]);
    assert.equal(response.response.token, undefined);
    const flow = await createFlowStore(h.server.running.database).find(response.response.twoFactorId, 'twoFactor', h.server.clock.now());
    assert.equal(flow?.userId, user.id);
    assert.deepEqual(
      [flow?.state.authenticationType, flow?.state.applicationId, flow?.state.ipAddress, flow?.state.state],
      ['SAMLv2', saml.applicationId, '10.9.8.7', { back: 'here' }],
    );
    // The second factor comes first: no login yet.
    assert.equal((await h.server.client.retrieveUser(user.id)).response.user!.lastLoginInstant, undefined);
  });

  it('212: the email is not verified and the tenant requires verification; users the IdP creates are verified', async () => {
    await configureStoredTenant(h.server, h.tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: true } }));
    try {
      const user = await existingUser({}, false);
      const response = await h.login(saml, { email: user.email });
      assert.equal(response.statusCode, 212);
      assert.equal(response.response.user!.verified, false);
      assert.ok(response.response.token);

      const created = await h.login(saml, { email: uniqueEmail('trusted') });
      assert.equal(created.statusCode, 200);
      assert.equal(created.response.user!.verified, true);
    } finally {
      await configureStoredTenant(h.server, h.tenantId, (t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: false } }));
    }
  });

  it('213: the application verifies registrations and the registration created by the login is not verified', async () => {
    const verifying = await h.fixture();
    const patched = await h.server.client.patchApplication(verifying.applicationId, { application: { verifyRegistration: true, verificationEmailTemplateId: randomUUID() } });
    assert.equal(patched.statusCode, 200);
    const response = await h.login(verifying, { email: uniqueEmail('unverified-registration') });
    assert.equal(response.statusCode, 213);
    assert.equal(response.response.user!.registrations![0]!.verified, false);
    assert.ok(response.response.token);
  });

  it('409: a User Action preventing login — the actions, no token', async () => {
    const user = await existingUser();
    const lock = (await h.server.client.createUserAction(NO_ID, { userAction: { name: `Lock ${randomUUID()}`, temporal: true, preventLogin: true } })).response.userAction!;
    const actioner = await existingUser();
    const expiry = h.server.clock.now() + 3_600_000;
    const taken = await h.server.client.actionUser({ action: { userActionId: lock.id!, actioneeUserId: user.id, actionerUserId: actioner.id, expiry } });
    assert.equal(taken.statusCode, 200);
    const response = await h.raw(h.request(saml, await h.signed(saml, { email: user.email })));
    assert.equal(response.status, 409);
    assert.equal(response.body!.actions?.length, 1);
    assert.equal(response.body!.actions![0]!.actionId, lock.id);
    assert.equal(response.body!.actions![0]!.expiry, expiry);
    assert.equal(response.body!.token, undefined);
    assert.deepEqual(response.cookies, {});
  });

  it('410: the user has expired — an empty body', async () => {
    const user = await existingUser({ expiry: h.server.clock.now() + 60_000 });
    h.server.clock.advance(120_000);
    const response = await h.raw(h.request(saml, await h.signed(saml, { email: user.email })));
    assert.equal(response.status, 410);
    assert.equal(response.body, undefined);
  });

  it('423: the user is deactivated', async () => {
    const user = await existingUser();
    assert.equal((await h.server.client.deactivateUser(user.id)).statusCode, 200);
    await expectStatus(h.login(saml, { email: user.email }), 423);
  });

  it('concurrent first logins of one new user create one user and one link', async () => {
    const email = uniqueEmail('concurrent');
    const responses = await Promise.all([1, 2, 3].map(async () => h.signed(saml, { email, nameId: email })));
    const results = await Promise.all(responses.map((samlResponse) => h.raw(h.request(saml, samlResponse))));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
    assert.equal(new Set(results.map((r) => r.body!.user!.id)).size, 1);
    const links = await h.server.running.database.db.selectFrom('identity_provider_links').select('id').where('identity_provider_user_id', '=', email).execute();
    assert.equal(links.length, 1);
  });
});
