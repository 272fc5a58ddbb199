/**
 * The SAML provider's keys. `keyId` (seed 003, deprecated in 1.69) and `verificationKeyIds` (1.69) name
 * the same thing: FusionAuth keeps `keyId` equal to the first verification key. A key can verify an XML
 * signature when it is an RSA or EC key with a public key or certificate (HMAC secrets and Ed25519 keys
 * cannot: XML-DSig has no such algorithms in common use).
 */
import type { IdentityProvider } from '../model.js';
import type { KeyView } from '../kinds.js';
import type { SamlV2Input } from './model.js';

const unique = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.toLowerCase()))];

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  JSON.stringify(unique(a ?? [])) === JSON.stringify(unique(b ?? []));

/**
 * The verification key list after a write. A client that changes only `keyId` (a PATCH, or a PUT of a
 * retrieved object with a new `keyId`) means to replace the key, not to trust the old one as well.
 */
export function verificationKeyIds(input: SamlV2Input, existing?: IdentityProvider): string[] {
  const keyId = input.keyId?.toLowerCase();
  const listed = input.verificationKeyIds ?? [];
  if (existing === undefined) return unique([...(keyId !== undefined ? [keyId] : []), ...listed]);
  const oldKeyId = typeof existing.keyId === 'string' ? existing.keyId : undefined;
  const oldList = Array.isArray(existing.verificationKeyIds) ? (existing.verificationKeyIds as string[]) : [];
  const keyIdChanged = keyId !== oldKeyId;
  const listChanged = !sameList(listed, oldList);
  if (keyIdChanged && !listChanged) return keyId !== undefined ? [keyId] : unique(listed.filter((id) => id.toLowerCase() !== oldKeyId));
  if (listChanged && !keyIdChanged) return unique(listed);
  return unique([...(keyId !== undefined ? [keyId] : []), ...listed]);
}

export const canVerifyXmlSignatures = (key: KeyView): boolean =>
  (key.type === 'RSA' || key.type === 'EC') && (key.certificate !== undefined || key.publicKey !== undefined);

/**
 * Seed 003: the key "must be a verification only key or certificate (meaning that it only has a public key
 * component)". A key pair is refused so that the IdP's trust anchor can never double as one of our signing keys.
 */
export const isVerificationOnly = (key: KeyView): boolean => key.hasPrivateKey !== true;

export const canSignXml = (key: KeyView): boolean => (key.type === 'RSA' || key.type === 'EC') && key.hasPrivateKey === true;

/** The PEM node-saml verifies with: the certificate when there is one, else the public key. */
export const verificationPem = (key: KeyView): string | undefined => key.certificate ?? key.publicKey;
