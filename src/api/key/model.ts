/**
 * The Key object (`{"key": {...}}`, FusionAuth's Key Master) as the Keys API reads and writes it
 * (docs: apis/keys/_key-generate-post-request-body, _key-import-post-request-body, _key-put-request-body,
 * _key-search-request-parameters, apis/_shared/_key-response-body-base; client `Key`, `KeyRequest`,
 * `KeySearchCriteria`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { KEY_ALGORITHMS, KEY_TYPES, type KeyAlgorithm, type KeyType } from '../../crypto/keys/algorithms.js';
import type { CertificateInformation } from '../../crypto/keys/certificate.js';
import { oneOf as literals } from '../tenant/model-configuration.js';

/**
 * The request shape. An unknown algorithm or type fails JSON binding (`[invalidJSON]`), as an unknown
 * enum constant does in FusionAuth. Read-only fields a client may echo back from a response (it often
 * sends the retrieved object to PUT) are accepted and ignored.
 */
export const KeyInputSchema = Type.Object({
  id: Type.Optional(Type.String()),
  algorithm: Type.Optional(literals(KEY_ALGORITHMS)),
  type: Type.Optional(literals(KEY_TYPES)),
  name: Type.Optional(Type.String()),
  kid: Type.Optional(Type.String()),
  issuer: Type.Optional(Type.String()),
  /** The docs call it a String, the client a number; Jackson accepts either. */
  length: Type.Optional(Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]+$' })])),
  certificate: Type.Optional(Type.String()),
  publicKey: Type.Optional(Type.String()),
  privateKey: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String()),
  certificateInformation: Type.Optional(Type.Unknown()),
  expirationInstant: Type.Optional(Type.Unknown()),
  hasPrivateKey: Type.Optional(Type.Unknown()),
  insertInstant: Type.Optional(Type.Unknown()),
  lastUpdateInstant: Type.Optional(Type.Unknown()),
});
export type KeyInput = Static<typeof KeyInputSchema>;

export const KeyRequestSchema = Type.Object({ key: Type.Optional(KeyInputSchema) });

export const KEY_ORDER_FIELDS = ['algorithm', 'expiration', 'id', 'insertInstant', 'name', 'type'] as const;
export type KeyOrderField = (typeof KEY_ORDER_FIELDS)[number];

export const KeySearchCriteriaSchema = Type.Object({
  algorithm: Type.Optional(literals(KEY_ALGORITHMS)),
  name: Type.Optional(Type.String()),
  type: Type.Optional(literals(KEY_TYPES)),
  orderBy: Type.Optional(Type.String()),
  startRow: Type.Optional(Type.Integer()),
  numberOfResults: Type.Optional(Type.Integer()),
});
export type KeySearchCriteria = Static<typeof KeySearchCriteriaSchema>;

export const KeySearchRequestSchema = Type.Object({ search: Type.Optional(KeySearchCriteriaSchema) });

/**
 * A key's public JSON: what is stored in `doc` and, field for field, what the API may return. The
 * private key or HMAC secret is never part of it (it lives in the row's `secret` column).
 */
export interface Key {
  id: string;
  name: string;
  algorithm: KeyAlgorithm;
  type: KeyType;
  kid: string;
  /** RSA/EC/OKP only (omitted for HMAC keys and Secrets). */
  certificate?: string;
  certificateInformation?: CertificateInformation;
  expirationInstant?: number;
  hasPrivateKey?: boolean;
  issuer?: string;
  length?: number;
  publicKey?: string;
  insertInstant: number;
  lastUpdateInstant: number;
}

export const DEFAULT_ISSUER = 'acme.com';

/** Secrets (type `Secret`) may hold at most this many characters (Import a Key, `key.secret`). */
export const MAX_SECRET_LENGTH = 256;
