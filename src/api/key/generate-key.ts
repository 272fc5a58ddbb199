/**
 * `POST /api/key/generate` (docs: Generate a Key). HMAC keys get a random secret as long as their hash;
 * RSA, EC and Ed25519 keys get a fresh key pair wrapped in a self-signed certificate whose SHA-1
 * thumbprint becomes the `kid` (docs: json/keys/rsa-response.json, ec-response.json, eddsa-response.json).
 */
import { X509Certificate } from 'node:crypto';
import {
  EC_CURVES, ED25519_LENGTH, isEcAlgorithm, isHmacAlgorithm, isRsaAlgorithm, RSA_GENERATE_LENGTHS, typeOfAlgorithm,
  type AsymmetricAlgorithm, type KeyAlgorithm,
} from '../../crypto/keys/algorithms.js';
import { certificateInformation, selfSignedCertificate, sha1Thumbprint } from '../../crypto/keys/certificate.js';
import { generateHmacSecret, generateKeyPairFor, randomKid } from '../../crypto/keys/generate.js';
import { privateKeyPem, publicKeyPem } from '../../crypto/keys/pem.js';
import type { ValidationError } from '../../core/errors.js';
import type { KeyInput } from './model.js';
import type { StoredKey } from './store.js';

/** What was asked for, once validated. */
export interface GenerationPlan {
  readonly algorithm: Exclude<KeyAlgorithm, 'None'>;
  /** The RSA modulus size; unused for other algorithms. */
  readonly rsaLength: number;
}

export interface Identity {
  readonly id: string;
  readonly name: string;
  readonly now: number;
}

/** A requested `key.length` as a number (FusionAuth documents it as a String). */
export const requestedLength = (input: KeyInput): number | undefined => (input.length === undefined ? undefined : Number(input.length));

/** Validates the algorithm and length, adding FusionAuth-style field errors; undefined when invalid. */
export function planGeneration(input: KeyInput, errors: ValidationError): GenerationPlan | undefined {
  const { algorithm } = input;
  const length = requestedLength(input);
  if (algorithm === undefined) {
    errors.add('key.algorithm', 'missing', 'You must specify the [key.algorithm] property.');
    return undefined;
  }
  if (algorithm === 'None') {
    errors.add('key.algorithm', 'invalid', 'A key with the algorithm [None] is a Secret and cannot be generated. Import it instead.');
    return undefined;
  }
  if (isRsaAlgorithm(algorithm)) {
    if (length === undefined) {
      errors.add('key.length', 'missing', 'You must specify the [key.length] property when generating an RSA key.');
      return undefined;
    }
    if (!RSA_GENERATE_LENGTHS.includes(length)) {
      errors.add('key.length', 'invalid', `The [key.length] of an RSA key must be one of ${RSA_GENERATE_LENGTHS.join(', ')}.`);
      return undefined;
    }
    return { algorithm, rsaLength: length };
  }
  if (isEcAlgorithm(algorithm) && length !== undefined && length !== EC_CURVES[algorithm].length) {
    errors.add('key.length', 'invalid', `The [key.length] of an ${algorithm} key must be ${EC_CURVES[algorithm].length}.`);
    return undefined;
  }
  return { algorithm, rsaLength: 0 };
}

/** Generates the key described by `plan`. `issuer` names the certificate's subject and issuer. */
export async function generateKey(plan: GenerationPlan, identity: Identity, issuer: string): Promise<StoredKey> {
  const { algorithm } = plan;
  const base = { id: identity.id, name: identity.name, algorithm, type: typeOfAlgorithm(algorithm), insertInstant: identity.now, lastUpdateInstant: identity.now };
  if (isHmacAlgorithm(algorithm)) {
    return { key: { ...base, kid: randomKid() }, secret: generateHmacSecret(algorithm) };
  }
  const asymmetric = algorithm as AsymmetricAlgorithm;
  const pair = await generateKeyPairFor(asymmetric, plan.rsaLength);
  const pem = await selfSignedCertificate({ algorithm: asymmetric, ...pair, commonName: issuer, keyId: identity.id, notBefore: identity.now });
  const certificate = new X509Certificate(pem);
  const information = certificateInformation(certificate);
  const length = isRsaAlgorithm(algorithm) ? plan.rsaLength : isEcAlgorithm(algorithm) ? EC_CURVES[algorithm].length : ED25519_LENGTH;
  return {
    key: {
      ...base,
      kid: sha1Thumbprint(certificate),
      certificate: pem,
      certificateInformation: information,
      expirationInstant: information.validTo,
      hasPrivateKey: true,
      issuer,
      length,
      publicKey: publicKeyPem(pair.publicKey),
    },
    secret: privateKeyPem(pair.privateKey),
  };
}
