/**
 * Signing and verifying access tokens with `jose`. The header is FusionAuth's `{alg, typ: "JWT", kid}`;
 * the key comes from the Key Master (`signingKey`/`verificationKeyByKid`). Verification accepts only
 * the algorithm of the key the `kid` names, so a token cannot pick a weaker algorithm (or `none`).
 */
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { createHmac } from 'node:crypto';
import { jwsAlgorithm } from '../../crypto/keys/algorithms.js';
import type { HmacKey, KeyMaterial, SigningKey, VerificationKey } from '../key/service.js';
import type { AccessTokenClaims } from './model.js';

const HMAC_HASHES = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
const WEBCRYPTO_HASHES = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' } as const;

/**
 * HMAC keys as WebCrypto keys for `jose`, which would otherwise import the secret on every verification.
 * Keyed by algorithm and secret bytes (the secret is read from the database each time), so an entry is
 * never stale and needs no invalidation; bounded, for a server holding many keys.
 */
const hmacCryptoKeys = new Map<string, Promise<CryptoKey>>();
const HMAC_CRYPTO_KEYS_MAX = 64;

function hmacCryptoKey(key: HmacKey): Promise<CryptoKey> {
  const id = `${key.algorithm}:${Buffer.from(key.secret).toString('base64')}`;
  let found = hmacCryptoKeys.get(id);
  if (found === undefined) {
    if (hmacCryptoKeys.size >= HMAC_CRYPTO_KEYS_MAX) hmacCryptoKeys.clear();
    found = crypto.subtle.importKey('raw', new Uint8Array(key.secret), { name: 'HMAC', hash: WEBCRYPTO_HASHES[key.algorithm] }, false, ['verify']);
    found.catch(() => hmacCryptoKeys.delete(id));
    hmacCryptoKeys.set(id, found);
  }
  return found;
}

const keyInput = async (key: SigningKey | VerificationKey) =>
  key.type === 'HMAC' ? hmacCryptoKey(key) : 'privateKey' in key ? key.privateKey : key.publicKey;

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * HS256/384/512 compact JWS, byte for byte what `jose`'s SignJWT produces for the same header and claims
 * (base64url of their JSON, HMAC over `header.payload`). Computed inline: an HMAC over a few hundred bytes
 * costs microseconds, like the SHA-256 of a refresh token, while WebCrypto's asynchronous round trip
 * through the thread pool costs the event loop ten times more than the hash itself.
 */
function signHmac(header: { alg: keyof typeof HMAC_HASHES; typ: 'JWT'; kid: string }, claims: AccessTokenClaims, secret: Uint8Array): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac(HMAC_HASHES[header.alg], secret).update(input, 'utf8').digest('base64url')}`;
}

export async function signAccessToken(claims: AccessTokenClaims, key: SigningKey): Promise<string> {
  const alg = jwsAlgorithm(key.algorithm);
  if (alg === undefined) throw new Error(`key ${key.id} cannot sign`);
  if (key.type === 'HMAC' && key.secret.length > 0) return signHmac({ alg: key.algorithm, typ: 'JWT', kid: key.kid }, claims, key.secret);
  return new SignJWT({ ...claims }).setProtectedHeader({ alg, typ: 'JWT', kid: key.kid }).sign(key.type === 'HMAC' ? key.secret : key.privateKey);
}

/** The verified payload, or undefined when the token is malformed, unsigned by a known key, or expired. */
export async function verifyAccessToken(token: string, keys: KeyMaterial, now: number): Promise<JWTPayload | undefined> {
  try {
    const { kid } = decodeProtectedHeader(token);
    if (typeof kid !== 'string') return undefined;
    const key = await keys.verificationKeyByKid(kid);
    const alg = key === undefined ? undefined : jwsAlgorithm(key.algorithm);
    if (key === undefined || alg === undefined) return undefined;
    const { payload } = await jwtVerify(token, await keyInput(key), { algorithms: [alg], currentDate: new Date(now) });
    return payload;
  } catch {
    return undefined;
  }
}
