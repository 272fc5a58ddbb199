import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OAuthScopeHandlingPolicy } from '@fusionauth/typescript-client';
import { decodeProtectedHeader } from 'jose';
import { expectStatus } from './helpers/expect.js';
import { roles, startJwtFixtures, type JwtFixtures } from './helpers/jwt-fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('access tokens', () => {
  let f: JwtFixtures;
  before(async () => {
    f = await startJwtFixtures();
  });
  after(() => f.server.stop());

  it('carry FusionAuth claims, signed with the application RS256 key and verifiable through the JWKS', async () => {
    const keyId = await f.generateRsaKey();
    const kid = (await f.client.retrieveKey(keyId)).response.key!.kid!;
    const appId = await f.createApplication({
      roles: roles('admin', 'editor', 'viewer'),
      jwtConfiguration: { enabled: true, accessTokenKeyId: keyId, timeToLiveInSeconds: 600, refreshTokenTimeToLiveInMinutes: 60 },
      oauthConfiguration: { scopeHandlingPolicy: OAuthScopeHandlingPolicy.Compatibility },
    });
    const appRoles = (await f.client.retrieveApplication(appId)).response.application!.roles!;
    const editor = appRoles.find((r) => r.name === 'editor')!.id!;
    const group = (await f.client.createGroup(null as unknown as string, { group: { name: `g-${randomUUID()}` }, roleIds: [editor] })).response.group!;
    const userId = await f.createUser({ applicationId: appId, roles: ['admin'] }, `user-${randomUUID().slice(0, 8)}`);
    await f.client.createGroupMembers({ members: { [group.id!]: [{ userId }] } });
    const user = await f.user(userId);

    const before = Math.floor(f.server.clock.now() / 1000);
    const tokens = await f.login(userId, appId);
    const header = decodeProtectedHeader(tokens.token);
    assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid });
    const claims = await f.verify(tokens.token);
    assert.deepEqual(Object.keys(claims), [
      'aud', 'exp', 'iat', 'iss', 'sub', 'jti', 'authenticationType', 'email', 'email_verified', 'preferred_username',
      'applicationId', 'roles', 'sid', 'auth_time', 'tid', 'tty',
    ]);
    assert.equal(claims.aud, appId);
    assert.ok((claims.iat as number) >= before);
    assert.equal((claims.exp as number) - (claims.iat as number), 600);
    assert.equal(tokens.tokenExpirationInstant, (claims.exp as number) * 1000);
    assert.equal(claims.iss, 'acme.com');
    assert.equal(claims.sub, userId);
    assert.match(claims.jti as string, UUID);
    assert.equal(claims.authenticationType, 'PASSWORD');
    assert.equal(claims.email, user.email);
    assert.equal(claims.email_verified, user.verified === true);
    assert.equal(claims.preferred_username, user.username);
    assert.equal(claims.applicationId, appId);
    assert.deepEqual(claims.roles, ['admin', 'editor']);
    assert.equal(claims.sid, tokens.refreshTokenId);
    assert.equal(claims.auth_time, claims.iat);
    assert.equal(claims.tid, f.tenantId);
    assert.equal(tokens.refreshTokenMaxAge, 3600);
  });

  it('are signed with the tenant HS256 default key when the application JWT configuration is not enabled', async () => {
    const appId = await f.createApplication({ roles: roles('reader') });
    const userId = await f.createUser({ applicationId: appId, roles: ['reader'] });
    const tokens = await f.login(userId, appId);
    const tenant = await f.tenant();
    const signingKey = (await f.client.retrieveKey(tenant.jwtConfiguration!.accessTokenKeyId!)).response.key!;
    assert.deepEqual(decodeProtectedHeader(tokens.token), { alg: 'HS256', typ: 'JWT', kid: signingKey.kid });
    const claims = await f.verify(tokens.token);
    assert.equal((claims.exp as number) - (claims.iat as number), 3600);
    assert.deepEqual(claims.roles, ['reader']);
    // New applications use the Strict scope handling policy: no identity claims in access tokens.
    assert.equal(claims.email, undefined);
    assert.equal(claims.preferred_username, undefined);
  });

  it('without an application carry no aud, applicationId, roles or sid, and no refresh token is made', async () => {
    const userId = await f.createUser();
    const tokens = await f.login(userId);
    assert.equal(tokens.refreshToken, undefined);
    const claims = await f.verify(tokens.token);
    for (const claim of ['aud', 'applicationId', 'roles', 'sid']) assert.equal(claims[claim], undefined, claim);
    assert.equal(claims.sub, userId);
    assert.equal(typeof claims.email, 'string');
    assert.equal(claims.tid, f.tenantId);
  });

  it('for an application the user is not registered to carry aud but no applicationId, roles or refresh token', async () => {
    const appId = await f.createApplication();
    const userId = await f.createUser();
    const tokens = await f.login(userId, appId);
    assert.equal(tokens.refreshToken, undefined);
    const claims = await f.verify(tokens.token);
    assert.equal(claims.aud, appId);
    assert.equal(claims.applicationId, undefined);
    assert.equal(claims.roles, undefined);
  });

  it('make no refresh token when the application does not generate them', async () => {
    const appId = await f.createApplication({ loginConfiguration: { generateRefreshTokens: false, allowTokenRefresh: true } });
    const userId = await f.createUser({ applicationId: appId });
    const tokens = await f.login(userId, appId);
    assert.equal(tokens.refreshToken, undefined);
    const claims = await f.verify(tokens.token);
    assert.equal(claims.sid, undefined);
    assert.deepEqual(claims.roles, []);
  });

  describe('GET /api/jwt/validate', () => {
    it('answers the decoded claims of a valid token from the Bearer header or the access_token cookie', async () => {
      const appId = await f.createApplication();
      const userId = await f.createUser({ applicationId: appId });
      const { token } = await f.login(userId, appId);
      const validated = await f.client.validateJWT(token);
      assert.equal(validated.statusCode, 200);
      assert.deepEqual(validated.response.jwt, await f.verify(token));
      const byCookie = await f.server.fetch('/api/jwt/validate', { headers: { cookie: `access_token=${token}` } });
      assert.equal(byCookie.status, 200);
      assert.equal(((await byCookie.json()) as { jwt: { sub: string } }).jwt.sub, userId);
    });

    it('answers 401 to a missing, malformed, tampered, unknown-key or expired token', async () => {
      const appId = await f.createApplication();
      const userId = await f.createUser({ applicationId: appId });
      const { token } = await f.login(userId, appId);
      assert.equal((await f.server.fetch('/api/jwt/validate')).status, 401);
      await expectStatus(f.client.validateJWT('not-a-jwt'), 401);
      const [head, payload, signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: randomUUID() })).toString('base64url');
      await expectStatus(f.client.validateJWT(`${head}.${forged}.${signature}`), 401);
      const unknownKid = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'nope' })).toString('base64url');
      await expectStatus(f.client.validateJWT(`${unknownKid}.${payload}.${signature}`), 401);
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await expectStatus(f.client.validateJWT(`${none}.${payload}.`), 401);
      f.server.clock.advance(3601 * 1000);
      await expectStatus(f.client.validateJWT(token), 401);
    });
  });
});
