import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RefreshTokenExpirationPolicy, RefreshTokenUsagePolicy, type Application } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { cookieValue, setCookies, startJwtFixtures, type JwtFixtures } from './helpers/jwt-fixtures.js';

const MINUTE = 60_000;

/** An enabled application JWT configuration (the Application API requires both lifetimes). */
const jwt = (configuration: NonNullable<Application['jwtConfiguration']>): Application['jwtConfiguration'] => ({
  enabled: true, timeToLiveInSeconds: 3600, refreshTokenTimeToLiveInMinutes: 43200, ...configuration,
});

describe('POST /api/jwt/refresh', () => {
  let f: JwtFixtures;
  before(async () => {
    f = await startJwtFixtures();
  });
  after(() => f.server.stop());

  /** A registered user of a new application (configured by `application`), logged in. */
  async function session(application: Application = {}) {
    const appId = await f.createApplication(application);
    const userId = await f.createUser({ applicationId: appId, roles: [] });
    const tokens = await f.login(userId, appId);
    assert.ok(tokens.refreshToken);
    return { appId, userId, tokens, refreshToken: tokens.refreshToken };
  }

  const refresh = (refreshToken: string, extra: { timeToLiveInSeconds?: number } = {}) =>
    f.client.exchangeRefreshTokenForJWT({ refreshToken, ...extra });

  it('exchanges a refresh token for a new access token of the same session', async () => {
    const { appId, userId, tokens, refreshToken } = await session();
    const original = await f.verify(tokens.token);
    f.server.clock.advance(5_000);
    const response = await refresh(refreshToken);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(Object.keys(response.response).sort(), ['refreshToken', 'refreshTokenId', 'token']);
    assert.equal(response.response.refreshToken, refreshToken, 'Reusable tokens keep their value');
    assert.equal(response.response.refreshTokenId, tokens.refreshTokenId);
    const claims = await f.verify(response.response.token!);
    assert.equal(claims.authenticationType, 'REFRESH_TOKEN');
    assert.equal(claims.sub, userId);
    assert.equal(claims.aud, appId);
    assert.equal(claims.applicationId, appId);
    assert.equal(claims.sid, tokens.refreshTokenId);
    assert.equal(claims.auth_time, original.auth_time, 'auth_time is the original authentication');
    assert.ok((claims.iat as number) >= (original.iat as number) + 5);
    assert.notEqual(claims.jti, original.jti);
  });

  it('writes the access_token session cookie and the persistent refresh_token cookie, and prefers the cookie to the body', async () => {
    const { refreshToken } = await session({ jwtConfiguration: jwt({ refreshTokenTimeToLiveInMinutes: 90, timeToLiveInSeconds: 300 }) });
    const response = await f.server.fetch('/api/jwt/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `refresh_token=${refreshToken}` },
      body: JSON.stringify({ refreshToken: 'not-the-token' }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { token: string; refreshToken: string };
    const cookies = setCookies(response);
    assert.equal(cookies.access_token, `access_token=${body.token}; Path=/; HttpOnly; SameSite=Lax`);
    assert.match(cookies.refresh_token!, /^refresh_token=[^;]+; Max-Age=5400; Expires=[^;]+ GMT; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal(cookieValue(cookies.refresh_token), refreshToken);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookies.refresh_token!)![1]!);
    assert.ok(Math.abs(expires - (f.server.clock.now() + 5400_000)) < 2000);
    const secure = await f.server.fetch('/api/jwt/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ refreshToken }),
    });
    assert.match(setCookies(secure).access_token!, /; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
  });

  it('refuses a missing, unknown, or revoked refresh token with 400', async () => {
    const { userId, refreshToken } = await session();
    assert.deepEqual(fieldCodes(await expectStatus(f.client.exchangeRefreshTokenForJWT({}), 400)), { refreshToken: ['[missing]refreshToken'] });
    assert.deepEqual(fieldCodes(await expectStatus(refresh('no-such-token'), 400)), { refreshToken: ['[invalid]refreshToken'] });
    await f.client.revokeRefreshTokensByUserId(userId);
    assert.deepEqual(fieldCodes(await expectStatus(refresh(refreshToken), 400)), { refreshToken: ['[invalid]refreshToken'] });
  });

  it('refuses applications that do not allow token refresh, and lifetimes longer than configured', async () => {
    const disabled = await session({ loginConfiguration: { allowTokenRefresh: false, generateRefreshTokens: true } });
    assert.deepEqual(fieldCodes(await expectStatus(refresh(disabled.refreshToken), 400)), { refreshToken: ['[disabled]refreshToken'] });
    const { refreshToken } = await session({ jwtConfiguration: jwt({ timeToLiveInSeconds: 120 }) });
    assert.deepEqual(fieldCodes(await expectStatus(refresh(refreshToken, { timeToLiveInSeconds: 121 }), 400)), { timeToLiveInSeconds: ['[invalid]timeToLiveInSeconds'] });
    const shorter = await refresh(refreshToken, { timeToLiveInSeconds: 30 });
    const claims = await f.verify(shorter.response.token!);
    assert.equal((claims.exp as number) - (claims.iat as number), 30);
  });

  it('refuses the tokens of a deleted user: they went with it', async () => {
    const { userId, refreshToken } = await session();
    await f.client.deleteUser(userId);
    await expectStatus(refresh(refreshToken), 400);
  });

  it('Fixed expiration: the token dies TTL after it started, however often it is used', async () => {
    const { refreshToken } = await session({ jwtConfiguration: jwt({ refreshTokenTimeToLiveInMinutes: 10, refreshTokenExpirationPolicy: RefreshTokenExpirationPolicy.Fixed }) });
    f.server.clock.advance(6 * MINUTE);
    assert.equal((await refresh(refreshToken)).statusCode, 200);
    f.server.clock.advance(5 * MINUTE);
    await expectStatus(refresh(refreshToken), 400);
  });

  it('SlidingWindow expiration: every use restarts the window', async () => {
    const { refreshToken, tokens } = await session({ jwtConfiguration: jwt({ refreshTokenTimeToLiveInMinutes: 10, refreshTokenExpirationPolicy: RefreshTokenExpirationPolicy.SlidingWindow }) });
    for (let i = 0; i < 3; i++) {
      f.server.clock.advance(6 * MINUTE);
      assert.equal((await refresh(refreshToken)).statusCode, 200);
    }
    const retrieved = (await f.client.retrieveRefreshTokenById(tokens.refreshTokenId!)).response.refreshToken!;
    assert.ok(Math.abs(retrieved.startInstant! - f.server.clock.now()) < 2000, 'the start instant moved to the last use');
    f.server.clock.advance(11 * MINUTE);
    await expectStatus(refresh(refreshToken), 400);
  });

  it('SlidingWindowWithMaximumLifetime: sliding, but never past the maximum lifetime', async () => {
    const { refreshToken } = await session({
      jwtConfiguration: jwt({
        refreshTokenTimeToLiveInMinutes: 10, refreshTokenExpirationPolicy: RefreshTokenExpirationPolicy.SlidingWindowWithMaximumLifetime,
        refreshTokenSlidingWindowConfiguration: { maximumTimeToLiveInMinutes: 20 },
      }),
    });
    f.server.clock.advance(8 * MINUTE);
    assert.equal((await refresh(refreshToken)).statusCode, 200);
    f.server.clock.advance(8 * MINUTE);
    assert.equal((await refresh(refreshToken)).statusCode, 200);
    f.server.clock.advance(5 * MINUTE);
    await expectStatus(refresh(refreshToken), 400);
  });

  describe('OneTimeUse', () => {
    const oneTimeUse = (grace = 0): Application => ({
      jwtConfiguration: jwt({ refreshTokenUsagePolicy: RefreshTokenUsagePolicy.OneTimeUse, refreshTokenOneTimeUseConfiguration: { gracePeriodInSeconds: grace } }),
    });

    it('rotates the value, keeps the id, and refuses the old value', async () => {
      const { refreshToken, tokens } = await session(oneTimeUse());
      const first = await refresh(refreshToken);
      const next = first.response.refreshToken!;
      assert.notEqual(next, refreshToken);
      assert.equal(next.length, refreshToken.length);
      assert.equal(first.response.refreshTokenId, tokens.refreshTokenId);
      assert.equal((await f.verify(first.response.token!)).sid, tokens.refreshTokenId);
      assert.deepEqual(fieldCodes(await expectStatus(refresh(refreshToken), 400)), { refreshToken: ['[invalid]refreshToken'] });
      const second = await refresh(next);
      assert.equal(second.statusCode, 200);
      assert.notEqual(second.response.refreshToken, next);
      assert.equal(second.response.refreshTokenId, tokens.refreshTokenId);
      await expectStatus(refresh(next), 400);
    });

    it('within the grace period the old value yields the same new value again', async () => {
      const { refreshToken } = await session(oneTimeUse(30));
      const next = (await refresh(refreshToken)).response.refreshToken!;
      f.server.clock.advance(10_000);
      assert.equal((await refresh(refreshToken)).response.refreshToken, next);
      f.server.clock.advance(25_000);
      await expectStatus(refresh(refreshToken), 400);
      assert.equal((await refresh(next)).statusCode, 200, 'the current value still works');
    });

    it('revokes the token on reuse when the tenant says onOneTimeTokenReuse', async () => {
      const tenant = (await f.client.retrieveTenant(f.tenantId)).response.tenant!;
      const revocation = { ...tenant.jwtConfiguration!.refreshTokenRevocationPolicy, onOneTimeTokenReuse: true };
      await f.client.patchTenant(f.tenantId, { tenant: { jwtConfiguration: { refreshTokenRevocationPolicy: revocation } } });
      try {
        const { refreshToken } = await session(oneTimeUse());
        const next = (await refresh(refreshToken)).response.refreshToken!;
        await expectStatus(refresh(refreshToken), 400);
        await expectStatus(refresh(next), 400);
      } finally {
        await f.client.patchTenant(f.tenantId, { tenant: { jwtConfiguration: { refreshTokenRevocationPolicy: { ...revocation, onOneTimeTokenReuse: false } } } });
      }
    });
  });
});
