/**
 * Tenant settings the Two Factor APIs follow: the authenticator's algorithm, code length and time step
 * (new methods take them; codes computed here with them log in), the twoFactorId time to live, methods
 * the tenant disabled, and the POST form of the status API answering like the GET.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';
import { twoFactorHelpers, type AuthenticatorSettings, type TwoFactorHelpers } from './helpers/two-factor-fixtures.js';

describe('two-factor tenant settings', () => {
  let f: LoginFixtures;
  let h: TwoFactorHelpers;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    h = twoFactorHelpers(f);
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  /** Runs `body` with the tenant patched, restoring `restore` afterwards. */
  async function withTenant(patch: Tenant, restore: Tenant, body: () => Promise<void>): Promise<void> {
    await f.configureTenant(patch);
    try {
      await body();
    } finally {
      await f.configureTenant(restore);
    }
  }

  const defaultAuthenticator = { enabled: true, algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 };

  it('an authenticator on a HmacSHA256 / 8 digits / 60 s tenant takes those settings and logs in with such codes', async () => {
    const settings: AuthenticatorSettings = { algorithm: 'HmacSHA256', codeLength: 8, timeStep: 60 };
    await withTenant({ multiFactorConfiguration: { authenticator: { enabled: true, ...settings } as never } }, { multiFactorConfiguration: { authenticator: defaultAuthenticator as never } }, async () => {
      const user = await f.newUser({ applicationId });
      const base32 = await h.addAuthenticator(user, settings);
      const method = (await f.client.retrieveUser(user.id)).response.user?.twoFactor?.methods?.[0];
      assert.deepEqual(method?.authenticator, settings);
      // A default (SHA-1, 6 digits, 30 s) code is wrong; the tenant's form is right.
      await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: await h.challenge(user, applicationId), code: h.code(base32), applicationId }), 421);
      const code = h.code(base32, settings);
      assert.match(code, /^\d{8}$/);
      const done = await f.anonymous.twoFactorLogin({ twoFactorId: await h.challenge(user, applicationId), code, applicationId });
      assert.equal(done.statusCode, 200);
    });
  });

  it('twoFactorIdTimeToLiveInSeconds 60: the twoFactorId lives 59 s, not 61 s', async () => {
    await withTenant({ externalIdentifierConfiguration: { twoFactorIdTimeToLiveInSeconds: 60 } }, { externalIdentifierConfiguration: { twoFactorIdTimeToLiveInSeconds: 300 } }, async () => {
      const { user, base32 } = await h.withAuthenticator(applicationId);
      const expiring = await h.challenge(user, applicationId);
      const living = await h.challenge(user, applicationId);
      f.server.clock.advance(59_000);
      assert.equal((await f.anonymous.twoFactorLogin({ twoFactorId: living, code: h.code(base32), applicationId })).statusCode, 200);
      f.server.clock.advance(2_000);
      h.nextStep();
      await expectStatus(f.anonymous.twoFactorLogin({ twoFactorId: expiring, code: h.code(base32), applicationId }), 404);
    });
  });

  it('enabling a method the tenant disabled is a [disabled] field error', async () => {
    const user = await f.newUser({ applicationId });
    // Email is disabled by default.
    const email = await expectStatus(f.client.enableTwoFactor(user.id, { method: 'email', email: user.email, code: '123456' }), 400);
    assert.deepEqual(fieldCodes(email), { method: ['[disabled]method'] });
    // With no method enabled the tenant's login policy must be Disabled (tenant validation).
    const off: Tenant = { multiFactorConfiguration: { authenticator: { enabled: false }, loginPolicy: 'Disabled' as never } };
    await withTenant(off, { multiFactorConfiguration: { authenticator: defaultAuthenticator as never, loginPolicy: 'Enabled' as never } }, async () => {
      const base32 = (await f.client.generateTwoFactorSecret()).response.secretBase32Encoded!;
      const errors = await expectStatus(f.client.enableTwoFactor(user.id, { method: 'authenticator', secretBase32Encoded: base32, code: h.code(base32) }), 400);
      assert.deepEqual(fieldCodes(errors), { method: ['[disabled]method'] });
    });
    assert.deepEqual((await f.client.retrieveUser(user.id)).response.user?.twoFactor?.methods ?? [], []);
  });

  it('POST /api/two-factor/status answers like the GET: no methods, methods without a trust, methods with a trust', async () => {
    const plain = await f.newUser({ applicationId });
    const { user, base32 } = await h.withAuthenticator(applicationId);
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: await h.challenge(user, applicationId), code: h.code(base32), applicationId, trustComputer: true });
    const trustId = (done.response as { twoFactorTrustId?: string }).twoFactorTrustId;
    assert.ok(trustId);
    const cases = [
      { userId: plain.id, twoFactorTrustId: 'no-such-trust', status: 200 },
      { userId: user.id, twoFactorTrustId: 'no-such-trust', status: 242 },
      { userId: user.id, twoFactorTrustId: trustId, status: 200 },
    ];
    for (const { userId, twoFactorTrustId, status } of cases) {
      const viaGet = await f.client.retrieveTwoFactorStatus(userId, applicationId, twoFactorTrustId);
      const viaPost = await f.client.retrieveTwoFactorStatusWithRequest({ userId, applicationId, twoFactorTrustId });
      assert.equal(viaGet.statusCode, status, `GET ${userId === plain.id ? 'plain' : 'mfa'} ${twoFactorTrustId}`);
      assert.equal(viaPost.statusCode, status);
      assert.deepEqual(viaPost.response, viaGet.response);
    }
    assert.equal((await f.client.retrieveTwoFactorStatusWithRequest({ userId: user.id, applicationId, twoFactorTrustId: trustId })).response.twoFactorTrustId, trustId);
  });
});
