/** TOTP per RFC 6238 (Appendix B test vectors) with FusionAuth's algorithm names, and one step of skew. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32ToBytes, bytesToBase32, matchTotp, totpCode } from '../src/api/two-factor/totp.js';

const SHA1 = new TextEncoder().encode('12345678901234567890');
const SHA256 = new TextEncoder().encode('12345678901234567890123456789012');
const SHA512 = new TextEncoder().encode('1234567890123456789012345678901234567890123456789012345678901234');

const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('produces the RFC 6238 Appendix B codes for HmacSHA1, HmacSHA256 and HmacSHA512', () => {
    for (const [seconds, sha1, sha256, sha512] of VECTORS) {
      const at = seconds * 1000;
      assert.equal(totpCode(SHA1, { algorithm: 'HmacSHA1', codeLength: 8, timeStep: 30 }, at), sha1, `SHA1 at ${seconds}`);
      assert.equal(totpCode(SHA256, { algorithm: 'HmacSHA256', codeLength: 8, timeStep: 30 }, at), sha256, `SHA256 at ${seconds}`);
      assert.equal(totpCode(SHA512, { algorithm: 'HmacSHA512', codeLength: 8, timeStep: 30 }, at), sha512, `SHA512 at ${seconds}`);
    }
  });

  it('accepts one step of skew either way, and nothing further', () => {
    const settings = { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 };
    const now = 1_700_000_015_000;
    const counter = Math.floor(now / 30_000);
    for (const steps of [-1, 0, 1]) {
      const code = totpCode(SHA1, settings, now + steps * 30_000);
      assert.equal(matchTotp(SHA1, settings, code, now), counter + steps);
    }
    for (const steps of [-2, 2]) assert.equal(matchTotp(SHA1, settings, totpCode(SHA1, settings, now + steps * 30_000), now), undefined);
    assert.equal(matchTotp(SHA1, settings, 'abcdef', now), undefined);
    assert.equal(matchTotp(SHA1, settings, totpCode(SHA1, settings, now).slice(1), now), undefined);
  });

  it('round-trips base32 secrets', () => {
    assert.equal(bytesToBase32(SHA1), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32ToBytes('gezd gnbv gy3t qojq gezd gnbv gy3t qojq'), SHA1);
  });
});
