/**
 * Generating key material for `POST /api/key/generate`. Key pairs are made by node:crypto on the libuv
 * thread pool (a 4096-bit RSA key takes long enough that it must not run on the event loop).
 */
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { EC_CURVES, HMAC_SECRET_BYTES, isEcAlgorithm, type AsymmetricAlgorithm, type HmacAlgorithm } from './algorithms.js';

export interface GeneratedKeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

type Done = (error: Error | null, publicKey: KeyObject, privateKey: KeyObject) => void;

/** A fresh key pair for `algorithm`; `rsaLength` is the modulus size for RS* (validated by the caller). */
export function generateKeyPairFor(algorithm: AsymmetricAlgorithm, rsaLength: number): Promise<GeneratedKeyPair> {
  return new Promise((resolve, reject) => {
    const done: Done = (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey }));
    if (algorithm === 'Ed25519') generateKeyPair('ed25519', {}, done);
    else if (isEcAlgorithm(algorithm)) generateKeyPair('ec', { namedCurve: EC_CURVES[algorithm].curve }, done);
    else generateKeyPair('rsa', { modulusLength: rsaLength, publicExponent: 0x10001 }, done);
  });
}

/**
 * A random HMAC secret as long as the hash output, base64-encoded as FusionAuth shows secrets. FusionAuth
 * signs with the UTF-8 bytes of this string (the secret is a string in its model), and so do we.
 */
export const generateHmacSecret = (algorithm: HmacAlgorithm): string => randomBytes(HMAC_SECRET_BYTES[algorithm]).toString('base64');

/** A JWT `kid` for keys without a certificate to derive one from: short, random, URL-safe. */
export const randomKid = (): string => randomBytes(8).toString('hex').slice(0, 10);
