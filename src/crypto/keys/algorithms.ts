/**
 * FusionAuth's key algorithms and key types (Key Master; Keys API `key.algorithm`, `key.type`) and the
 * facts the rest of the key code needs about each: which family it belongs to, its hash, its curve, the
 * key lengths FusionAuth accepts, and the name WebCrypto and JOSE know it by.
 */

export const KEY_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'Ed25519', 'None'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** `OKP` since 1.62 (Ed25519), `Secret` since 1.64 (algorithm `None`). */
export const KEY_TYPES = ['EC', 'RSA', 'HMAC', 'OKP', 'Secret'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** Key types backed by a public/private key pair. */
export type AsymmetricKeyType = Extract<KeyType, 'EC' | 'RSA' | 'OKP'>;
export type AsymmetricAlgorithm = Extract<KeyAlgorithm, `RS${string}` | `ES${string}` | 'Ed25519'>;
export type HmacAlgorithm = Extract<KeyAlgorithm, `HS${string}`>;

export type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';
export type Curve = 'P-256' | 'P-384' | 'P-521';

/** EC algorithms are bound to one curve each (RFC 7518 §3.4). */
export const EC_CURVES: Readonly<Record<Extract<KeyAlgorithm, `ES${string}`>, { curve: Curve; length: number }>> = {
  ES256: { curve: 'P-256', length: 256 },
  ES384: { curve: 'P-384', length: 384 },
  ES512: { curve: 'P-521', length: 521 },
};

/** FusionAuth generates RSA keys of these sizes only (Generate a Key: `key.length`). */
export const RSA_GENERATE_LENGTHS: readonly number[] = [2048, 3072, 4096];
/** Import additionally accepts 1024-bit RSA, but only for verification (no private key). */
export const RSA_VERIFY_ONLY_LENGTHS: readonly number[] = [1024];

/** HMAC secrets FusionAuth generates are as long as the hash output (RFC 7518 §3.2). */
export const HMAC_SECRET_BYTES: Readonly<Record<HmacAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** An Ed25519 key's `length` in FusionAuth's responses: the key size in bytes. */
export const ED25519_LENGTH = 32;

export const isHmacAlgorithm = (a: KeyAlgorithm): a is HmacAlgorithm => a.startsWith('HS');
export const isRsaAlgorithm = (a: KeyAlgorithm): boolean => a.startsWith('RS');
export const isEcAlgorithm = (a: KeyAlgorithm): a is keyof typeof EC_CURVES => a.startsWith('ES');

/** The key type an algorithm implies. */
export function typeOfAlgorithm(algorithm: KeyAlgorithm): KeyType {
  if (isHmacAlgorithm(algorithm)) return 'HMAC';
  if (isRsaAlgorithm(algorithm)) return 'RSA';
  if (isEcAlgorithm(algorithm)) return 'EC';
  return algorithm === 'Ed25519' ? 'OKP' : 'Secret';
}

/** The hash of an RSA, EC or HMAC algorithm (Ed25519 hashes internally). */
export function hashOf(algorithm: KeyAlgorithm): Hash | undefined {
  const bits = /^(?:RS|ES|HS)(256|384|512)$/.exec(algorithm)?.[1];
  return bits === undefined ? undefined : (`SHA-${bits}` as Hash);
}

/** The algorithm matching an EC curve. */
export function ecAlgorithmOfCurve(curve: string): AsymmetricAlgorithm | undefined {
  const found = Object.entries(EC_CURVES).find(([, v]) => v.curve === curve);
  return found?.[0] as AsymmetricAlgorithm | undefined;
}

/** The JWS `alg` a key signs with. FusionAuth calls the Ed25519 algorithm `Ed25519`; JOSE says `EdDSA`. */
export function jwsAlgorithm(algorithm: KeyAlgorithm): string | undefined {
  if (algorithm === 'None') return undefined;
  return algorithm === 'Ed25519' ? 'EdDSA' : algorithm;
}

/** WebCrypto parameters for signing with an asymmetric algorithm (used to sign self-signed certificates). */
export interface WebCryptoParameters {
  readonly name: 'RSASSA-PKCS1-v1_5' | 'ECDSA' | 'Ed25519';
  readonly hash?: Hash;
  readonly namedCurve?: Curve;
}

export function webCryptoParameters(algorithm: AsymmetricAlgorithm): WebCryptoParameters {
  if (algorithm === 'Ed25519') return { name: 'Ed25519' };
  const hash = hashOf(algorithm)!;
  if (isEcAlgorithm(algorithm)) return { name: 'ECDSA', namedCurve: EC_CURVES[algorithm].curve, hash };
  return { name: 'RSASSA-PKCS1-v1_5', hash };
}
