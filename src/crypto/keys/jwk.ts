/**
 * Public keys as JSON Web Keys (RFC 7517) for the JWKS endpoint and the JWT public-key API. Only
 * public parameters are ever produced: the input is a public KeyObject, and a private one is reduced
 * to its public half first.
 */
import { exportJWK, type JWK } from 'jose';
import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { jwsAlgorithm, type KeyAlgorithm } from './algorithms.js';

export interface JwkOptions {
  readonly kid: string;
  readonly algorithm: KeyAlgorithm;
  /** When present, `x5c`, `x5t` and `x5t#S256` are added (as FusionAuth's JWKS does). */
  readonly certificate?: X509Certificate;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'n', 'e', 'x', 'y'] as const;

export async function publicJwk(key: KeyObject, options: JwkOptions): Promise<JWK> {
  const exported = await exportJWK(key.type === 'private' ? createPublicKey(key) : key);
  const jwk: JWK = {};
  for (const member of PUBLIC_MEMBERS) {
    if (exported[member] !== undefined) jwk[member] = exported[member];
  }
  const alg = jwsAlgorithm(options.algorithm);
  if (alg !== undefined) jwk.alg = alg;
  jwk.kid = options.kid;
  jwk.use = 'sig';
  if (options.certificate !== undefined) {
    const der = options.certificate.raw;
    jwk.x5c = [der.toString('base64')];
    jwk.x5t = createHash('sha1').update(der).digest('base64url');
    jwk['x5t#S256'] = createHash('sha256').update(der).digest('base64url');
  }
  return jwk;
}
