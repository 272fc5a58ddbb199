/** POST /api/login — successful logins (seed 002 "Authenticate a User"): tokens, cookies, what is recorded. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookieValue, setCookies } from './helpers/jwt-fixtures.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';
import { expectStatus } from './helpers/expect.js';

describe('login success', () => {
  let f: LoginFixtures;
  let applicationId: string;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
  });
  after(() => f.server.stop());

  it('returns 200 with the user, an access token and a refresh token for a registered user', async () => {
    const user = await f.newUser({ applicationId });
    const before = f.server.clock.now();
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId, ipAddress: '192.168.1.42' });
    assert.equal(response.statusCode, 200);
    const body = response.response;
    assert.equal(body.user?.id, user.id);
    assert.equal(body.user?.email, user.email);
    assert.ok(body.user!.lastLoginInstant! >= before);
    assert.equal(body.user?.registrations?.[0]?.lastLoginInstant, body.user?.lastLoginInstant);
    assert.equal((body.user as { encryptionScheme?: string }).encryptionScheme, undefined);
    assert.equal((body.user as { password?: string }).password, undefined);
    assert.ok(body.refreshToken);
    assert.ok(body.refreshTokenId);
    const claims = await f.verify(body.token!);
    assert.equal(claims.sub, user.id);
    assert.equal(claims.aud, applicationId);
    assert.equal(claims.applicationId, applicationId);
    assert.equal(claims.tid, f.tenantId);
    assert.equal(claims.authenticationType, 'PASSWORD');
    assert.equal(claims.sid, body.refreshTokenId);
    assert.equal(body.tokenExpirationInstant, claims.exp! * 1000);

    const stored = (await f.client.retrieveUser(user.id)).response.user!;
    assert.equal(stored.lastLoginInstant, body.user?.lastLoginInstant);
    assert.equal(stored.registrations?.[0]?.lastLoginInstant, body.user?.lastLoginInstant);
  });

  it('accepts the username as the login id', async () => {
    const username = `user-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const user = await f.newUser({ applicationId, user: { username } });
    const response = await f.client.login({ loginId: username.toUpperCase(), password: PASSWORD, applicationId });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.user?.id, user.id);
  });

  it('restricts the login id to loginIdTypes when given', async () => {
    const username = `only-${Date.now()}`;
    await f.newUser({ applicationId, user: { username } });
    await expectStatus(f.client.login({ loginId: username, loginIdTypes: ['email'], password: PASSWORD, applicationId }), 404);
    assert.equal((await f.client.login({ loginId: username, loginIdTypes: ['username'], password: PASSWORD, applicationId })).statusCode, 200);
  });

  it('writes the access_token session cookie and the persistent refresh_token cookie', async () => {
    const user = await f.newUser({ applicationId });
    const { response, body } = await f.rawLogin({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal(response.status, 200);
    const cookies = setCookies(response);
    assert.equal(cookieValue(cookies.access_token), body?.token);
    assert.match(cookies.access_token!, /HttpOnly/);
    assert.doesNotMatch(cookies.access_token!, /Max-Age/);
    assert.equal(cookieValue(cookies.refresh_token), body?.refreshToken);
    assert.match(cookies.refresh_token!, /Max-Age=2592000/);
    assert.match(cookies.refresh_token!, /HttpOnly/);
  });

  it('issues no token, refresh token or cookie with noJWT', async () => {
    const user = await f.newUser({ applicationId });
    const { response, body } = await f.rawLogin({ loginId: user.email, password: PASSWORD, applicationId, noJWT: true });
    assert.equal(response.status, 200);
    assert.equal(body?.user?.id, user.id);
    assert.equal(body?.token, undefined);
    assert.equal(body?.refreshToken, undefined);
    assert.equal(body?.tokenExpirationInstant, undefined);
    assert.deepEqual(response.headers.getSetCookie(), []);
  });

  it('issues no refresh token when the application does not generate them', async () => {
    const noRefresh = await f.createApplication({ loginConfiguration: { generateRefreshTokens: false, requireAuthentication: true } });
    const user = await f.newUser({ applicationId: noRefresh });
    const response = await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: noRefresh });
    assert.equal(response.statusCode, 200);
    assert.ok(response.response.token);
    assert.equal(response.response.refreshToken, undefined);
    assert.equal(response.response.refreshTokenId, undefined);
  });

  it('authenticates without an application: a token without application claims and no refresh token', async () => {
    const user = await f.newUser({ applicationId });
    const response = await f.client.login({ loginId: user.email, password: PASSWORD });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.refreshToken, undefined);
    const claims = await f.verify(response.response.token!);
    assert.equal(claims.sub, user.id);
    assert.equal(claims.aud, undefined);
    assert.equal(claims.applicationId, undefined);
    const stored = (await f.client.retrieveUser(user.id)).response.user!;
    assert.ok(stored.lastLoginInstant);
    assert.equal(stored.registrations?.[0]?.lastLoginInstant, undefined);
  });

  it('accepts the registration Authentication Token in place of the password when the application enables them', async () => {
    const tokenApp = await f.createApplication({ authenticationTokenConfiguration: { enabled: true } });
    const user = await f.newUser({ applicationId: tokenApp, generateAuthenticationToken: true });
    assert.ok(user.authenticationToken);
    const response = await f.client.login({ loginId: user.email, password: user.authenticationToken, applicationId: tokenApp });
    assert.equal(response.statusCode, 200);
    const claims = await f.verify(response.response.token!);
    assert.equal(claims.authenticationType, 'APPLICATION_TOKEN');
    // Without the application (or with token auth disabled) the token is just a wrong password.
    await expectStatus(f.client.login({ loginId: user.email, password: user.authenticationToken }), 404);
  });

  it('logs in without an API key when the application does not require authentication', async () => {
    const open = await f.createApplication({ loginConfiguration: { generateRefreshTokens: true, requireAuthentication: false } });
    const user = await f.newUser({ applicationId: open });
    const response = await f.anonymous.login({ loginId: user.email, password: PASSWORD, applicationId: open });
    assert.equal(response.statusCode, 200);
    assert.ok(response.response.refreshToken);
  });

  it('describes the refresh token with metaData.device and records the caller address', async () => {
    const user = await f.newUser({ applicationId });
    const { response, body } = await f.rawLogin(
      { loginId: user.email, password: PASSWORD, applicationId, metaData: { device: { name: 'Pixel', type: 'MOBILE', description: 'phone' } } },
      { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    );
    assert.equal(response.status, 200);
    const token = (await f.client.retrieveRefreshTokenById(body!.refreshTokenId!)).response.refreshToken!;
    assert.equal(token.metaData?.device?.name, 'Pixel');
    assert.equal(token.metaData?.device?.type, 'MOBILE');
    assert.equal(token.metaData?.device?.lastAccessedAddress, '203.0.113.9');
    const records = (await f.client.searchLoginRecords({ search: { userId: user.id } })).response.logins!;
    assert.equal(records.length, 1);
    assert.equal(records[0]!.ipAddress, '203.0.113.9');
  });

  it('re-hashes the password with the tenant scheme on login when modifyEncryptionSchemeOnLogin is on', async () => {
    const user = await f.newUser({ applicationId });
    assert.equal((await f.client.retrieveUser(user.id)).response.user?.encryptionScheme, 'salted-pbkdf2-hmac-sha256');
    await f.configureTenant({ passwordEncryptionConfiguration: { encryptionScheme: 'salted-sha256', encryptionSchemeFactor: 1, modifyEncryptionSchemeOnLogin: true } });
    try {
      assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
      assert.equal((await f.client.retrieveUser(user.id)).response.user?.encryptionScheme, 'salted-sha256');
      assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId })).statusCode, 200);
      await expectStatus(f.client.login({ loginId: user.email, password: 'wrong-password', applicationId }), 404);
    } finally {
      await f.configureTenant({ passwordEncryptionConfiguration: { encryptionScheme: 'salted-pbkdf2-hmac-sha256', encryptionSchemeFactor: 24000, modifyEncryptionSchemeOnLogin: false } });
    }
  });

  // The stores reuse parsed tenants and applications while their stored JSON is unchanged (db/documents.ts).
  it('applies application and tenant changes to the next login', async () => {
    const changing = await f.createApplication();
    const user = await f.newUser({ applicationId: changing });
    const login = async () => (await f.client.login({ loginId: user.email, password: PASSWORD, applicationId: changing })).response;
    assert.ok((await login()).refreshToken);
    assert.equal((await f.client.patchApplication(changing, { application: { loginConfiguration: { generateRefreshTokens: false } } })).statusCode, 200);
    assert.equal((await login()).refreshToken, undefined);

    const ttl = (await f.tenant()).jwtConfiguration?.timeToLiveInSeconds;
    await f.configureTenant({ jwtConfiguration: { timeToLiveInSeconds: 123 } });
    try {
      const claims = await f.verify((await login()).token!);
      assert.equal(claims.exp! - claims.iat!, 123);
    } finally {
      await f.configureTenant({ jwtConfiguration: { timeToLiveInSeconds: ttl } });
    }
  });
});
