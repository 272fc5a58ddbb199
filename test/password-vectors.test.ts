/**
 * Known-answer tests for every built-in password scheme: each vector is a (password, salt, factor,
 * hash) in FusionAuth's storage encoding, with its source next to it. Then, for every scheme: a round
 * trip through the registry, a wrong password refused, and the factor range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInPasswordSchemes } from '../src/crypto/password/index.js';
import { phpassFactorOf } from '../src/crypto/password/phpass.js';
import { saltedDigest } from '../src/crypto/password/salted-digest.js';

const schemes = builtInPasswordSchemes();
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const hexToB64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

interface Vector {
  readonly source: string;
  readonly password: string;
  readonly salt: string;
  readonly factor: number;
  readonly hash: string;
}

const VECTORS: Record<string, readonly Vector[]> = {
  'salted-md5': [
    {
      // FusionAuth issue #257 (maintainer's answer): an unsalted MD5 imports as salted-md5, factor 1,
      // salt "", with md5("password") = 5f4dcc3b5aa765d61d8327deb882cf99 base64-encoded.
      source: 'fusionauth-issues#257', password: 'password', salt: '', factor: 1, hash: hexToB64('5f4dcc3b5aa765d61d8327deb882cf99'),
    },
    {
      // RFC 1321 A.5: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72. Password "ab" then the decoded
      // salt "c": proves the password-then-salt order without a separator.
      source: 'RFC 1321 A.5', password: 'ab', salt: b64('c'), factor: 1, hash: hexToB64('900150983cd24fb0d6963f7d28e17f72'),
    },
    {
      // RFC 1321 A.5: MD5("") = d41d8cd98f00b204e9800998ecf8427e; factor 2 is MD5 of those 16 bytes
      // (`printf '' | openssl dgst -md5 -binary | openssl dgst -md5`).
      source: 'RFC 1321 A.5 + OpenSSL, iterated', password: '', salt: '', factor: 2,
      hash: hexToB64('59adb24ef3cdbe0297f05b395827453f'),
    },
  ],
  'salted-sha256': [
    {
      // FIPS 180-2 B.1: SHA-256("abc"); password "a", decoded salt "bc".
      source: 'FIPS 180-2 B.1', password: 'a', salt: b64('bc'), factor: 1,
      hash: hexToB64('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'),
    },
    {
      // FIPS 180-2 B.2: SHA-256 of the 56-byte message; the password is the whole message, salt "".
      source: 'FIPS 180-2 B.2', password: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', salt: '', factor: 1,
      hash: hexToB64('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'),
    },
  ],
  'salted-hmac-sha256': [
    {
      // RFC 4231 test case 2: key "Jefe" (the decoded salt), data "what do ya want for nothing?" (the password).
      source: 'RFC 4231 4.3', password: 'what do ya want for nothing?', salt: b64('Jefe'), factor: 1,
      hash: hexToB64('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
    },
  ],
  'salted-pbkdf2-hmac-sha256': [
    {
      // fusionauth-example-password-encryptor, ExamplePBDKF2HMACSHA256Keylength512PasswordHasherTest:
      // the 512-bit key's first 256 bits (PBKDF2's first block does not depend on the key length).
      source: 'fusionauth-example-password-encryptor (first half)', password: 'password', salt: 'jVqbuA9k2Mlo37OWXBMKLw==', factor: 27_500,
      hash: Buffer.from('LjFqvhPuUHJdQvWIwVQfqxjeujAWqG/DVQRFoOv62/cTznl9ob4jwWwY6i1RrwGviu5iNPU5VIp03SxDyetyfw==', 'base64').subarray(0, 32).toString('base64'),
    },
  ],
  'salted-pbkdf2-hmac-sha256-512': [
    {
      // fusionauth-example-password-encryptor, ExamplePBDKF2HMACSHA256Keylength512PasswordHasherTest.
      source: 'fusionauth-example-password-encryptor', password: 'password', salt: 'jVqbuA9k2Mlo37OWXBMKLw==', factor: 27_500,
      hash: 'LjFqvhPuUHJdQvWIwVQfqxjeujAWqG/DVQRFoOv62/cTznl9ob4jwWwY6i1RrwGviu5iNPU5VIp03SxDyetyfw==',
    },
    {
      source: 'fusionauth-example-password-encryptor', password: 'password', salt: 'XnYZtiSCmFE5HF/ZplNCow==', factor: 27_500,
      hash: 'OFb32+cOm0sgtEcmNiGC83A27Sk1gb0fynv0RUXBfFXEJ/EieUPlx4uDAGA/q0/FkX2iHO45qqoIqBesiYMIUg==',
    },
  ],
  'salted-pbkdf2-hmac-sha512-512': [
    {
      // PBKDF2-HMAC-SHA512 P="password" S="salt" c=1 dkLen=64 (CPython Lib/test/test_hashlib.py pbkdf2 vectors).
      source: 'CPython test_hashlib, c=1', password: 'password', salt: b64('salt'), factor: 1,
      hash: hexToB64('867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce'),
    },
    {
      source: 'CPython test_hashlib, c=2', password: 'password', salt: b64('salt'), factor: 2,
      hash: hexToB64('e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e'),
    },
  ],
  bcrypt: [
    // OpenBSD / jBCrypt TestBCrypt vectors ($2a$06$<salt><hash>), split as FusionAuth stores them:
    // factor = cost, salt = the 22 characters after the cost, hash = the last 31 characters.
    { source: 'jBCrypt TestBCrypt', password: '', salt: 'DCq7YPn5Rq63x1Lad4cll.', factor: 6, hash: 'TV4S6ytwfsfvkgY8jIucDrjc8deX1s.' },
    { source: 'jBCrypt TestBCrypt', password: 'abc', salt: 'If6bvum7DFjUnE9p2uDeDu', factor: 6, hash: '0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i' },
    { source: 'jBCrypt TestBCrypt', password: '~!@#$%^&*()      ~!@#$%^&*()PNBFRD', salt: 'fPIsBO8qRqkjj273rfaOI.', factor: 6, hash: 'HtSV9jLDpTbZn782DC6/t7qT67P6FfO' },
    { source: 'jBCrypt TestBCrypt', password: 'a', salt: 'cfcvVd2aQ8CMvoMpP2EBfe', factor: 8, hash: 'odLEkkFJ9umNEfPD18.hUF62qqlC/V.' },
  ],
  'phpass-md5': [
    {
      // fusionauth-example-password-encryptor, ExamplePHPMD5SaltedPasswordEncryptorTest (also phpass's own
      // test.php): $P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0 for "test12345", factor 2^index('9') = 2048.
      source: 'fusionauth-example-password-encryptor', password: 'test12345', salt: 'IQRaTwmf', factor: 2048, hash: 'eRo7ud9Fh4E2PdI0S3r.L0',
    },
  ],
  'phpass-sha512': [
    // John the Ripper drupal7 format tests (Drupal 7 $S$, 16384 = 2^index('C') rounds), split as FusionAuth stores them.
    { source: 'John the Ripper drupal7', password: 'virtualabc', salt: 'wkjgAKeS', factor: 16_384, hash: 'x2imSiN3SyBEg8e0sgE2QOx4a/VIfCHN0BZUNAWCr1X' },
    { source: 'John the Ripper drupal7', password: 'password', salt: 'FURCPa.k', factor: 16_384, hash: '6FAEbJPgejaW4nijv7rYgGc4dUJtChQtV4KLJTPTC/u' },
  ],
};

/** Valid and invalid factors per scheme: FusionAuth's ranges, with this server's iteration cap. */
const FACTORS: Record<string, { valid: number[]; invalid: number[] }> = {
  'salted-md5': { valid: [1, 20_000, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
  'salted-sha256': { valid: [1, 20_000, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
  'salted-hmac-sha256': { valid: [1, 24_000, 2_147_483_647], invalid: [0, -1, 1.5, 2_147_483_648] },
  'salted-pbkdf2-hmac-sha256': { valid: [1, 24_000, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
  'salted-pbkdf2-hmac-sha256-512': { valid: [1, 24_000, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
  'salted-pbkdf2-hmac-sha512-512': { valid: [1, 24_000, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
  bcrypt: { valid: [4, 12, 30], invalid: [0, 3, 31, 10.5] },
  'phpass-md5': { valid: [1, 2048, 8192, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
  'phpass-sha512': { valid: [1, 32_768, 10_000_000], invalid: [0, -1, 1.5, 10_000_001] },
};

/** FusionAuth's default factor per scheme (its encryptors' defaultFactor()). */
const DEFAULT_FACTORS: Record<string, number> = {
  'salted-md5': 20_000, 'salted-sha256': 20_000, 'salted-hmac-sha256': 1,
  'salted-pbkdf2-hmac-sha256': 24_000, 'salted-pbkdf2-hmac-sha256-512': 24_000, 'salted-pbkdf2-hmac-sha512-512': 24_000,
  bcrypt: 12, 'phpass-md5': 2048, 'phpass-sha512': 32_768,
};

/** A cheap factor for round trips, so the suite stays fast. */
const CHEAP: Record<string, number> = { bcrypt: 4 };

describe('password schemes: FusionAuth encodings', () => {
  it('registers exactly the schemes of seed 001, default first', () => {
    assert.deepEqual(schemes.names().sort(), Object.keys(VECTORS).sort());
    assert.equal(schemes.names()[0], 'salted-pbkdf2-hmac-sha256');
  });

  for (const [name, vectors] of Object.entries(VECTORS)) {
    describe(name, () => {
      it('produces and verifies the known hashes', async () => {
        const scheme = schemes.get(name)!;
        for (const vector of vectors) {
          assert.equal(await scheme.hash(vector.password, vector.salt, vector.factor), vector.hash, vector.source);
          assert.equal(await schemes.verify(vector.password, { ...vector, scheme: name }), true, vector.source);
          assert.equal(await schemes.verify(`${vector.password}x`, { ...vector, scheme: name }), false, vector.source);
        }
      });

      it('round-trips a fresh hash and refuses the wrong password', async () => {
        const factor = CHEAP[name] ?? 3;
        const stored = await schemes.hash('correct horse battery stäple', name, factor);
        assert.equal(stored.scheme, name);
        assert.equal(stored.factor, factor);
        assert.ok(schemes.isValidSalt(name, stored.salt), stored.salt);
        assert.equal(await schemes.verify('correct horse battery stäple', stored), true);
        assert.equal(await schemes.verify('correct horse battery staple', stored), false);
        assert.equal(await schemes.verify('', stored), false);
        const again = await schemes.hash('correct horse battery stäple', name, factor);
        assert.notEqual(again.salt, stored.salt, 'a fresh salt each time');
      });

      it(`has FusionAuth's default factor ${DEFAULT_FACTORS[name]} and validates factors`, () => {
        assert.equal(schemes.get(name)!.defaultFactor, DEFAULT_FACTORS[name]);
        assert.ok(schemes.isValidFactor(name, DEFAULT_FACTORS[name]!));
        for (const factor of FACTORS[name]!.valid) assert.equal(schemes.isValidFactor(name, factor), true, `${factor}`);
        for (const factor of FACTORS[name]!.invalid) assert.equal(schemes.isValidFactor(name, factor), false, `${factor}`);
      });
    });
  }

  it('salted digests join the password then the base64-decoded salt, as FusionAuth\'s digest encryptors', async () => {
    // fusionauth-example-password-encryptor, ExampleSaltedSHA512PasswordEncryptorTest: the same layout
    // (password bytes ‖ base64Decode(salt), digested `factor` times, base64) with SHA-512.
    assert.equal(await saltedDigest('sha512', 'password', '4MTVxbvk8swI0ys2Lf4saeR3swRvn0f2', 1),
      'GohyH5x4BaWvBhSNW4yTctmxY7azS7wqDOIENW1uOUHt6Qd2kDAimYweM9F95TH82OJHZIdm6kYirCtHpUdsIA==');
  });

  it('reads the phpass factor from a setting string as FusionAuth does', () => {
    assert.equal(phpassFactorOf('$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0'), 2048);
    assert.equal(phpassFactorOf('$P$BIQRaTwmf'), 8192);
    assert.equal(phpassFactorOf('$S$CwkjgAKeS'), 16_384);
    assert.equal(phpassFactorOf('$S$DwkjgAKeS'), 32_768);
  });

  it('generates salts in each scheme\'s own encoding', async () => {
    const salt = async (name: string) => (await schemes.hash('x', name, CHEAP[name] ?? 1)).salt;
    assert.match(await salt('bcrypt'), /^[./A-Za-z0-9]{22}$/);
    assert.match(await salt('phpass-md5'), /^[./A-Za-z0-9]{8}$/);
    assert.match(await salt('phpass-sha512'), /^[./A-Za-z0-9]{8}$/);
    for (const name of ['salted-md5', 'salted-sha256', 'salted-hmac-sha256', 'salted-pbkdf2-hmac-sha256-512', 'salted-pbkdf2-hmac-sha512-512']) {
      assert.equal(Buffer.from(await salt(name), 'base64').length, 32, name);
    }
  });

  it('encodes hashes with the lengths FusionAuth stores', async () => {
    const hashOf = async (name: string) => (await schemes.hash('x', name, CHEAP[name] ?? 1)).hash;
    assert.match(await hashOf('bcrypt'), /^[./A-Za-z0-9]{31}$/);
    assert.match(await hashOf('phpass-md5'), /^[./A-Za-z0-9]{22}$/);
    assert.match(await hashOf('phpass-sha512'), /^[./A-Za-z0-9]{43}$/);
    assert.equal(Buffer.from(await hashOf('salted-md5'), 'base64').length, 16);
    assert.equal(Buffer.from(await hashOf('salted-sha256'), 'base64').length, 32);
    assert.equal(Buffer.from(await hashOf('salted-hmac-sha256'), 'base64').length, 32);
    assert.equal(Buffer.from(await hashOf('salted-pbkdf2-hmac-sha256-512'), 'base64').length, 64);
    assert.equal(Buffer.from(await hashOf('salted-pbkdf2-hmac-sha512-512'), 'base64').length, 64);
  });
});
