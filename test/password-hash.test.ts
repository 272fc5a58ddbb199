import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  builtInPasswordSchemes, constantTimeEquals, createPasswordSchemes, DEFAULT_PASSWORD_SCHEME, needsRehash, rehashTarget,
} from '../src/crypto/password/index.js';
import { saltedPbkdf2HmacSha256 } from '../src/crypto/password/pbkdf2.js';

/**
 * FusionAuth's published PBKDF2-HMAC-SHA256 vectors (fusionauth-example-password-encryptor, 512-bit
 * key, factor 27500). PBKDF2's first 256 bits do not depend on the key length, so the default scheme's
 * 256-bit hash is the first half of each.
 */
const FUSIONAUTH_VECTORS = [
  { password: 'password', salt: 'jVqbuA9k2Mlo37OWXBMKLw==', hash512: 'LjFqvhPuUHJdQvWIwVQfqxjeujAWqG/DVQRFoOv62/cTznl9ob4jwWwY6i1RrwGviu5iNPU5VIp03SxDyetyfw==' },
  { password: 'password', salt: 'XnYZtiSCmFE5HF/ZplNCow==', hash512: 'OFb32+cOm0sgtEcmNiGC83A27Sk1gb0fynv0RUXBfFXEJ/EieUPlx4uDAGA/q0/FkX2iHO45qqoIqBesiYMIUg==' },
];

describe('password schemes', () => {
  it('salted-pbkdf2-hmac-sha256 hashes exactly as FusionAuth: base64-decoded salt, 256-bit key, base64 output', async () => {
    for (const { password, salt, hash512 } of FUSIONAUTH_VECTORS) {
      const expected = Buffer.from(hash512, 'base64').subarray(0, 32).toString('base64');
      assert.equal(await saltedPbkdf2HmacSha256.hash(password, salt, 27_500), expected);
    }
  });

  it('is the default scheme, with FusionAuth default factor 24000, listed first', () => {
    assert.equal(DEFAULT_PASSWORD_SCHEME, 'salted-pbkdf2-hmac-sha256');
    assert.equal(saltedPbkdf2HmacSha256.defaultFactor, 24_000);
    assert.deepEqual(builtInPasswordSchemes().names(), [
      'salted-pbkdf2-hmac-sha256', 'salted-pbkdf2-hmac-sha256-512', 'salted-pbkdf2-hmac-sha512-512', 'bcrypt',
      'salted-md5', 'salted-sha256', 'salted-hmac-sha256', 'phpass-md5', 'phpass-sha512',
    ]);
  });

  it('hashes with a fresh 32-byte base64 salt and verifies only the right password', async () => {
    const schemes = builtInPasswordSchemes();
    const a = await schemes.hash('correct horse', DEFAULT_PASSWORD_SCHEME, 1000);
    const b = await schemes.hash('correct horse', DEFAULT_PASSWORD_SCHEME, 1000);
    assert.equal(Buffer.from(a.salt, 'base64').length, 32);
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(a.hash, b.hash);
    assert.equal(a.factor, 1000);
    assert.equal(await schemes.verify('correct horse', a), true);
    assert.equal(await schemes.verify('correct horsE', a), false);
    assert.equal(await schemes.verify('correct horse', { ...a, scheme: 'no-such-scheme' }), false);
  });

  it('checks factors per scheme and stays open to new schemes', async () => {
    const schemes = createPasswordSchemes([
      saltedPbkdf2HmacSha256,
      { name: 'reverse', defaultFactor: 1, hash: async (password, salt) => `${salt}:${[...password].reverse().join('')}` },
    ]);
    assert.equal(schemes.isValidFactor('salted-pbkdf2-hmac-sha256', 0), false);
    assert.equal(schemes.isValidFactor('salted-pbkdf2-hmac-sha256', 24_000), true);
    assert.equal(schemes.isValidFactor('reverse', 3), true);
    assert.equal(schemes.isValidFactor('unknown', 3), false);
    const stored = await schemes.hash('abc', 'reverse', 1);
    assert.equal(stored.hash, `${stored.salt}:cba`);
    assert.equal(await schemes.verify('abc', stored), true);
  });

  it('uses a scheme\'s own salt generator and salt validation when it has them', async () => {
    const schemes = createPasswordSchemes([
      { name: 'plain', defaultFactor: 1, hash: async (password, salt) => `${salt}${password}`, generateSalt: () => 'SALT', isValidSalt: (salt) => salt === 'SALT' },
    ]);
    const stored = await schemes.hash('pw', 'plain', 1);
    assert.deepEqual(stored, { hash: 'SALTpw', salt: 'SALT', scheme: 'plain', factor: 1 });
    assert.equal(schemes.isValidSalt('plain', 'SALT'), true);
    assert.equal(schemes.isValidSalt('plain', 'c2FsdA=='), false);
    assert.equal(schemes.isValidSalt('unknown', 'c2FsdA=='), false);
  });

  it('validates salts as FusionAuth does: strict base64 by default, bcrypt and phpass alphabets', () => {
    const schemes = builtInPasswordSchemes();
    for (const salt of ['', 'c2FsdA==', 'c2FsdA', 'jVqbuA9k2Mlo37OWXBMKLw==', 'YWJj']) assert.equal(schemes.isValidSalt('salted-sha256', salt), true, salt);
    for (const salt of [' c2FsdA==', 'c2Fsd', 'c2F$dA==', 'YWJj=', 'not base64!']) assert.equal(schemes.isValidSalt('salted-sha256', salt), false, salt);
    assert.equal(schemes.isValidSalt('salted-hmac-sha256', ''), false, 'an HMAC needs a key');
    assert.equal(schemes.isValidSalt('bcrypt', 'DCq7YPn5Rq63x1Lad4cll.'), true);
    assert.equal(schemes.isValidSalt('bcrypt', 'DCq7YPn5Rq63x1Lad4cll'), false, '21 characters');
    assert.equal(schemes.isValidSalt('bcrypt', 'DCq7YPn5Rq63x1Lad4cl+.'), false, 'not the bcrypt alphabet');
    assert.equal(schemes.isValidSalt('phpass-md5', 'IQRaTwmf'), true);
    assert.equal(schemes.isValidSalt('phpass-sha512', 'wkjgAKeS'), true);
    assert.equal(schemes.isValidSalt('phpass-md5', 'IQR+Twmf'), false);
  });

  it('refuses to hash with a factor the scheme cannot use, and never verifies malformed stored passwords', async () => {
    const schemes = builtInPasswordSchemes();
    await assert.rejects(schemes.hash('pw', 'bcrypt', 3), RangeError);
    await assert.rejects(schemes.hash('pw', 'no-such-scheme', 1), /Unknown password scheme/);
    // jBCrypt TestBCrypt ("abc", cost 6), split as FusionAuth stores it.
    const good = { scheme: 'bcrypt', salt: 'If6bvum7DFjUnE9p2uDeDu', factor: 6, hash: '0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i' };
    assert.equal(await schemes.verify('abc', good), true);
    assert.equal(await schemes.verify('abc', { ...good, factor: 3 }), false, 'factor out of range');
    assert.equal(await schemes.verify('abc', { ...good, salt: 'If6bvum7DFjUnE9p2uDe' }), false, 'salt too short');
    assert.equal(await schemes.verify('abc', { ...good, hash: `${good.hash}x` }), false, 'hash of another length');
    assert.equal(await schemes.verify('abc', { scheme: 'salted-sha256', salt: '%%%', factor: 1, hash: '' }), false);
  });

  // Counting event-loop turns rather than timing them keeps these independent of machine load: an
  // unsliced 100 000-round SHA-256 chain, or bcrypt computed on the main thread (bcryptjs works in
  // 100 ms slices), would let the loop turn only a handful of times.
  for (const [label, scheme, factor] of [['iterated digests run in slices', 'salted-sha256', 100_000], ['bcrypt runs off the main thread', 'bcrypt', 12]] as const) {
    it(`${label}: the event loop keeps turning during a long hash`, async () => {
      const schemes = builtInPasswordSchemes();
      let turns = 0;
      let hashing = true;
      const turn = (): void => {
        turns++;
        if (hashing) setImmediate(turn);
      };
      setImmediate(turn);
      const stored = await schemes.hash('pw', scheme, factor);
      hashing = false;
      assert.ok(turns >= 50, `the event loop turned ${turns} times`);
      assert.equal(await schemes.verify('pw', stored), true);
    });
  }

  it('compares in constant time without failing on different lengths', () => {
    assert.equal(constantTimeEquals('abc', 'abc'), true);
    assert.equal(constantTimeEquals('abc', 'abd'), false);
    assert.equal(constantTimeEquals('abc', 'abcd'), false);
  });
});

describe('re-hash on login (tenant modifyEncryptionSchemeOnLogin)', () => {
  const user = { scheme: 'salted-md5', factor: 20_000 };

  it('re-hashes to the tenant scheme and factor only when enabled and different', () => {
    const tenant = { encryptionScheme: 'bcrypt', encryptionSchemeFactor: 10, modifyEncryptionSchemeOnLogin: true };
    assert.equal(needsRehash(user, tenant), true);
    assert.deepEqual(rehashTarget(user, tenant), { scheme: 'bcrypt', factor: 10 });
    assert.equal(needsRehash(user, { ...tenant, modifyEncryptionSchemeOnLogin: false }), false);
    assert.equal(needsRehash(user, { encryptionScheme: 'bcrypt', encryptionSchemeFactor: 10 }), false, 'off unless enabled');
    assert.equal(needsRehash(user, undefined), false);
    assert.equal(needsRehash({ scheme: 'bcrypt', factor: 10 }, tenant), false, 'already matches');
  });

  it('re-hashes when only the factor differs', () => {
    const tenant = { encryptionScheme: 'salted-pbkdf2-hmac-sha256', encryptionSchemeFactor: 24_000, modifyEncryptionSchemeOnLogin: true };
    assert.deepEqual(rehashTarget({ scheme: 'salted-pbkdf2-hmac-sha256', factor: 10_000 }, tenant), { scheme: 'salted-pbkdf2-hmac-sha256', factor: 24_000 });
    assert.equal(needsRehash({ scheme: 'salted-pbkdf2-hmac-sha256', factor: 24_000 }, tenant), false);
  });

  it('fills FusionAuth defaults for a tenant that names no scheme or factor', () => {
    assert.deepEqual(rehashTarget(user, { modifyEncryptionSchemeOnLogin: true }), { scheme: 'salted-pbkdf2-hmac-sha256', factor: 24_000 });
    assert.deepEqual(rehashTarget(user, { encryptionScheme: 'phpass-sha512', modifyEncryptionSchemeOnLogin: true }), { scheme: 'phpass-sha512', factor: 32_768 });
  });

  it('never targets a scheme or factor this server cannot hash with', () => {
    assert.equal(needsRehash(user, { encryptionScheme: 'rot13', encryptionSchemeFactor: 1, modifyEncryptionSchemeOnLogin: true }), false);
    assert.equal(needsRehash(user, { encryptionScheme: 'bcrypt', encryptionSchemeFactor: 99, modifyEncryptionSchemeOnLogin: true }), false);
  });

  it('uses the registry it is given', () => {
    const schemes = createPasswordSchemes([{ name: 'custom', defaultFactor: 7, hash: async () => 'h' }]);
    assert.deepEqual(rehashTarget(user, { encryptionScheme: 'custom', modifyEncryptionSchemeOnLogin: true }, schemes), { scheme: 'custom', factor: 7 });
    assert.equal(needsRehash(user, { modifyEncryptionSchemeOnLogin: true }, schemes), false, 'the default scheme is not in this registry');
  });
});
