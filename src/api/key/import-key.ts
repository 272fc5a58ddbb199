/**
 * `POST /api/key/import` (docs: Import a Key, _key-import-post-request-body). Four forms:
 * - an HMAC `secret` (algorithm HS256/384/512, type HMAC);
 * - a Secret (type `Secret`, algorithm `None`, 1.64+): a `secret` of at most 256 characters whose `kid`
 *   is derived from the name;
 * - PEM key material: a `publicKey` (verification only), a `privateKey` (its public key derived), or both;
 * - an X.509 `certificate` (PEM or bare base64 DER), alone (verification only) or with its private key.
 * The type and algorithm are inferred from the material; when given they must agree with it
 * (fusionauth-issues #3276: a mismatched PEM must be refused, not stored unusable). RSA keys must be
 * 2048, 3072 or 4096 bits; 1024 bits only for a key without a private key (verification only).
 */
import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import {
  ecAlgorithmOfCurve, isRsaAlgorithm, RSA_GENERATE_LENGTHS, RSA_VERIFY_ONLY_LENGTHS, typeOfAlgorithm, type KeyAlgorithm, type KeyType,
} from '../../crypto/keys/algorithms.js';
import { certificateInformation, issuerCommonName, rsaAlgorithmOfHash, rsaSignatureHash, sha1Thumbprint } from '../../crypto/keys/certificate.js';
import { certificatePem, describeKey, privateKeyPem, publicKeyPem, readCertificate, readPrivateKey, readPublicKey, samePublicKey } from '../../crypto/keys/pem.js';
import type { ValidationError } from '../../core/errors.js';
import { MAX_SECRET_LENGTH, type Key, type KeyInput } from './model.js';

/** The imported key minus its identity (id, name, kid, instants), which the service adds. */
export interface ImportedMaterial {
  readonly algorithm: KeyAlgorithm;
  readonly type: KeyType;
  readonly fields: Partial<Pick<Key, 'certificate' | 'certificateInformation' | 'expirationInstant' | 'hasPrivateKey' | 'issuer' | 'length' | 'publicKey'>>;
  /** The `kid` the material implies: a certificate's SHA-1 thumbprint (as FusionAuth's examples show). */
  readonly derivedKid?: string;
  readonly secret?: string;
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

type Family = 'HMAC' | 'Secret' | 'asymmetric';

function familyOf(input: KeyInput): Family {
  const type = input.algorithm !== undefined ? typeOfAlgorithm(input.algorithm) : input.type;
  if (type === 'HMAC' || type === 'Secret') return type;
  if (type !== undefined) return 'asymmetric';
  const hasPem = present(input.publicKey) || present(input.privateKey) || present(input.certificate);
  return present(input.secret) && !hasPem ? 'HMAC' : 'asymmetric';
}

/** Reads and validates an import; adds field errors and answers undefined when it cannot be imported. */
export function readImport(input: KeyInput, errors: ValidationError): ImportedMaterial | undefined {
  const family = familyOf(input);
  if (input.type !== undefined && input.algorithm !== undefined && typeOfAlgorithm(input.algorithm) !== input.type) {
    errors.add('key.type', 'invalid', `The [key.type] ${input.type} does not match the [key.algorithm] ${input.algorithm}.`);
    return undefined;
  }
  if (family === 'asymmetric') return readKeyMaterial(input, errors);
  if (!present(input.secret)) {
    errors.add('key.secret', 'blank', `You must specify the [key.secret] property to import ${family === 'HMAC' ? 'an HMAC key' : 'a Secret'}.`);
    return undefined;
  }
  if (family === 'Secret') {
    if (input.secret.length > MAX_SECRET_LENGTH) {
      errors.add('key.secret', 'tooLong', `The [key.secret] property is longer than the maximum of [${MAX_SECRET_LENGTH}] characters.`);
      return undefined;
    }
    return { algorithm: 'None', type: 'Secret', fields: {}, secret: input.secret };
  }
  if (input.algorithm === undefined) {
    errors.add('key.algorithm', 'missing', 'You must specify the [key.algorithm] property (HS256, HS384 or HS512) to import an HMAC key.');
    return undefined;
  }
  return { algorithm: input.algorithm, type: 'HMAC', fields: {}, secret: input.secret };
}

interface Parsed {
  readonly certificate?: X509Certificate;
  readonly publicKey?: KeyObject;
  readonly privateKey?: KeyObject;
}

/** Parses whichever PEM fields were given; a field that does not parse is `[invalid]`. */
function parseMaterial(input: KeyInput, errors: ValidationError): Parsed | undefined {
  const parsed: { certificate?: X509Certificate; publicKey?: KeyObject; privateKey?: KeyObject } = {};
  if (present(input.certificate)) {
    parsed.certificate = readCertificate(input.certificate);
    if (parsed.certificate === undefined) errors.add('key.certificate', 'invalid', 'The [key.certificate] is not a valid PEM or base64 encoded X.509 certificate.');
  }
  if (present(input.publicKey)) {
    parsed.publicKey = readPublicKey(input.publicKey);
    if (parsed.publicKey === undefined) errors.add('key.publicKey', 'invalid', 'The [key.publicKey] is not a valid PEM encoded public key.');
  }
  if (present(input.privateKey)) {
    parsed.privateKey = readPrivateKey(input.privateKey);
    if (parsed.privateKey === undefined) errors.add('key.privateKey', 'invalid', 'The [key.privateKey] is not a valid, unencrypted PEM encoded private key.');
  }
  if (parsed.certificate === undefined && parsed.publicKey === undefined && parsed.privateKey === undefined) {
    if (errors.isEmpty) errors.add('key.publicKey', 'blank', 'You must specify a [key.publicKey], [key.privateKey] or [key.certificate] to import, or a [key.secret] for an HMAC key.');
    return undefined;
  }
  return errors.isEmpty ? parsed : undefined;
}

function readKeyMaterial(input: KeyInput, errors: ValidationError): ImportedMaterial | undefined {
  const parsed = parseMaterial(input, errors);
  if (parsed === undefined) return undefined;
  const { certificate, privateKey } = parsed;
  const derived = privateKey && createPublicKey(privateKey);
  if (parsed.publicKey !== undefined && derived !== undefined && !samePublicKey(parsed.publicKey, derived)) {
    errors.add('key.publicKey', 'invalid', 'The [key.publicKey] does not match the [key.privateKey].');
    return undefined;
  }
  const publicKey = parsed.publicKey ?? derived;
  if (certificate !== undefined && publicKey !== undefined && !samePublicKey(certificate.publicKey, publicKey)) {
    errors.add('key.certificate', 'invalid', 'The public key of the [key.certificate] does not match the key being imported.');
    return undefined;
  }
  const key = publicKey ?? certificate!.publicKey;
  // The field the key came from, for errors about the key itself.
  const source = certificate !== undefined ? 'key.certificate' : parsed.publicKey !== undefined ? 'key.publicKey' : 'key.privateKey';
  const shape = describeKey(key);
  if (shape === undefined) {
    errors.add(source, 'invalid', 'Only RSA, EC (P-256, P-384, P-521) and Ed25519 keys can be imported.');
    return undefined;
  }
  if (input.type !== undefined && input.type !== shape.type) {
    errors.add('key.type', 'invalid', `The [key.type] ${input.type} does not match the imported ${shape.type} key.`);
    return undefined;
  }
  if (shape.type === 'RSA') {
    const allowed = privateKey === undefined ? [...RSA_VERIFY_ONLY_LENGTHS, ...RSA_GENERATE_LENGTHS] : RSA_GENERATE_LENGTHS;
    if (!allowed.includes(shape.length)) {
      errors.add(source, 'invalidLength', `An RSA key must be ${RSA_GENERATE_LENGTHS.join(', ')} bits long (1024 only for a verification key); this one is ${shape.length}.`);
      return undefined;
    }
  }
  const implied: KeyAlgorithm = shape.type === 'EC' ? ecAlgorithmOfCurve(shape.curve!)!
    : shape.type === 'OKP' ? 'Ed25519'
    : input.algorithm !== undefined && isRsaAlgorithm(input.algorithm) ? input.algorithm
    : certificate !== undefined ? rsaAlgorithmOfHash(rsaSignatureHash(certificate)) : 'RS256';
  if (input.algorithm !== undefined && input.algorithm !== implied) {
    errors.add('key.algorithm', 'invalid', `The [key.algorithm] ${input.algorithm} cannot be used with the imported ${shape.type} key.`);
    return undefined;
  }
  const information = certificate && certificateInformation(certificate);
  return {
    algorithm: implied,
    type: shape.type,
    fields: {
      ...(certificate !== undefined ? { certificate: certificatePem(certificate), certificateInformation: information!, expirationInstant: information!.validTo, issuer: issuerCommonName(certificate) } : {}),
      hasPrivateKey: privateKey !== undefined,
      length: shape.length,
      publicKey: publicKeyPem(key),
    },
    ...(certificate !== undefined ? { derivedKid: sha1Thumbprint(certificate) } : {}),
    ...(privateKey !== undefined ? { secret: privateKeyPem(privateKey) } : {}),
  };
}
