import assert from 'node:assert/strict';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KeyAlgorithm, KeyType, type Key } from '@fusionauth/typescript-client';
import { signatureHash } from './helpers/certificates.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';

const YEAR = 365 * 24 * 3600 * 1000;
const colonHex = (bytes: Buffer): string => bytes.toString('hex').toUpperCase().match(/../g)!.join(':');
const thumbprint = (pem: string): string => createHash('sha1').update(new X509Certificate(pem).raw).digest('base64url');
const spki = (pem: string): string => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

/** The serial FusionAuth gives a generated certificate: the key's UUID as a positive DER INTEGER. */
/** The certificate serial for a key id: the id's bytes as a DER INTEGER (no leading zero bytes, sign byte when needed). */
function serialOf(id: string): string {
  const hex = id.replace(/-/g, '').replace(/^(00)+/, '');
  return colonHex(Buffer.from(parseInt(hex[0]!, 16) >= 8 ? `00${hex}` : hex, 'hex'));
}

describe('Keys API', () => {
  let server: TestServer;
  let counter = 0;
  const unique = (prefix: string) => `${prefix} ${++counter}`;
  /** Every raw response body the tests saw, checked at the end for private material. */
  const bodies: string[] = [];

  async function raw(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await server.fetch(path, {
      method: init.method ?? 'GET',
      headers: { authorization: ADMIN_API_KEY, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, json: text === '' ? {} : JSON.parse(text) as Record<string, unknown> };
  }

  async function generate(key: Key, id?: string): Promise<Key> {
    const response = await server.client.generateKey(id as string, { key });
    assert.equal(response.statusCode, 200);
    bodies.push(JSON.stringify(response.response));
    return response.response.key!;
  }

  async function generateErrors(key: Key): Promise<Record<string, string[]>> {
    return fieldCodes(await expectStatus(server.client.generateKey(null as unknown as string, { key }), 400));
  }

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const body of bodies) assert.doesNotMatch(body, /PRIVATE KEY|"privateKey"|"secret"/);
    await server.stop();
  });

  describe('after first start', () => {
    it('lists the HS256 Default signing key without its secret', async () => {
      const { status, json } = await raw('/api/key');
      assert.equal(status, 200);
      const keys = json.keys as Key[];
      const key = keys.find((k) => k.name === 'Default signing key');
      assert.ok(key);
      assert.equal(key.algorithm, 'HS256');
      assert.equal(key.type, 'HMAC');
      assert.match(key.kid!, /^[0-9a-f]{9,10}$/);
      assert.equal(key.certificate, undefined);
      assert.equal(key.publicKey, undefined);
      assert.equal(key.hasPrivateKey, undefined);
      assert.ok(key.insertInstant! > 0);
      const retrieved = await server.client.retrieveKey(key.id!);
      assert.deepEqual(retrieved.response.key, key);
    });

    it('refuses to delete the Default signing key while the default tenant signs with it', async () => {
      const key = (await server.client.retrieveKeys()).response.keys!.find((k) => k.name === 'Default signing key')!;
      const errors = await expectStatus(server.client.deleteKey(key.id!), 400);
      assert.deepEqual(generalCodes(errors), ['[inUse]key']);
      assert.match(errors.generalErrors![0]!.message!, /tenant \[Default\].*jwtConfiguration\.accessTokenKeyId/);
      assert.equal((await server.client.retrieveKey(key.id!)).statusCode, 200);
    });
  });

  describe('generate', () => {
    async function assertCertificate(key: Key, commonName: string): Promise<X509Certificate> {
      const certificate = new X509Certificate(key.certificate!);
      const info = key.certificateInformation!;
      assert.ok(certificate.verify(certificate.publicKey), 'self-signed');
      assert.equal(spki(key.publicKey!), spki(certificate.publicKey.export({ type: 'spki', format: 'pem' }).toString()));
      assert.equal(info.issuer, `CN=${commonName}`);
      assert.equal(info.subject, `CN=${commonName}`);
      assert.equal(info.serialNumber, serialOf(key.id!));
      assert.equal(info.md5Fingerprint, colonHex(createHash('md5').update(certificate.raw).digest()));
      assert.equal(info.sha1Fingerprint, certificate.fingerprint);
      assert.equal(info.sha256Fingerprint, certificate.fingerprint256);
      assert.equal(info.sha1Thumbprint, thumbprint(key.certificate!));
      assert.equal(info.sha256Thumbprint, createHash('sha256').update(certificate.raw).digest('base64url'));
      assert.equal(key.kid, info.sha1Thumbprint);
      assert.ok(Math.abs(info.validFrom! - key.insertInstant!) < 1000);
      assert.ok(Math.abs(info.validTo! - info.validFrom! - 10 * YEAR) < 4 * 24 * 3600 * 1000, 'ten years');
      assert.equal(key.expirationInstant, info.validTo);
      assert.equal(key.hasPrivateKey, true);
      assert.equal(key.issuer, commonName);
      return certificate;
    }

    it('generates RSA keys of each size with a self-signed certificate for the default tenant issuer', async () => {
      for (const [algorithm, length, hash] of [[KeyAlgorithm.RS256, 2048, 'SHA-256'], [KeyAlgorithm.RS384, 3072, 'SHA-384'], [KeyAlgorithm.RS512, 4096, 'SHA-512']] as const) {
        const key = await generate({ algorithm, name: unique(`rsa ${algorithm}`), length });
        assert.equal(key.algorithm, algorithm);
        assert.equal(key.type, KeyType.RSA);
        assert.equal(key.length, length);
        assert.match(key.publicKey!, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
        assert.match(key.certificate!, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----$/);
        await assertCertificate(key, 'acme.com');
        assert.equal(createPublicKey(key.publicKey!).asymmetricKeyDetails?.modulusLength, length);
        assert.equal(signatureHash(key.certificate!), hash);
      }
    });

    it('generates EC keys on the curve of their algorithm, with the issuer asked for', async () => {
      for (const [algorithm, length, curve] of [[KeyAlgorithm.ES256, 256, 'prime256v1'], [KeyAlgorithm.ES384, 384, 'secp384r1'], [KeyAlgorithm.ES512, 521, 'secp521r1']] as const) {
        const key = await generate({ algorithm, name: unique(`ec ${algorithm}`), issuer: 'example.com' });
        assert.equal(key.type, KeyType.EC);
        assert.equal(key.length, length);
        assert.equal(createPublicKey(key.publicKey!).asymmetricKeyDetails?.namedCurve, curve);
        await assertCertificate(key, 'example.com');
      }
      const withLength = await generate({ algorithm: KeyAlgorithm.ES384, name: unique('ec length'), length: 384 });
      assert.equal(withLength.length, 384);
    });

    it('generates Ed25519 keys (type OKP, length 32)', async () => {
      const key = await generate({ algorithm: KeyAlgorithm.Ed25519, name: unique('eddsa') });
      assert.equal(key.type, KeyType.OKP);
      assert.equal(key.length, 32);
      assert.equal(createPublicKey(key.publicKey!).asymmetricKeyType, 'ed25519');
      await assertCertificate(key, 'acme.com');
    });

    it('generates HMAC keys with no public parts, ignoring an issuer', async () => {
      for (const algorithm of [KeyAlgorithm.HS256, KeyAlgorithm.HS384, KeyAlgorithm.HS512]) {
        const name = unique(`hmac ${algorithm}`);
        const key = await generate({ algorithm, name, issuer: 'ignored.example' });
        assert.deepEqual(Object.keys(key).sort(), ['algorithm', 'id', 'insertInstant', 'kid', 'lastUpdateInstant', 'name', 'type']);
        assert.equal(key.type, KeyType.HMAC);
        assert.equal(key.name, name);
      }
    });

    it('uses the id on the URL, and refuses it twice or malformed', async () => {
      const id = '6b8b9f3e-0c1a-4e65-9b3e-3f2d2c1b0a99';
      const key = await generate({ algorithm: KeyAlgorithm.ES256, name: unique('with id') }, id);
      assert.equal(key.id, id);
      assert.equal(key.certificateInformation?.serialNumber, '6B:8B:9F:3E:0C:1A:4E:65:9B:3E:3F:2D:2C:1B:0A:99');
      const again = await expectStatus(server.client.generateKey(id, { key: { algorithm: KeyAlgorithm.HS256, name: unique('again') } }), 400);
      assert.deepEqual(fieldCodes(again), { 'key.id': ['[duplicate]key.id'] });
      const malformed = await raw('/api/key/generate/not-a-uuid', { method: 'POST', body: { key: { algorithm: 'HS256', name: unique('bad id') } } });
      assert.equal(malformed.status, 400);
      assert.deepEqual(Object.keys(malformed.json.fieldErrors as object), ['key.id']);
    });

    it('validates the request', async () => {
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.HS256 }), { 'key.name': ['[blank]key.name'] });
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.HS256, name: 'Default signing key' }), { 'key.name': ['[duplicate]key.name'] });
      assert.deepEqual(await generateErrors({ name: unique('no algorithm') }), { 'key.algorithm': ['[missing]key.algorithm'] });
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.None, name: unique('none') }), { 'key.algorithm': ['[invalid]key.algorithm'] });
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.RS256, name: unique('no length') }), { 'key.length': ['[missing]key.length'] });
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.RS256, name: unique('short'), length: 1024 }), { 'key.length': ['[invalid]key.length'] });
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.ES256, name: unique('wrong curve'), length: 384 }), { 'key.length': ['[invalid]key.length'] });
      assert.deepEqual(await generateErrors({ algorithm: KeyAlgorithm.RS256 }), { 'key.name': ['[blank]key.name'], 'key.length': ['[missing]key.length'] });
      const missing = await expectStatus(server.client.generateKey(null as unknown as string, {}), 400);
      assert.deepEqual(fieldCodes(missing), { key: ['[missing]key'] });
      const unknown = await raw('/api/key/generate', { method: 'POST', body: { key: { algorithm: 'RS1024', name: unique('unknown') } } });
      assert.equal(unknown.status, 400);
      assert.deepEqual(Object.keys(unknown.json.fieldErrors as object), ['key.algorithm']);
      const malformed = await raw('/api/key/generate', { method: 'POST', body: '{"key": {' });
      assert.equal(malformed.status, 400);
    });

    it('accepts the length as a string, as the docs type it', async () => {
      const created = await raw('/api/key/generate', { method: 'POST', body: { key: { algorithm: 'RS256', name: unique('string length'), length: '2048' } } });
      assert.equal(created.status, 200);
      assert.equal((created.json.key as Key).length, 2048);
    });
  });

  describe('retrieve, update, delete', () => {
    it('answers 404 for a key that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000001';
      await expectStatus(server.client.retrieveKey(missing), 404);
      await expectStatus(server.client.updateKey(missing, { key: { name: 'x' } }), 404);
      await expectStatus(server.client.deleteKey(missing), 404);
      assert.equal((await raw('/api/key/not-a-uuid')).status, 404);
    });

    it('updates the name only, ignoring every other field', async () => {
      const key = await generate({ algorithm: KeyAlgorithm.ES256, name: unique('to rename') });
      server.clock.advance(5000);
      const name = unique('renamed');
      const response = await server.client.updateKey(key.id!, { key: { ...key, name, algorithm: KeyAlgorithm.ES512, kid: 'changed', publicKey: 'x', issuer: 'changed' } });
      const updated = response.response.key!;
      bodies.push(JSON.stringify(updated));
      assert.equal(updated.name, name);
      assert.deepEqual({ ...updated, name: key.name, lastUpdateInstant: key.lastUpdateInstant }, key);
      assert.ok(updated.lastUpdateInstant! >= key.lastUpdateInstant! + 5000);
      assert.equal((await server.client.retrieveKey(key.id!)).response.key?.name, name);
    });

    it('validates the new name', async () => {
      const key = await generate({ algorithm: KeyAlgorithm.HS256, name: unique('validated') });
      const blank = await expectStatus(server.client.updateKey(key.id!, { key: { name: ' ' } }), 400);
      assert.deepEqual(fieldCodes(blank), { 'key.name': ['[blank]key.name'] });
      const duplicate = await expectStatus(server.client.updateKey(key.id!, { key: { name: 'Default signing key' } }), 400);
      assert.deepEqual(fieldCodes(duplicate), { 'key.name': ['[duplicate]key.name'] });
      const same = await server.client.updateKey(key.id!, { key: { name: key.name } });
      assert.equal(same.statusCode, 200);
      const missing = await expectStatus(server.client.updateKey(key.id!, {}), 400);
      assert.deepEqual(fieldCodes(missing), { key: ['[missing]key'] });
    });

    it('deletes an unused key', async () => {
      const key = await generate({ algorithm: KeyAlgorithm.HS384, name: unique('to delete') });
      const deleted = await server.client.deleteKey(key.id!);
      assert.equal(deleted.statusCode, 200);
      await expectStatus(server.client.retrieveKey(key.id!), 404);
      await expectStatus(server.client.deleteKey(key.id!), 404);
    });

    it('refuses to delete a key an application signs with', async () => {
      const key = await generate({ algorithm: KeyAlgorithm.ES256, name: unique('app key') });
      const application = await server.client.createApplication(null as unknown as string, {
        application: { name: unique('app'), jwtConfiguration: { enabled: true, timeToLiveInSeconds: 3600, refreshTokenTimeToLiveInMinutes: 43200, accessTokenKeyId: key.id!, idTokenKeyId: key.id! } },
      });
      assert.equal(application.statusCode, 200);
      const errors = await expectStatus(server.client.deleteKey(key.id!), 400);
      assert.deepEqual(generalCodes(errors), ['[inUse]key']);
      assert.match(errors.generalErrors![0]!.message!, /application .*jwtConfiguration\.accessTokenKeyId.*jwtConfiguration\.idTokenKeyId/);
    });

    it('is refused to an API key locked to a tenant', async () => {
      const tenantId = await server.defaultTenantId();
      const locked = (await server.client.createAPIKey(null as unknown as string, { apiKey: { tenantId } })).response.apiKey!;
      await expectStatus(server.clientWith(locked.key!).retrieveKeys(), 401);
    });
  });

  describe('search', () => {
    let ids: string[] = [];
    before(async () => {
      ids = [];
      for (const [algorithm, name] of [[KeyAlgorithm.HS256, 'Zeta search'], [KeyAlgorithm.ES256, 'alpha SEARCH'], [KeyAlgorithm.HS512, 'Mid_search%'], [KeyAlgorithm.ES384, 'beta search']] as const) {
        server.clock.advance(1000);
        ids.push((await generate({ algorithm, name })).id!);
      }
    });

    it('finds keys by name (contains, case-insensitive, * wildcard), ordered by name', async () => {
      const found = (await server.client.searchKeys({ search: { name: 'search' } })).response;
      assert.equal(found.total, 4);
      assert.deepEqual(found.keys!.map((k) => k.name), ['alpha SEARCH', 'beta search', 'Mid_search%', 'Zeta search']);
      const wildcard = (await server.client.searchKeys({ search: { name: 'a*search' } })).response;
      assert.deepEqual(wildcard.keys!.map((k) => k.name), ['alpha SEARCH', 'beta search', 'Zeta search']);
      const literal = (await server.client.searchKeys({ search: { name: '_search%' } })).response;
      assert.deepEqual(literal.keys!.map((k) => k.name), ['Mid_search%']);
    });

    it('filters by algorithm and type, pages, and orders', async () => {
      const ec = (await server.client.searchKeys({ search: { name: 'search', type: KeyType.EC } })).response;
      assert.deepEqual(ec.keys!.map((k) => k.name), ['alpha SEARCH', 'beta search']);
      const hs512 = (await server.client.searchKeys({ search: { algorithm: KeyAlgorithm.HS512, name: 'search' } })).response;
      assert.deepEqual(hs512.keys!.map((k) => k.id), [ids[2]]);
      const page = (await server.client.searchKeys({ search: { name: 'search', orderBy: 'insertInstant DESC', startRow: 1, numberOfResults: 2 } })).response;
      assert.equal(page.total, 4);
      assert.deepEqual(page.keys!.map((k) => k.id), [ids[2], ids[1]]);
      const byExpiration = (await server.client.searchKeys({ search: { name: 'search', orderBy: 'expiration' } })).response;
      assert.deepEqual(byExpiration.keys!.map((k) => k.name), ['Mid_search%', 'Zeta search', 'alpha SEARCH', 'beta search']);
      const byType = (await server.client.searchKeys({ search: { name: 'search', orderBy: 'type desc' } })).response;
      assert.deepEqual(byType.keys!.map((k) => k.type), ['HMAC', 'HMAC', 'EC', 'EC']);
      const everything = (await server.client.searchKeys({ search: {} })).response;
      assert.equal(everything.total, (await server.client.retrieveKeys()).response.keys!.length);
      bodies.push(JSON.stringify(everything));
    });

    it('takes the same criteria as query parameters', async () => {
      const found = await server.client.searchKeysByParameters(KeyAlgorithm.ES384, 'SEARCH', 10, 'name DESC', 0, KeyType.EC);
      assert.equal(found.statusCode, 200);
      assert.deepEqual(found.response.keys!.map((k) => k.id), [ids[3]]);
      assert.equal(found.response.total, 1);
      const absent = await raw('/api/key/search?name=search&orderBy=undefined&startRow=undefined&numberOfResults=2');
      assert.equal(absent.status, 200);
      assert.equal((absent.json.keys as Key[]).length, 2);
      assert.equal(absent.json.total, 4);
    });

    it('rejects an unknown orderBy field', async () => {
      const errors = await expectStatus(server.client.searchKeys({ search: { orderBy: 'kid ASC' } }), 400);
      assert.deepEqual(fieldCodes(errors), { 'search.orderBy': ['[invalid]search.orderBy'] });
    });
  });
});
