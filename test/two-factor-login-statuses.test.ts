/**
 * POST /api/two-factor/login — the statuses of seed 002's "Complete Two Factor Authentication" table
 * other than 200/404/421, each from the condition that causes it (set up before the 242 when the
 * password step decides it, after it when only the second step can see it), and the request fields
 * `noJWT` and `metaData.device`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LoginResponse, TwoFactorLoginRequest } from '@fusionauth/typescript-client';
import { expectStatus } from './helpers/expect.js';
import { startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';
import { twoFactorHelpers, type TwoFactorHelpers } from './helpers/two-factor-fixtures.js';

describe('two-factor login statuses', () => {
  let f: LoginFixtures;
  let h: TwoFactorHelpers;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    h = twoFactorHelpers(f);
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  /** Completes a login challenged for `app` with a fresh authenticator code. */
  async function complete(base32: string, app: string, twoFactorId: string, extra: TwoFactorLoginRequest = {}) {
    return f.anonymous.twoFactorLogin({ twoFactorId, code: h.code(base32), applicationId: app, ...extra });
  }

  /** The body of a login that authenticated the user (202, 212 and 213 alike): the user and a token. */
  function assertAuthenticated(body: LoginResponse, userId: string): void {
    assert.equal(body.user?.id, userId);
    assert.ok(body.token);
  }

  const cases: { status: number; name: string; run: () => Promise<void> }[] = [
    {
      status: 202,
      name: 'the user is not registered for the applicationId — the user and a token, no refresh token',
      run: async () => {
        const user = await f.newUser();
        const base32 = await h.addAuthenticator(user);
        const response = await complete(base32, applicationId, await h.challenge(user, applicationId));
        assert.equal(response.statusCode, 202);
        assertAuthenticated(response.response, user.id);
        assert.equal(response.response.refreshToken, undefined);
      },
    },
    {
      status: 212,
      name: 'the email is unverified and the tenant requires verification — the user and a token',
      run: async () => {
        await f.changeStoredTenant((t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: true } }));
        try {
          const { user, base32 } = await h.withAuthenticator(applicationId);
          assert.equal((await f.client.retrieveUser(user.id)).response.user?.verified, false);
          const response = await complete(base32, applicationId, await h.challenge(user, applicationId));
          assert.equal(response.statusCode, 212);
          assertAuthenticated(response.response, user.id);
        } finally {
          await f.changeStoredTenant((t) => ({ ...t, emailConfiguration: { ...t.emailConfiguration, verifyEmail: false } }));
        }
      },
    },
    {
      status: 213,
      name: 'the registration is unverified and the application requires verification — the user and a token',
      run: async () => {
        const verifying = await f.createApplication({ verifyRegistration: true, verificationEmailTemplateId: randomUUID() });
        const user = await f.newUser({ applicationId: verifying, skipRegistrationVerification: false });
        const base32 = await h.addAuthenticator(user);
        const response = await complete(base32, verifying, await h.challenge(user, verifying));
        assert.equal(response.statusCode, 213);
        assertAuthenticated(response.response, user.id);
        assert.equal(response.response.user?.registrations?.[0]?.verified, false);
      },
    },
    {
      status: 409,
      name: 'a User Action preventing login, taken after the 242 — the actions, no token',
      run: async () => {
        const { user, base32 } = await h.withAuthenticator(applicationId);
        const twoFactorId = await h.challenge(user, applicationId);
        const lock = (await f.client.createUserAction(null as unknown as string, { userAction: { name: `Lock ${randomUUID()}`, temporal: true, preventLogin: true } })).response.userAction!;
        const actioner = await f.newUser();
        const expiry = f.server.clock.now() + 3_600_000;
        assert.equal((await f.client.actionUser({ action: { userActionId: lock.id!, actioneeUserId: user.id, actionerUserId: actioner.id, expiry } })).statusCode, 200);
        const errors = await expectStatus(complete(base32, applicationId, twoFactorId), 409);
        const body = errors as LoginResponse;
        assert.equal(body.actions?.length, 1);
        assert.equal(body.actions?.[0]?.actionId, lock.id);
        assert.equal(body.actions?.[0]?.expiry, expiry);
        assert.equal(body.token, undefined);
      },
    },
    {
      status: 410,
      name: 'the user expired after the 242 — an empty body',
      run: async () => {
        const user = await f.newUser({ applicationId, user: { expiry: f.server.clock.now() + 90_000 } });
        const base32 = await h.addAuthenticator(user);
        const twoFactorId = await h.challenge(user, applicationId);
        f.server.clock.advance(61_000);
        assert.deepEqual(await expectStatus(complete(base32, applicationId, twoFactorId), 410), {});
      },
    },
  ];

  for (const { status, name, run } of cases) it(`${status}: ${name}`, run);

  it('noJWT: the login completes (200, the user) without an access token', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    const response = await complete(base32, applicationId, await h.challenge(user, applicationId), { noJWT: true });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.user?.id, user.id);
    assert.equal(response.response.token, undefined);
    assert.equal(response.response.tokenExpirationInstant, undefined);
  });

  it('metaData.device is stored on the refresh token', async () => {
    const { user, base32 } = await h.withAuthenticator(applicationId);
    const device = { name: 'Work laptop', type: 'LAPTOP', description: 'the grey one' };
    const response = await complete(base32, applicationId, await h.challenge(user, applicationId), { metaData: { device } });
    assert.equal(response.statusCode, 200);
    const refreshTokenId = response.response.refreshTokenId;
    assert.ok(refreshTokenId);
    const byId = (await f.client.retrieveRefreshTokenById(refreshTokenId)).response.refreshToken!;
    assert.deepEqual({ name: byId.metaData?.device?.name, type: byId.metaData?.device?.type, description: byId.metaData?.device?.description }, device);
    const listed = (await f.client.retrieveRefreshTokens(user.id)).response.refreshTokens ?? [];
    assert.equal(listed.find((t) => t.id === refreshTokenId)?.metaData?.device?.name, 'Work laptop');
  });
});
