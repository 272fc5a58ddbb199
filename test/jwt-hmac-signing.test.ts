import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jwtVerify, SignJWT } from 'jose';
import { signAccessToken, verifyAccessToken } from '../src/api/jwt/access-token.js';
import type { HmacKey, KeyMaterial } from '../src/api/key/service.js';
import type { AccessTokenClaims } from '../src/api/jwt/model.js';

const claims = {
  aud: '2c7a4b1e-0000-4000-8000-000000000001',
  exp: 2_000_000_000,
  iat: 1_700_000_000,
  iss: 'acme.com',
  sub: '2c7a4b1e-0000-4000-8000-000000000002',
  jti: '2c7a4b1e-0000-4000-8000-000000000003',
  authenticationType: 'PASSWORD',
  email: 'ünïcode@example.com',
  email_verified: true,
  applicationId: '2c7a4b1e-0000-4000-8000-000000000001',
  roles: ['admin', 'user'],
  auth_time: 1_700_000_000,
  tid: '2c7a4b1e-0000-4000-8000-000000000004',
} as unknown as AccessTokenClaims;

const hmacKey = (algorithm: HmacKey['algorithm'], secret: string): HmacKey =>
  ({ id: 'key-id', kid: `kid-${algorithm}`, type: 'HMAC', algorithm, secret: Buffer.from(secret, 'utf8') });

const material = (key: HmacKey): KeyMaterial => ({
  signingKey: async () => key,
  verificationKey: async () => key,
  verificationKeyByKid: async (kid) => (kid === key.kid ? key : undefined),
  publicJwks: async () => [],
});

describe('HMAC access tokens', () => {
  for (const algorithm of ['HS256', 'HS384', 'HS512'] as const) {
    it(`${algorithm}: the same token jose signs, and it verifies with jose`, async () => {
      const key = hmacKey(algorithm, `secret for ${algorithm} with ünïcode`);
      const token = await signAccessToken(claims, key);
      const expected = await new SignJWT({ ...claims }).setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: key.kid }).sign(key.secret);
      assert.equal(token, expected);
      const { payload, protectedHeader } = await jwtVerify(token, key.secret, { algorithms: [algorithm], currentDate: new Date(1_700_000_001_000) });
      assert.deepEqual(payload, claims);
      assert.deepEqual(protectedHeader, { alg: algorithm, typ: 'JWT', kid: key.kid });
    });
  }

  it('verification accepts the key\'s own tokens only, and not once expired', async () => {
    const key = hmacKey('HS256', 'the right secret');
    const token = await signAccessToken(claims, key);
    assert.deepEqual(await verifyAccessToken(token, material(key), 1_700_000_001_000), claims);
    assert.equal(await verifyAccessToken(token, material(key), 2_000_000_000_000), undefined);
    // Same kid, another secret (a key deleted and re-created): the cached WebCrypto key must not be reused.
    assert.equal(await verifyAccessToken(token, material(hmacKey('HS256', 'another secret')), 1_700_000_001_000), undefined);
    const forged = `${token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    assert.equal(await verifyAccessToken(forged, material(key), 1_700_000_001_000), undefined);
  });
});
