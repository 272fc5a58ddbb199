/**
 * Reading key material that clients paste into the Keys API. Everything here answers `undefined` for
 * input it cannot read (malformed PEM, encrypted private keys, unsupported key kinds) instead of
 * throwing, so that a bad import is a 400 on the offending field and never a 500.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ED25519_LENGTH, type AsymmetricKeyType, type Curve } from './algorithms.js';

/** What an asymmetric key is, in Keys API terms. */
export interface KeyShape {
  readonly type: AsymmetricKeyType;
  /** RSA modulus bits, EC curve bits, or 32 for Ed25519 (as FusionAuth reports them). */
  readonly length: number;
  readonly curve?: Curve;
}

/** OpenSSL names the NIST curves differently from JOSE. */
const CURVES: Readonly<Record<string, { curve: Curve; length: number }>> = {
  prime256v1: { curve: 'P-256', length: 256 },
  'P-256': { curve: 'P-256', length: 256 },
  secp384r1: { curve: 'P-384', length: 384 },
  'P-384': { curve: 'P-384', length: 384 },
  secp521r1: { curve: 'P-521', length: 521 },
  'P-521': { curve: 'P-521', length: 521 },
};

/** The shape of an RSA, NIST-curve EC or Ed25519 key; undefined for any other kind (DSA, RSA-PSS, X25519 …). */
export function describeKey(key: KeyObject): KeyShape | undefined {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return details?.modulusLength === undefined ? undefined : { type: 'RSA', length: details.modulusLength };
    case 'ec': {
      const curve = details?.namedCurve === undefined ? undefined : CURVES[details.namedCurve];
      return curve && { type: 'EC', length: curve.length, curve: curve.curve };
    }
    case 'ed25519':
      return { type: 'OKP', length: ED25519_LENGTH };
    default:
      return undefined;
  }
}

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;
const pemLabel = (text: string): string | undefined => PEM_LABEL.exec(text)?.[1];

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** A PEM public key: SubjectPublicKeyInfo (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`). Private keys are refused. */
export function readPublicKey(text: string): KeyObject | undefined {
  const pem = text.trim();
  const label = pemLabel(pem);
  if (label === 'PUBLIC KEY') return attempt(() => createPublicKey({ key: pem, format: 'pem' }));
  if (label === 'RSA PUBLIC KEY') return attempt(() => createPublicKey({ key: pem, format: 'pem', type: 'pkcs1' }));
  return undefined;
}

/** A PEM private key: PKCS#8, PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`). Encrypted keys are refused. */
export function readPrivateKey(text: string): KeyObject | undefined {
  const pem = text.trim();
  const label = pemLabel(pem);
  if (label !== 'PRIVATE KEY' && label !== 'RSA PRIVATE KEY' && label !== 'EC PRIVATE KEY') return undefined;
  if (/Proc-Type:\s*4,ENCRYPTED/i.test(pem)) return undefined;
  return attempt(() => createPrivateKey({ key: pem, format: 'pem' }));
}

/**
 * An X.509 certificate as PEM or as bare base64 DER (FusionAuth's own import example sends the
 * certificate without the PEM armour).
 */
export function readCertificate(text: string): X509Certificate | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----')) {
    return pemLabel(trimmed) === 'CERTIFICATE' ? attempt(() => new X509Certificate(trimmed)) : undefined;
  }
  const base64 = trimmed.replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  return attempt(() => new X509Certificate(Buffer.from(base64, 'base64')));
}

/** FusionAuth returns PEM text without a trailing newline. */
const trimPem = (pem: string | Buffer): string => pem.toString().trim();

export const publicKeyPem = (key: KeyObject): string => trimPem(key.export({ type: 'spki', format: 'pem' }));
export const privateKeyPem = (key: KeyObject): string => trimPem(key.export({ type: 'pkcs8', format: 'pem' }));
export const certificatePem = (certificate: X509Certificate): string => trimPem(certificate.toString());

/** True when both objects hold the same public key (compared as SubjectPublicKeyInfo DER). */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  const der = (k: KeyObject) => (k.type === 'private' ? createPublicKey(k) : k).export({ type: 'spki', format: 'der' });
  return der(a).equals(der(b));
}
