import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RefreshToken } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { startJwtFixtures, type JwtFixtures } from './helpers/jwt-fixtures.js';

describe('Refresh Token API', () => {
  let f: JwtFixtures;
  before(async () => {
    f = await startJwtFixtures();
  });
  after(() => f.server.stop());

  async function loggedIn() {
    const appId = await f.createApplication();
    const userId = await f.createUser({ applicationId: appId });
    return { appId, userId, tokens: await f.login(userId, appId) };
  }

  const live = async (refreshToken: string) => (await f.client.exchangeRefreshTokenForJWT({ refreshToken }).catch((e: { statusCode: number }) => e)).statusCode === 200;

  describe('retrieve', () => {
    it('lists a user’s live tokens, newest first, without their values', async () => {
      const { appId, userId, tokens } = await loggedIn();
      f.server.clock.advance(1000);
      const second = await f.login(userId, appId);
      const listed = await f.client.retrieveRefreshTokens(userId);
      assert.equal(listed.statusCode, 200);
      const list = listed.response.refreshTokens!;
      assert.deepEqual(list.map((t) => t.id), [second.refreshTokenId, tokens.refreshTokenId]);
      const [newest] = list as [RefreshToken];
      assert.equal(newest.token, undefined, 'only the hash is kept');
      assert.equal(newest.userId, userId);
      assert.equal(newest.applicationId, appId);
      assert.equal(newest.metaData?.device?.name, 'test device');
      assert.equal(newest.metaData?.device?.type, 'BROWSER');
      assert.equal(newest.metaData?.device?.lastAccessedAddress, '10.0.0.7');
      assert.deepEqual(newest.metaData?.scopes, ['offline_access']);
      assert.equal(newest.startInstant, newest.insertInstant);
      const one = await f.client.retrieveRefreshTokenById(tokens.refreshTokenId!);
      assert.equal(one.response.refreshToken?.id, tokens.refreshTokenId);
      assert.equal(one.response.refreshToken?.token, undefined);
    });

    it('validates the user, and answers 404 for a missing or expired token', async () => {
      assert.deepEqual(fieldCodes(await expectStatus(f.client.retrieveRefreshTokens(undefined as unknown as string), 400)), { userId: ['[missing]userId'] });
      assert.deepEqual(fieldCodes(await expectStatus(f.client.retrieveRefreshTokens(randomUUID()), 400)), { userId: ['[invalid]userId'] });
      await expectStatus(f.client.retrieveRefreshTokenById(randomUUID()), 404);
      const { userId, tokens } = await loggedIn();
      f.server.clock.advance(43200 * 60_000);
      await expectStatus(f.client.retrieveRefreshTokenById(tokens.refreshTokenId!), 404);
      assert.deepEqual((await f.client.retrieveRefreshTokens(userId)).response.refreshTokens, []);
    });
  });

  describe('revoke', () => {
    it('by value, by id, by JSON body and by form body', async () => {
      const { userId, appId, tokens } = await loggedIn();
      await f.client.revokeRefreshTokenByToken(tokens.refreshToken!);
      assert.equal(await live(tokens.refreshToken!), false);
      await expectStatus(f.client.revokeRefreshTokenByToken(tokens.refreshToken!), 404);

      const byId = await f.login(userId, appId);
      await f.client.revokeRefreshTokenById(byId.refreshTokenId!);
      assert.equal(await live(byId.refreshToken!), false);
      await expectStatus(f.client.revokeRefreshTokenById(byId.refreshTokenId!), 404);

      const byBody = await f.login(userId, appId);
      await f.client.revokeRefreshTokensWithRequest({ token: byBody.refreshToken! });
      assert.equal(await live(byBody.refreshToken!), false);

      const byForm = await f.login(userId, appId);
      const response = await f.server.fetch('/api/jwt/refresh', {
        method: 'DELETE',
        headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: byForm.refreshToken! }).toString(),
      });
      assert.equal(response.status, 200);
      assert.equal(await live(byForm.refreshToken!), false);
    });

    it('by user, by application, and by user and application', async () => {
      const a = await loggedIn();
      const b = await loggedIn();
      await f.client.register(a.userId, { registration: { applicationId: b.appId } });
      const aInB = await f.login(a.userId, b.appId);
      const aSecond = await f.login(a.userId, a.appId);

      await f.client.revokeRefreshTokensByUserIdForApplication(a.userId, b.appId);
      assert.deepEqual([await live(aInB.refreshToken!), await live(aSecond.refreshToken!), await live(b.tokens.refreshToken!)], [false, true, true]);
      await f.client.revokeRefreshTokensByApplicationId(b.appId);
      assert.equal(await live(b.tokens.refreshToken!), false);
      assert.equal(await live(aSecond.refreshToken!), true);
      await f.client.revokeRefreshTokensByUserId(a.userId);
      assert.deepEqual((await f.client.retrieveRefreshTokens(a.userId)).response.refreshTokens, []);
    });

    it('needs something to revoke and names that exist', async () => {
      assert.deepEqual(generalCodes(await expectStatus(f.client.revokeRefreshTokensWithRequest({}), 400)), ['[invalid]']);
      assert.deepEqual(fieldCodes(await expectStatus(f.client.revokeRefreshTokensByUserId(randomUUID()), 400)), { userId: ['[invalid]userId'] });
      assert.deepEqual(fieldCodes(await expectStatus(f.client.revokeRefreshTokensByApplicationId(randomUUID()), 400)), { applicationId: ['[invalid]applicationId'] });
      await expectStatus(f.client.revokeRefreshTokenByToken('unknown'), 404);
      assert.equal((await f.server.fetch('/api/jwt/refresh?token=x', { method: 'DELETE' })).status, 401);
    });

    it('with the owner’s access token: own tokens only, one at a time', async () => {
      const mine = await loggedIn();
      const theirs = await loggedIn();
      const bearer = (path: string) => f.server.fetch(path, { method: 'DELETE', headers: { authorization: `Bearer ${mine.tokens.token}` } });
      assert.equal((await bearer(`/api/jwt/refresh/${theirs.tokens.refreshTokenId}`)).status, 404);
      assert.equal((await bearer(`/api/jwt/refresh?token=${encodeURIComponent(theirs.tokens.refreshToken!)}`)).status, 404);
      assert.equal((await bearer(`/api/jwt/refresh?userId=${mine.userId}`)).status, 401);
      assert.equal(await live(theirs.tokens.refreshToken!), true);
      assert.equal((await bearer(`/api/jwt/refresh/${mine.tokens.refreshTokenId}`)).status, 200);
      assert.equal(await live(mine.tokens.refreshToken!), false);
    });
  });

  describe('import', () => {
    const value = () => randomBytes(30).toString('base64url');

    it('imports tokens that then refresh like any other', async () => {
      const appId = await f.createApplication();
      const userId = await f.createUser({ applicationId: appId });
      const token = value();
      const startInstant = f.server.clock.now() - 60_000;
      const response = await f.client.importRefreshTokens({
        refreshTokens: [{ token, userId, applicationId: appId, startInstant, metaData: { device: { name: "John's iPad", type: 'TABLET' } }, data: { origin: 'legacy' } }],
      });
      assert.equal(response.statusCode, 200);
      const [imported] = (await f.client.retrieveRefreshTokens(userId)).response.refreshTokens! as [RefreshToken];
      assert.equal(imported.startInstant, startInstant);
      assert.equal(imported.metaData?.device?.name, "John's iPad");
      assert.deepEqual(imported.data, { origin: 'legacy' });
      const refreshed = await f.client.exchangeRefreshTokenForJWT({ refreshToken: token });
      const claims = await f.verify(refreshed.response.token!);
      assert.equal(claims.sub, userId);
      assert.equal(claims.sid, imported.id);
      assert.equal(claims.auth_time, undefined, 'an imported token carries no authentication time');
    });

    it('validates every token with validateDbConstraints, and writes none when one is bad', async () => {
      const appId = await f.createApplication();
      const otherApp = await f.createApplication();
      const userId = await f.createUser({ applicationId: appId });
      const existing = value();
      const startInstant = f.server.clock.now() - 1000;
      await f.client.importRefreshTokens({ refreshTokens: [{ token: existing, userId, applicationId: appId, startInstant }] });
      const repeated = value();
      const errors = await expectStatus(f.client.importRefreshTokens({
        validateDbConstraints: true,
        refreshTokens: [
          { token: value(), userId, applicationId: appId, startInstant },
          { token: existing, userId, applicationId: appId, startInstant },
          { token: repeated, userId, applicationId: appId, startInstant },
          { token: repeated, userId, applicationId: appId, startInstant },
          { token: value(), userId: randomUUID(), applicationId: randomUUID(), startInstant },
          { token: value(), userId, applicationId: otherApp, startInstant },
          { userId, applicationId: appId, startInstant: f.server.clock.now() + 60_000 },
        ],
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'refreshTokens[1].token': ['[duplicate]refreshTokens.token'],
        'refreshTokens[3].token': ['[duplicate]refreshTokens.token'],
        'refreshTokens[4].applicationId': ['[invalid]refreshTokens.applicationId'],
        'refreshTokens[4].userId': ['[invalid]refreshTokens.userId'],
        'refreshTokens[5].userId': ['[notRegistered]refreshTokens.userId'],
        'refreshTokens[6].token': ['[missing]refreshTokens.token'],
        'refreshTokens[6].startInstant': ['[invalid]refreshTokens.startInstant'],
      });
      assert.equal((await f.client.retrieveRefreshTokens(userId)).response.refreshTokens!.length, 1);
    });

    it('checks the start instant always, and answers 500 for a duplicate without validateDbConstraints', async () => {
      const appId = await f.createApplication();
      const userId = await f.createUser({ applicationId: appId });
      assert.deepEqual(fieldCodes(await expectStatus(f.client.importRefreshTokens({ refreshTokens: [] }), 400)), { refreshTokens: ['[missing]refreshTokens'] });
      assert.deepEqual(fieldCodes(await expectStatus(f.client.importRefreshTokens({ refreshTokens: [{ token: value(), userId, applicationId: appId }] }), 400)), {
        'refreshTokens[0].startInstant': ['[missing]refreshTokens.startInstant'],
      });
      const token = value();
      const startInstant = f.server.clock.now() - 1000;
      const good = { token: value(), userId, applicationId: appId, startInstant };
      await expectStatus(f.client.importRefreshTokens({ refreshTokens: [good, { token, userId, applicationId: appId, startInstant }, { token, userId, applicationId: appId, startInstant }] }), 500);
      assert.equal(await live(good.token), false, 'all or nothing');
    });
  });
});
