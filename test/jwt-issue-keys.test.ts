import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KeyAlgorithm, RefreshTokenExpirationPolicy, type Application } from '@fusionauth/typescript-client';
import { createPublicKey } from 'node:crypto';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { roles, startJwtFixtures, type JwtFixtures } from './helpers/jwt-fixtures.js';

const jwt = (configuration: NonNullable<Application['jwtConfiguration']>): Application['jwtConfiguration'] => ({
  enabled: true, timeToLiveInSeconds: 3600, refreshTokenTimeToLiveInMinutes: 43200, ...configuration,
});

describe('GET /api/jwt/issue', () => {
  let f: JwtFixtures;
  before(async () => {
    f = await startJwtFixtures();
  });
  after(() => f.server.stop());

  it('issues a token for another application, expiring with the presented one, with a refresh token of the same session', async () => {
    const source = await f.createApplication();
    const target = await f.createApplication({ roles: roles('member') });
    const userId = await f.createUser({ applicationId: source });
    await f.client.register(userId, { registration: { applicationId: target, roles: ['member'] } });
    const login = await f.login(userId, source);
    const presented = await f.verify(login.token);
    f.server.clock.advance(60_000);

    const issued = await f.client.issueJWT(target, login.token, login.refreshToken!);
    assert.equal(issued.statusCode, 200);
    const claims = await f.verify(issued.response.token!);
    assert.equal(claims.aud, target);
    assert.equal(claims.applicationId, target);
    assert.deepEqual(claims.roles, ['member']);
    assert.equal(claims.authenticationType, 'JWT_SSO');
    assert.equal(claims.exp, presented.exp, 'the same expiration as the presented token');
    assert.ok(typeof claims.sid === 'string' && claims.sid !== login.refreshTokenId);
    const refreshToken = issued.response.refreshToken!;
    assert.ok(refreshToken.length > 40);
    const copy = (await f.client.retrieveRefreshTokenById(claims.sid as string)).response.refreshToken!;
    const original = (await f.client.retrieveRefreshTokenById(login.refreshTokenId!)).response.refreshToken!;
    assert.equal(copy.applicationId, target);
    assert.equal(copy.startInstant, original.startInstant, 'the copy shares the original start instant');
    const refreshed = await f.client.exchangeRefreshTokenForJWT({ refreshToken });
    assert.equal((await f.verify(refreshed.response.token!)).applicationId, target);
  });

  it('issues no refresh token without one, for another session, or across expiration policies', async () => {
    const source = await f.createApplication();
    const sliding = await f.createApplication({ jwtConfiguration: jwt({ refreshTokenExpirationPolicy: RefreshTokenExpirationPolicy.SlidingWindow }) });
    const userId = await f.createUser({ applicationId: source });
    await f.client.register(userId, { registration: { applicationId: sliding } });
    const login = await f.login(userId, source);
    const other = await f.login(userId, source);
    const without = await f.client.issueJWT(sliding, login.token, undefined as unknown as string);
    assert.equal(without.statusCode, 200);
    assert.equal(without.response.refreshToken, undefined);
    assert.equal((await f.verify(without.response.token!)).sid, undefined);
    assert.equal((await f.client.issueJWT(sliding, login.token, other.refreshToken!)).response.refreshToken, undefined);
    assert.equal((await f.client.issueJWT(sliding, login.token, login.refreshToken!)).response.refreshToken, undefined);
  });

  it('answers 202 with a token without application claims when the user is not registered', async () => {
    const source = await f.createApplication();
    const target = await f.createApplication();
    const userId = await f.createUser({ applicationId: source });
    const login = await f.login(userId, source);
    const response = await f.server.fetch(`/api/jwt/issue?applicationId=${target}`, { headers: { authorization: `Bearer ${login.token}` } });
    assert.equal(response.status, 202);
    const body = (await response.json()) as { token: string; refreshToken?: string };
    assert.equal(body.refreshToken, undefined);
    const claims = await f.verify(body.token);
    assert.equal(claims.aud, target);
    assert.equal(claims.applicationId, undefined);
    assert.equal(claims.roles, undefined);
  });

  it('takes the access token from the access_token cookie too, and answers 401 to an API key or a bad token', async () => {
    const appId = await f.createApplication();
    const userId = await f.createUser({ applicationId: appId });
    const login = await f.login(userId, appId);
    const byCookie = await f.server.fetch(`/api/jwt/issue?applicationId=${appId}`, { headers: { cookie: `access_token=${login.token}` } });
    assert.equal(byCookie.status, 200);
    assert.equal((await f.server.fetch(`/api/jwt/issue?applicationId=${appId}`, { headers: { authorization: ADMIN_API_KEY } })).status, 401);
    await expectStatus(f.client.issueJWT(appId, 'garbage', undefined as unknown as string), 401);
  });

  it('validates applicationId', async () => {
    const appId = await f.createApplication();
    const userId = await f.createUser({ applicationId: appId });
    const { token } = await f.login(userId, appId);
    assert.deepEqual(fieldCodes(await expectStatus(f.client.issueJWT(undefined as unknown as string, token, undefined as unknown as string), 400)), { applicationId: ['[missing]applicationId'] });
    assert.deepEqual(fieldCodes(await expectStatus(f.client.issueJWT('6b1c59b2-4d56-4c0f-8d7b-4f3c4a1c0d11', token, undefined as unknown as string), 400)), { applicationId: ['[invalid]applicationId'] });
  });
});

describe('public keys and the JWKS', () => {
  let f: JwtFixtures;
  before(async () => {
    f = await startJwtFixtures();
  });
  after(() => f.server.stop());

  it('publish RSA and EC public keys, never HMAC keys', async () => {
    const rsaId = await f.generateRsaKey();
    const ec = (await f.client.generateKey(null as unknown as string, { key: { algorithm: KeyAlgorithm.ES256, name: 'ec key' } })).response.key!;
    const rsa = (await f.client.retrieveKey(rsaId)).response.key!;
    const hmacKid = (await f.client.retrieveKey((await f.tenant()).jwtConfiguration!.accessTokenKeyId!)).response.key!.kid!;

    const all = await f.client.retrieveJWTPublicKeys();
    assert.equal(all.statusCode, 200);
    assert.deepEqual(all.response.publicKeys, { [rsa.kid!]: rsa.publicKey, [ec.kid!]: ec.publicKey });
    assert.equal(all.response.publicKeys![hmacKid], undefined);
    assert.equal((await f.client.retrieveJWTPublicKey(rsa.kid!)).response.publicKey, rsa.publicKey);
    await expectStatus(f.client.retrieveJWTPublicKey(hmacKid), 404);
    await expectStatus(f.client.retrieveJWTPublicKey('no-such-kid'), 404);

    const jwks = (await f.client.retrieveJsonWebKeySet()).response.keys!;
    assert.deepEqual(jwks.map((k) => k.kid).sort(), [rsa.kid, ec.kid].sort());
    const rsaJwk = jwks.find((k) => k.kid === rsa.kid)!;
    assert.equal(rsaJwk.kty, 'RSA');
    assert.equal(rsaJwk.alg, 'RS256');
    assert.equal(rsaJwk.use, 'sig');
    assert.equal((rsaJwk as Record<string, unknown>).d, undefined);
    const fromJwk = createPublicKey({ key: rsaJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    assert.equal(fromJwk, createPublicKey(rsa.publicKey!).export({ type: 'spki', format: 'pem' }));
    assert.equal((await f.server.fetch('/.well-known/jwks.json', { method: 'POST' })).status, 405);
    assert.equal((await f.server.fetch('/api/jwt/public-key', { method: 'DELETE' })).status, 405);
  });

  it('answer an application signing key: its public key, nothing for HMAC, 404 for an unknown application', async () => {
    const rsaId = await f.generateRsaKey();
    const rsa = (await f.client.retrieveKey(rsaId)).response.key!;
    const signed = await f.createApplication({ jwtConfiguration: jwt({ accessTokenKeyId: rsaId }) });
    const hmac = await f.createApplication();
    const byApplication = await f.client.retrieveJWTPublicKeyByApplicationId(signed);
    assert.deepEqual(byApplication.response, { publicKey: rsa.publicKey });
    const none = await f.client.retrieveJWTPublicKeyByApplicationId(hmac);
    assert.equal(none.statusCode, 200);
    assert.deepEqual(none.response, {});
    await expectStatus(f.client.retrieveJWTPublicKeyByApplicationId('0b0e1a6e-7f1e-4a55-9b0f-3b5f7f1f6a2c'), 404);
  });
});
