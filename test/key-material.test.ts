import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KeyAlgorithm, KeyType, type Key } from '@fusionauth/typescript-client';
import { compactVerify, importJWK, jwtVerify, SignJWT } from 'jose';
import { createKeyMaterial, type KeyMaterial } from '../src/api/key/service.js';
import { createKeyStore } from '../src/api/key/store.js';
import { rsaPair } from './helpers/certificates.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';

/** The seam the JWT work builds on: signing and verification material, and the public JWKS. */
describe('key material', () => {
  let server: TestServer;
  let material: KeyMaterial;
  const keys = new Map<string, Key>();

  before(async () => {
    server = await startTestServer();
    material = createKeyMaterial(createKeyStore(server.running.database));
    const generated: [string, Key][] = [
      ['rsa', { algorithm: KeyAlgorithm.RS256, name: 'rsa', length: 2048 }],
      ['ec', { algorithm: KeyAlgorithm.ES384, name: 'ec' }],
      ['ed', { algorithm: KeyAlgorithm.Ed25519, name: 'ed' }],
      ['hmac', { algorithm: KeyAlgorithm.HS512, name: 'hmac' }],
    ];
    for (const [label, key] of generated) keys.set(label, (await server.client.generateKey(null as unknown as string, { key })).response.key!);
    keys.set('public', (await server.client.importKey(null as unknown as string, { key: { name: 'public only', publicKey: rsaPair().publicPem } })).response.key!);
    keys.set('secret', (await server.client.importKey(null as unknown as string, { key: { name: 'a-secret', type: KeyType.Secret, secret: 'shh' } })).response.key!);
    keys.set('default', (await server.client.retrieveKeys()).response.keys!.find((k) => k.name === 'Default signing key')!);
  });
  after(() => server.stop());

  it('signs and verifies with the HMAC secret, the Default signing key included', async () => {
    for (const label of ['default', 'hmac']) {
      const key = keys.get(label)!;
      const signing = await material.signingKey(key.id!);
      assert.equal(signing?.type, 'HMAC');
      if (signing?.type !== 'HMAC') return;
      assert.equal(signing.kid, key.kid);
      assert.ok(signing.secret.length >= 32);
      const jwt = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: signing.algorithm, kid: signing.kid }).sign(signing.secret);
      const verification = await material.verificationKey(key.id!);
      assert.ok(verification?.type === 'HMAC');
      const { payload } = await jwtVerify(jwt, verification.secret);
      assert.equal(payload.sub, 'u');
    }
  });

  it('signs with RSA, EC and Ed25519 private keys, verifiable with the published JWKS', async () => {
    const jwks = await material.publicJwks();
    for (const [label, alg] of [['rsa', 'RS256'], ['ec', 'ES384'], ['ed', 'EdDSA']] as const) {
      const key = keys.get(label)!;
      const signing = await material.signingKey(key.id!);
      assert.ok(signing !== undefined && signing.type !== 'HMAC');
      assert.equal(signing.privateKey.type, 'private');
      const jwt = await new SignJWT({ sub: label }).setProtectedHeader({ alg, kid: signing.kid }).sign(signing.privateKey);
      const jwk = jwks.find((j) => j.kid === key.kid);
      assert.ok(jwk, `${label} is published`);
      assert.equal(jwk.alg, alg);
      assert.equal(jwk.use, 'sig');
      assert.equal(jwk.d, undefined);
      const der = new X509Certificate(key.certificate!).raw;
      assert.deepEqual(jwk.x5c, [der.toString('base64')]);
      assert.equal(jwk.x5t, createHash('sha1').update(der).digest('base64url'));
      assert.equal(jwk['x5t#S256'], createHash('sha256').update(der).digest('base64url'));
      const { payload } = await jwtVerify(jwt, await importJWK(jwk, alg));
      assert.equal(payload.sub, label);
      const byKid = await material.verificationKeyByKid(key.kid!);
      assert.ok(byKid !== undefined && byKid.type !== 'HMAC');
      await compactVerify(jwt, byKid.publicKey);
    }
  });

  it('publishes every public key but never an HMAC key or a Secret', async () => {
    const kids = (await material.publicJwks()).map((j) => j.kid).sort();
    assert.deepEqual(kids, [keys.get('rsa')!.kid, keys.get('ec')!.kid, keys.get('ed')!.kid, keys.get('public')!.kid].sort());
    const text = JSON.stringify(await material.publicJwks());
    assert.doesNotMatch(text, /"d"|"k"|"p"|"q"/);
  });

  it('has no signing key for a verification-only key, a Secret or an unknown id', async () => {
    const publicOnly = keys.get('public')!;
    assert.equal(await material.signingKey(publicOnly.id!), undefined);
    const verification = await material.verificationKey(publicOnly.id!);
    assert.ok(verification !== undefined && verification.type === 'RSA');
    assert.equal(verification.publicKey.type, 'public');
    assert.equal(await material.signingKey(keys.get('secret')!.id!), undefined);
    assert.equal(await material.verificationKey(keys.get('secret')!.id!), undefined);
    assert.equal(await material.signingKey('00000000-0000-4000-8000-000000000000'), undefined);
    assert.equal(await material.verificationKeyByKid('no-such-kid'), undefined);
  });
});
