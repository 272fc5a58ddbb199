/**
 * Key material for the code that signs and verifies (the JWT issuer and validator, JWKS, the public-key
 * API). This is the only path by which a private key or secret leaves the key store, and it never goes
 * near an HTTP response: routes do not use it.
 */
import type { JWK } from 'jose';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isHmacAlgorithm, type AsymmetricAlgorithm, type HmacAlgorithm } from '../../crypto/keys/algorithms.js';
import { publicJwk } from '../../crypto/keys/jwk.js';
import type { KeyInfo, KeyStore, StoredKey } from './store.js';

interface Identity {
  readonly id: string;
  readonly kid: string;
}

/** An HMAC key signs and verifies with the same secret: the UTF-8 bytes of the stored string, as FusionAuth. */
export interface HmacKey extends Identity {
  readonly type: 'HMAC';
  readonly algorithm: HmacAlgorithm;
  readonly secret: Uint8Array;
}

export interface PrivateSigningKey extends Identity {
  readonly type: 'RSA' | 'EC' | 'OKP';
  readonly algorithm: AsymmetricAlgorithm;
  readonly privateKey: KeyObject;
}

export interface PublicVerificationKey extends Identity {
  readonly type: 'RSA' | 'EC' | 'OKP';
  readonly algorithm: AsymmetricAlgorithm;
  readonly publicKey: KeyObject;
}

export type SigningKey = HmacKey | PrivateSigningKey;
export type VerificationKey = HmacKey | PublicVerificationKey;

export interface KeyMaterial {
  /** The key to sign with; undefined when the key does not exist, is a Secret, or holds no private key. */
  signingKey(id: string): Promise<SigningKey | undefined>;
  /** The key to verify with; undefined when the key does not exist or is a Secret. */
  verificationKey(id: string): Promise<VerificationKey | undefined>;
  /** As `verificationKey`, found by the JWT header's `kid`. */
  verificationKeyByKid(kid: string): Promise<VerificationKey | undefined>;
  /** Every RSA, EC and Ed25519 public key as a JWK (for `/.well-known/jwks.json`); never an HMAC key. */
  publicJwks(): Promise<JWK[]>;
}

const isAsymmetric = (key: KeyInfo): boolean => key.type === 'RSA' || key.type === 'EC' || key.type === 'OKP';

function hmacKey({ key, secret }: StoredKey): HmacKey | undefined {
  if (key.type !== 'HMAC' || secret === undefined || !isHmacAlgorithm(key.algorithm)) return undefined;
  return { id: key.id, kid: key.kid, type: 'HMAC', algorithm: key.algorithm, secret: Buffer.from(secret, 'utf8') };
}

function toVerificationKey(stored: StoredKey | undefined): VerificationKey | undefined {
  if (stored === undefined) return undefined;
  const { key } = stored;
  if (key.type === 'HMAC') return hmacKey(stored);
  if (!isAsymmetric(key) || key.publicKey === undefined) return undefined;
  return {
    id: key.id, kid: key.kid, type: key.type as PublicVerificationKey['type'], algorithm: key.algorithm as AsymmetricAlgorithm,
    publicKey: createPublicKey(key.publicKey),
  };
}

export function createKeyMaterial(keys: KeyStore): KeyMaterial {
  return {
    async signingKey(id) {
      const stored = await keys.find(id);
      if (stored === undefined) return undefined;
      const { key, secret } = stored;
      if (key.type === 'HMAC') return hmacKey(stored);
      if (!isAsymmetric(key) || secret === undefined) return undefined;
      return {
        id: key.id, kid: key.kid, type: key.type as PrivateSigningKey['type'], algorithm: key.algorithm as AsymmetricAlgorithm,
        privateKey: createPrivateKey(secret),
      };
    },
    verificationKey: async (id) => toVerificationKey(await keys.find(id)),
    verificationKeyByKid: async (kid) => toVerificationKey(await keys.findByKid(kid)),
    async publicJwks() {
      const published = (await keys.list()).filter((k) => isAsymmetric(k) && k.publicKey !== undefined);
      return Promise.all(published.map((k) => publicJwk(createPublicKey(k.publicKey!), {
        kid: k.kid,
        algorithm: k.algorithm,
        ...(k.certificate !== undefined ? { certificate: new X509Certificate(k.certificate) } : {}),
      })));
    },
  };
}
