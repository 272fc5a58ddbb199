/**
 * X.509 certificates for Key Master. FusionAuth wraps every RSA, EC and EdDSA key it generates in a
 * self-signed certificate: subject and issuer `CN=<issuer>`, serial number the key's UUID, valid for ten
 * years from creation (docs: json/keys/*-response.json), and reports `certificateInformation` for any
 * certificate it holds: DNs, colon-separated upper-case hex fingerprints, base64url thumbprints.
 * Certificates are built and parsed by @peculiar/x509 and node:crypto; no ASN.1 is written here.
 */
import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs the Reflect polyfill first.
import * as x509 from '@peculiar/x509';
import { createHash, webcrypto, type KeyObject, type X509Certificate } from 'node:crypto';
import { hashOf, webCryptoParameters, type AsymmetricAlgorithm, type Hash } from './algorithms.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** `key.certificateInformation`, as the Keys API returns it. */
export interface CertificateInformation {
  issuer: string;
  md5Fingerprint: string;
  serialNumber: string;
  sha1Fingerprint: string;
  sha1Thumbprint: string;
  sha256Fingerprint: string;
  sha256Thumbprint: string;
  subject: string;
  validFrom: number;
  validTo: number;
}

export interface SelfSignedRequest {
  readonly algorithm: AsymmetricAlgorithm;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  /** The `CN` of subject and issuer (the key's `issuer`). */
  readonly commonName: string;
  /** The key's UUID; FusionAuth uses it as the serial number. */
  readonly keyId: string;
  readonly notBefore: number;
}

export const CERTIFICATE_VALIDITY_YEARS = 10;

/** A self-signed certificate for a freshly generated key pair, as PEM. */
export async function selfSignedCertificate(request: SelfSignedRequest): Promise<string> {
  const algorithm = webCryptoParameters(request.algorithm);
  const subtle = webcrypto.subtle;
  const privateKey = await subtle.importKey('pkcs8', request.privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, false, ['sign']);
  const publicKey = await subtle.importKey('spki', request.publicKey.export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']);
  const notAfter = new Date(request.notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERTIFICATE_VALIDITY_YEARS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: request.keyId.replace(/-/g, ''),
    // A structured name, so an issuer holding commas or `=` cannot inject extra RDNs.
    name: new x509.Name([{ CN: [request.commonName] }]),
    notBefore: new Date(request.notBefore),
    notAfter,
    keys: { privateKey, publicKey },
    signingAlgorithm: algorithm,
  });
  return certificate.toString('pem').trim();
}

const hexFingerprint = (bytes: Buffer): string => bytes.toString('hex').toUpperCase().match(/../g)!.join(':');
const digest = (algorithm: 'md5' | 'sha1' | 'sha256', data: Buffer): Buffer => createHash(algorithm).update(data).digest();

/** The DER content bytes of a positive INTEGER: leading zeros dropped, one `00` kept before a high bit. */
function serialBytes(hex: string): Buffer {
  let bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return bytes.length === 0 || bytes[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** node prints a DN one RDN per line in encoding order; FusionAuth (Java) prints it most-specific first. */
const distinguishedName = (lines: string): string => lines.split('\n').filter((l) => l !== '').reverse().join(', ');

/** The base64url SHA-1 of the certificate's DER: JOSE's `x5t`, and the `kid` FusionAuth gives such keys. */
export const sha1Thumbprint = (certificate: X509Certificate): string => digest('sha1', certificate.raw).toString('base64url');
export const sha256Thumbprint = (certificate: X509Certificate): string => digest('sha256', certificate.raw).toString('base64url');

export function certificateInformation(certificate: X509Certificate): CertificateInformation {
  const parsed = new x509.X509Certificate(certificate.raw);
  return {
    issuer: distinguishedName(certificate.issuer),
    md5Fingerprint: hexFingerprint(digest('md5', certificate.raw)),
    serialNumber: hexFingerprint(serialBytes(certificate.serialNumber)),
    sha1Fingerprint: hexFingerprint(digest('sha1', certificate.raw)),
    sha1Thumbprint: sha1Thumbprint(certificate),
    sha256Fingerprint: hexFingerprint(digest('sha256', certificate.raw)),
    sha256Thumbprint: sha256Thumbprint(certificate),
    subject: distinguishedName(certificate.subject),
    validFrom: parsed.notBefore.getTime(),
    validTo: parsed.notAfter.getTime(),
  };
}

/** The `CN` of the certificate's issuer (FusionAuth's `key.issuer`), or the whole DN when it has none. */
export function issuerCommonName(certificate: X509Certificate): string {
  const lines = certificate.issuer.split('\n');
  const cn = lines.find((l) => l.startsWith('CN='));
  return cn !== undefined ? cn.slice(3) : distinguishedName(certificate.issuer);
}

/** The hash an RSA certificate was signed with, to infer RS256/384/512 from an imported certificate. */
export function rsaSignatureHash(certificate: X509Certificate): Hash | undefined {
  const algorithm = new x509.X509Certificate(certificate.raw).signatureAlgorithm as { name?: string; hash?: { name?: string } };
  if (algorithm.name !== 'RSASSA-PKCS1-v1_5') return undefined;
  const hash = algorithm.hash?.name;
  return hash === 'SHA-256' || hash === 'SHA-384' || hash === 'SHA-512' ? hash : undefined;
}

/** RS256/384/512 by hash. */
export function rsaAlgorithmOfHash(hash: Hash | undefined): AsymmetricAlgorithm {
  return (['RS256', 'RS384', 'RS512'] as const).find((a) => hashOf(a) === hash) ?? 'RS256';
}
