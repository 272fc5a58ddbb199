/** Test-side key material: key pairs from node:crypto and X.509 certificates from @peculiar/x509. */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface TestKeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly publicPem: string;
  readonly privatePem: string;
}

export function rsaPair(modulusLength = 2048): TestKeyPair {
  return pem(generateKeyPairSync('rsa', { modulusLength }));
}

export function ecPair(namedCurve: 'P-256' | 'P-384' | 'P-521' | 'secp256k1'): TestKeyPair {
  return pem(generateKeyPairSync('ec', { namedCurve }));
}

export function ed25519Pair(): TestKeyPair {
  return pem(generateKeyPairSync('ed25519'));
}

function pem({ publicKey, privateKey }: { publicKey: KeyObject; privateKey: KeyObject }): TestKeyPair {
  return {
    publicKey,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export interface CertificateOptions {
  readonly subject: string;
  readonly hash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serialNumber?: string;
}

/** A self-signed certificate for an RSA or EC pair, as PEM. */
export async function selfSigned(pair: TestKeyPair, options: CertificateOptions): Promise<string> {
  const hash = options.hash ?? 'SHA-256';
  const algorithm = pair.publicKey.asymmetricKeyType === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', hash }
    : { name: 'ECDSA', namedCurve: pair.publicKey.asymmetricKeyDetails!.namedCurve === 'prime256v1' ? 'P-256' : 'P-384', hash };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pair.privateKey.export({ type: 'pkcs8', format: 'der' }), algorithm, false, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', pair.publicKey.export({ type: 'spki', format: 'der' }), algorithm, true, ['verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: options.serialNumber ?? '0102030405',
    name: options.subject,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    keys: { privateKey, publicKey },
    signingAlgorithm: algorithm,
  });
  return certificate.toString('pem');
}

/** The hash named by a certificate's signature algorithm (e.g. `SHA-384`). */
export function signatureHash(pem: string): string | undefined {
  return (new x509.X509Certificate(pem).signatureAlgorithm as { hash?: { name?: string } }).hash?.name;
}
