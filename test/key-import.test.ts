import assert from 'node:assert/strict';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KeyAlgorithm, KeyType, type Key } from '@fusionauth/typescript-client';
import { ecPair, ed25519Pair, rsaPair, selfSigned } from './helpers/certificates.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';

const YEAR = 365 * 24 * 3600 * 1000;
const thumbprint = (pem: string): string => createHash('sha1').update(new X509Certificate(pem).raw).digest('base64url');
const spki = (pem: string): string => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

/** `POST /api/key/import`: every form FusionAuth documents, and every way an import is refused. */
describe('Keys API import', () => {
  let server: TestServer;
  let counter = 0;
  const unique = (prefix: string) => `${prefix} ${++counter}`;
  /** Every response body the tests saw, checked at the end for private material. */
  const bodies: string[] = [];
  const secretsSent: string[] = [];

  async function importKey(key: Key, id?: string): Promise<Key> {
    if (key.secret !== undefined) secretsSent.push(key.secret);
    const response = await server.client.importKey(id as string, { key });
    assert.equal(response.statusCode, 200);
    bodies.push(JSON.stringify(response.response));
    return response.response.key!;
  }

  async function importErrors(key: Key): Promise<Record<string, string[]>> {
    return fieldCodes(await expectStatus(server.client.importKey(null as unknown as string, { key }), 400));
  }

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const body of bodies) {
      assert.doesNotMatch(body, /PRIVATE KEY|"privateKey"|"secret"/);
      for (const secret of secretsSent) assert.ok(!body.includes(secret), 'a secret appeared in a response');
    }
    await server.stop();
  });

  it('imports a public key alone as a verification-only key', async () => {
    const pair = rsaPair();
    const key = await importKey({ name: unique('rsa public'), publicKey: pair.publicPem });
    assert.equal(key.algorithm, 'RS256');
    assert.equal(key.type, 'RSA');
    assert.equal(key.length, 2048);
    assert.equal(key.hasPrivateKey, false);
    assert.equal(spki(key.publicKey!), spki(pair.publicPem));
    assert.equal(key.certificate, undefined);
    assert.equal(key.certificateInformation, undefined);
    assert.ok(key.kid !== undefined && key.kid.length >= 8);
    const pkcs1 = pair.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const fromPkcs1 = await importKey({ name: unique('rsa pkcs1'), publicKey: pkcs1, algorithm: KeyAlgorithm.RS512, kid: 'pkcs1-kid' });
    assert.equal(fromPkcs1.algorithm, 'RS512');
    assert.equal(fromPkcs1.kid, 'pkcs1-kid');
    assert.match(fromPkcs1.publicKey!, /^-----BEGIN PUBLIC KEY-----/);
    const legacy = await importKey({ name: unique('rsa 1024'), publicKey: rsaPair(1024).publicPem });
    assert.equal(legacy.length, 1024);
  });

  it('imports EC and Ed25519 public keys, inferring the algorithm from the curve', async () => {
    for (const [curve, algorithm, length] of [['P-256', 'ES256', 256], ['P-384', 'ES384', 384], ['P-521', 'ES512', 521]] as const) {
      const key = await importKey({ name: unique(`ec public ${curve}`), publicKey: ecPair(curve).publicPem });
      assert.equal(key.algorithm, algorithm);
      assert.equal(key.type, 'EC');
      assert.equal(key.length, length);
    }
    const okp = await importKey({ name: unique('ed public'), publicKey: ed25519Pair().publicPem, type: KeyType.OKP });
    assert.equal(okp.algorithm, 'Ed25519');
    assert.equal(okp.length, 32);
  });

  it('imports a private key, deriving and returning only its public key', async () => {
    const pair = ecPair('P-384');
    const key = await importKey({ name: unique('ec pair'), privateKey: pair.privatePem });
    assert.equal(key.algorithm, 'ES384');
    assert.equal(key.hasPrivateKey, true);
    assert.equal(spki(key.publicKey!), spki(pair.publicPem));
    const sec1 = pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const both = await importKey({ name: unique('ec sec1'), privateKey: sec1, publicKey: pair.publicPem, algorithm: KeyAlgorithm.ES384, type: KeyType.EC });
    assert.equal(both.hasPrivateKey, true);
    const rsa = rsaPair();
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const rsaKey = await importKey({ name: unique('rsa pkcs1 private'), privateKey: pkcs1, algorithm: KeyAlgorithm.RS384 });
    assert.equal(rsaKey.algorithm, 'RS384');
    assert.equal(spki(rsaKey.publicKey!), spki(rsa.publicPem));
    const ed = ed25519Pair();
    const edKey = await importKey({ name: unique('ed private'), privateKey: ed.privatePem });
    assert.equal(edKey.type, 'OKP');
    assert.equal(edKey.hasPrivateKey, true);
  });

  it('imports a certificate alone as a verification-only key described by the certificate', async () => {
    const pair = rsaPair();
    const notBefore = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const notAfter = new Date(Date.UTC(2034, 0, 2, 3, 4, 5));
    const pem = await selfSigned(pair, { subject: 'CN=idp.example.com, O=Example', hash: 'SHA-384', notBefore, notAfter, serialNumber: '00ff10' });
    const key = await importKey({ name: unique('certificate'), certificate: pem });
    assert.equal(key.type, 'RSA');
    assert.equal(key.algorithm, 'RS384', 'inferred from the certificate signature');
    assert.equal(key.hasPrivateKey, false);
    assert.equal(key.kid, thumbprint(pem));
    assert.equal(spki(key.publicKey!), spki(pair.publicPem));
    assert.equal(new X509Certificate(key.certificate!).fingerprint256, new X509Certificate(pem).fingerprint256);
    assert.equal(key.issuer, 'idp.example.com');
    assert.equal(key.expirationInstant, notAfter.getTime());
    const info = key.certificateInformation!;
    assert.equal(info.subject, 'O=Example, CN=idp.example.com');
    assert.equal(info.issuer, 'O=Example, CN=idp.example.com');
    assert.equal(info.serialNumber, '00:FF:10');
    assert.equal(info.validFrom, notBefore.getTime());
    assert.equal(info.validTo, notAfter.getTime());
    // FusionAuth's own example sends the certificate as bare base64 DER, and names the kid.
    const der = new X509Certificate(pem).raw.toString('base64');
    const bare = await importKey({ name: unique('bare certificate'), certificate: der, kid: 'bare-kid' });
    assert.equal(bare.kid, 'bare-kid');
    assert.equal(bare.certificate, key.certificate);
  });

  it('imports a certificate with its private key as a signing key', async () => {
    const pair = ecPair('P-256');
    const pem = await selfSigned(pair, { subject: 'CN=signer', notBefore: new Date(), notAfter: new Date(Date.now() + YEAR) });
    const key = await importKey({ name: unique('certificate pair'), certificate: pem, privateKey: pair.privatePem, algorithm: KeyAlgorithm.ES256 });
    assert.equal(key.hasPrivateKey, true);
    assert.equal(key.algorithm, 'ES256');
    assert.equal(key.kid, thumbprint(pem));
    const other = ecPair('P-256');
    assert.deepEqual(await importErrors({ name: unique('mismatch'), certificate: pem, privateKey: other.privatePem }), { 'key.certificate': ['[invalid]key.certificate'] });
    assert.deepEqual(await importErrors({ name: unique('duplicate cert'), certificate: pem }), { 'key.kid': ['[duplicate]key.kid'] });
  });

  it('imports an HMAC secret, which is never returned', async () => {
    const secret = 'aW1wb3J0ZWQtaG1hYy1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA==';
    const key = await importKey({ name: unique('hmac import'), algorithm: KeyAlgorithm.HS512, type: KeyType.HMAC, secret, kid: 'hmac-kid' });
    assert.deepEqual(Object.keys(key).sort(), ['algorithm', 'id', 'insertInstant', 'kid', 'lastUpdateInstant', 'name', 'type']);
    assert.equal(key.algorithm, 'HS512');
    assert.equal(key.kid, 'hmac-kid');
    const inferred = await importKey({ name: unique('hmac inferred'), algorithm: KeyAlgorithm.HS256, secret: 'another-hmac-secret-value-0123456789' });
    assert.equal(inferred.type, 'HMAC');
    assert.deepEqual(await importErrors({ name: unique('no alg'), type: KeyType.HMAC, secret: 'x-secret-value' }), { 'key.algorithm': ['[missing]key.algorithm'] });
    assert.deepEqual(await importErrors({ name: unique('no secret'), algorithm: KeyAlgorithm.HS256 }), { 'key.secret': ['[blank]key.secret'] });
    assert.deepEqual(await importErrors({ name: unique('mismatch'), algorithm: KeyAlgorithm.HS256, type: KeyType.RSA, secret: 'x' }), { 'key.type': ['[invalid]key.type'] });
  });

  it('imports a Secret whose kid is its name, and lets PUT replace its value', async () => {
    const name = unique('my-secret');
    const key = await importKey({ name, type: KeyType.Secret, secret: 'first-secret-value' });
    assert.equal(key.algorithm, 'None');
    assert.equal(key.type, 'Secret');
    assert.equal(key.kid, name);
    const renamed = unique('renamed-secret');
    secretsSent.push('second-secret-value');
    const updated = (await server.client.updateKey(key.id!, { key: { name: renamed, secret: 'second-secret-value' } })).response.key!;
    bodies.push(JSON.stringify(updated));
    assert.equal(updated.kid, renamed);
    assert.equal(updated.name, renamed);
    assert.deepEqual(await importErrors({ name: unique('long'), type: KeyType.Secret, secret: 'x'.repeat(257) }), { 'key.secret': ['[tooLong]key.secret'] });
    assert.deepEqual(await importErrors({ name: unique('none'), algorithm: KeyAlgorithm.None }), { 'key.secret': ['[blank]key.secret'] });
  });

  it('answers malformed key material with 400 on the field, never 500', async () => {
    const pair = rsaPair();
    const garbage = '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----';
    assert.deepEqual(await importErrors({ name: unique('bad public'), publicKey: garbage }), { 'key.publicKey': ['[invalid]key.publicKey'] });
    assert.deepEqual(await importErrors({ name: unique('not pem'), publicKey: 'hello' }), { 'key.publicKey': ['[invalid]key.publicKey'] });
    assert.deepEqual(await importErrors({ name: unique('private as public'), publicKey: pair.privatePem }), { 'key.publicKey': ['[invalid]key.publicKey'] });
    assert.deepEqual(await importErrors({ name: unique('bad private'), privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }), { 'key.privateKey': ['[invalid]key.privateKey'] });
    const encrypted = pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass' }).toString();
    assert.deepEqual(await importErrors({ name: unique('encrypted'), privateKey: encrypted }), { 'key.privateKey': ['[invalid]key.privateKey'] });
    assert.deepEqual(await importErrors({ name: unique('bad cert'), certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }), { 'key.certificate': ['[invalid]key.certificate'] });
    assert.deepEqual(await importErrors({ name: unique('cert not base64'), certificate: 'not a certificate!' }), { 'key.certificate': ['[invalid]key.certificate'] });
    assert.deepEqual(await importErrors({ name: unique('nothing') }), { 'key.publicKey': ['[blank]key.publicKey'] });
    assert.deepEqual(await importErrors({ publicKey: pair.publicPem }), { 'key.name': ['[blank]key.name'] });
  });

  it('refuses material that disagrees with the given type or algorithm, or is unsupported', async () => {
    const ec = ecPair('P-384');
    assert.deepEqual(await importErrors({ name: unique('type'), type: KeyType.RSA, publicKey: ec.publicPem }), { 'key.type': ['[invalid]key.type'] });
    assert.deepEqual(await importErrors({ name: unique('curve'), algorithm: KeyAlgorithm.ES256, publicKey: ec.publicPem }), { 'key.algorithm': ['[invalid]key.algorithm'] });
    assert.deepEqual(await importErrors({ name: unique('family'), algorithm: KeyAlgorithm.RS256, publicKey: ec.publicPem }), { 'key.algorithm': ['[invalid]key.algorithm'] });
    assert.deepEqual(await importErrors({ name: unique('koblitz'), publicKey: ecPair('secp256k1').publicPem }), { 'key.publicKey': ['[invalid]key.publicKey'] });
    const rsa = rsaPair();
    const ecPrivate = ecPair('P-384');
    assert.deepEqual(await importErrors({ name: unique('pair mismatch'), publicKey: rsa.publicPem, privateKey: ecPrivate.privatePem }), { 'key.publicKey': ['[invalid]key.publicKey'] });
    assert.deepEqual(await importErrors({ name: unique('short private'), privateKey: rsaPair(1024).privatePem }), { 'key.privateKey': ['[invalidLength]key.privateKey'] });
    assert.deepEqual(await importErrors({ name: unique('tiny public'), publicKey: rsaPair(512).publicPem }), { 'key.publicKey': ['[invalidLength]key.publicKey'] });
  });

  it('refuses a duplicate name or kid, and honours the id on the URL', async () => {
    const pair = rsaPair();
    const name = unique('dup');
    const id = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const key = await importKey({ name, publicKey: pair.publicPem, kid: 'shared-kid' }, id);
    assert.equal(key.id, id);
    assert.deepEqual(await importErrors({ name, publicKey: pair.publicPem }), { 'key.name': ['[duplicate]key.name'] });
    assert.deepEqual(await importErrors({ name: unique('dup kid'), publicKey: pair.publicPem, kid: 'shared-kid' }), { 'key.kid': ['[duplicate]key.kid'] });
    const again = await expectStatus(server.client.importKey(id, { key: { name: unique('same id'), publicKey: pair.publicPem } }), 400);
    assert.deepEqual(fieldCodes(again), { 'key.id': ['[duplicate]key.id'] });
  });
});
