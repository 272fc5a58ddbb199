/**
 * The response allow-list for keys: only the fields FusionAuth documents for a Key response
 * (apis/_shared/_key-response-body-base) leave the server, copied one by one, so neither a private
 * key nor a secret can slip out even if a stored document ever carried one.
 */
import type { CertificateInformation } from '../../crypto/keys/certificate.js';
import type { Key } from './model.js';

const KEY_FIELDS = [
  'algorithm', 'certificate', 'expirationInstant', 'hasPrivateKey', 'id', 'insertInstant', 'issuer', 'kid',
  'lastUpdateInstant', 'length', 'name', 'publicKey', 'type',
] as const satisfies readonly (keyof Key)[];

const CERTIFICATE_FIELDS = [
  'issuer', 'md5Fingerprint', 'serialNumber', 'sha1Fingerprint', 'sha1Thumbprint', 'sha256Fingerprint',
  'sha256Thumbprint', 'subject', 'validFrom', 'validTo',
] as const satisfies readonly (keyof CertificateInformation)[];

function pick<T extends object, K extends keyof T>(source: T, fields: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const field of fields) {
    if (source[field] !== undefined) out[field] = source[field];
  }
  return out;
}

export function presentKey(key: Key): Key {
  const shown = pick(key, KEY_FIELDS) as Key;
  if (key.certificateInformation !== undefined) shown.certificateInformation = pick(key.certificateInformation, CERTIFICATE_FIELDS) as CertificateInformation;
  return shown;
}
