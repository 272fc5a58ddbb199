/** POST /api/logout (seed 002 "Logout a User"): revokes the refresh token and clears both cookies. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectStatus } from './helpers/expect.js';
import { setCookies } from './helpers/jwt-fixtures.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';

describe('logout', () => {
  let f: LoginFixtures;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  async function loginTokens(email: string): Promise<{ refreshToken: string; refreshTokenId: string }> {
    const response = await f.client.login({ loginId: email, password: PASSWORD, applicationId });
    assert.equal(response.statusCode, 200);
    return { refreshToken: response.response.refreshToken!, refreshTokenId: response.response.refreshTokenId! };
  }

  it('revokes the refresh token given as a parameter', async () => {
    const user = await f.newUser({ applicationId });
    const first = await loginTokens(user.email);
    const second = await loginTokens(user.email);
    assert.equal((await f.anonymous.logout(false, first.refreshToken)).statusCode, 200);
    await expectStatus(f.client.retrieveRefreshTokenById(first.refreshTokenId), 404);
    assert.equal((await f.client.retrieveRefreshTokenById(second.refreshTokenId)).statusCode, 200);
    await expectStatus(f.anonymous.exchangeRefreshTokenForJWT({ refreshToken: first.refreshToken }), 400);
  });

  it('with global revokes every refresh token of the owner', async () => {
    const user = await f.newUser({ applicationId });
    const other = await f.newUser({ applicationId });
    const first = await loginTokens(user.email);
    const second = await loginTokens(user.email);
    const others = await loginTokens(other.email);
    assert.equal((await f.anonymous.logoutWithRequest({ global: true, refreshToken: first.refreshToken })).statusCode, 200);
    await expectStatus(f.client.retrieveRefreshTokenById(first.refreshTokenId), 404);
    await expectStatus(f.client.retrieveRefreshTokenById(second.refreshTokenId), 404);
    assert.equal((await f.client.retrieveRefreshTokenById(others.refreshTokenId)).statusCode, 200);
  });

  it('revokes the refresh_token cookie and clears both cookies', async () => {
    const user = await f.newUser({ applicationId });
    const { refreshToken, refreshTokenId } = await loginTokens(user.email);
    const response = await f.server.fetch('/api/logout', { method: 'POST', headers: { cookie: `access_token=abc; refresh_token=${refreshToken}` } });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
    const cookies = setCookies(response);
    assert.match(cookies.access_token!, /^access_token=;.*Max-Age=0/);
    assert.match(cookies.refresh_token!, /^refresh_token=;.*Max-Age=0/);
    await expectStatus(f.client.retrieveRefreshTokenById(refreshTokenId), 404);
  });

  it('the parameter takes precedence over the cookie; without any token nothing is revoked', async () => {
    const user = await f.newUser({ applicationId });
    const kept = await loginTokens(user.email);
    const revoked = await loginTokens(user.email);
    const response = await f.server.fetch(`/api/logout?refreshToken=${encodeURIComponent(revoked.refreshToken)}`, { method: 'POST', headers: { cookie: `refresh_token=${kept.refreshToken}` } });
    assert.equal(response.status, 200);
    await expectStatus(f.client.retrieveRefreshTokenById(revoked.refreshTokenId), 404);
    assert.equal((await f.client.retrieveRefreshTokenById(kept.refreshTokenId)).statusCode, 200);
    assert.equal((await f.anonymous.logout(true, null as unknown as string)).statusCode, 200);
    assert.equal((await f.client.retrieveRefreshTokenById(kept.refreshTokenId)).statusCode, 200);
    assert.equal((await f.anonymous.logout(false, 'no-such-token')).statusCode, 200);
  });
});
