/**
 * `application.samlv2Configuration` — the application acting as a SAML v2 IdP, with the defaults a
 * new application reports (Java domain initialisers). When it is enabled on create/update and `keyId`
 * is absent, FusionAuth generates an RS256 key and also uses it for `logout.keyId` (and for
 * `logout.singleLogout.keyId` when single logout is enabled) — the service's job, not this file's.
 */
import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Uuid } from './model-shared.js';

export const CANONICALIZATION_METHODS = [
  'exclusive',
  'exclusive_with_comments',
  'inclusive',
  'inclusive_with_comments',
] as const;
export const XML_SIGNATURE_LOCATIONS = ['Assertion', 'Response'] as const;
export const SAML_LOGOUT_BEHAVIORS = ['AllParticipants', 'OnlyOriginator'] as const;

// The assertion-encryption algorithm fields are plain strings in FusionAuth, checked by the service
// (an unknown value is `[invalid]application.samlv2Configuration.assertionEncryptionConfiguration.<field>`),
// so they stay strings here; these are the accepted values.
export const SAML_DIGEST_ALGORITHMS = ['SHA1', 'SHA256', 'SHA384', 'SHA512'] as const;
export const SAML_ENCRYPTION_ALGORITHMS = ['AES128', 'AES192', 'AES256', 'AES128GCM', 'AES192GCM', 'AES256GCM', 'TripleDES'] as const;
export const SAML_KEY_LOCATIONS = ['Child', 'Sibling'] as const;
export const SAML_KEY_TRANSPORT_ALGORITHMS = ['RSAv15', 'RSA_OAEP', 'RSA_OAEP_MGF1P'] as const;
export const SAML_MASK_GENERATION_FUNCTIONS = ['MGF1_SHA1', 'MGF1_SHA224', 'MGF1_SHA256', 'MGF1_SHA384', 'MGF1_SHA512'] as const;

const C14nMethod = () => OneOf(CANONICALIZATION_METHODS);

const AssertionEncryptionSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    digestAlgorithm: Type.Optional(Type.String()),
    encryptionAlgorithm: Type.Optional(Type.String()),
    keyLocation: Type.Optional(Type.String()),
    keyTransportAlgorithm: Type.Optional(Type.String()),
    keyTransportEncryptionKeyId: Type.Optional(Uuid()),
    maskGenerationFunction: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const SingleLogoutSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    keyId: Type.Optional(Uuid()),
    url: Type.Optional(Type.String()),
    xmlSignatureC14nMethod: Type.Optional(C14nMethod()),
  },
  { additionalProperties: false },
);

const SamlLogoutSchema = Type.Object(
  {
    behavior: Type.Optional(OneOf(SAML_LOGOUT_BEHAVIORS)),
    // Deprecated in 1.69 for verificationKeyIds; FusionAuth echoes the first verification key here.
    defaultVerificationKeyId: Type.Optional(Uuid()),
    keyId: Type.Optional(Uuid()),
    requireSignedRequests: Type.Optional(Type.Boolean()),
    singleLogout: Type.Optional(SingleLogoutSchema),
    verificationKeyIds: Type.Optional(Type.Array(Uuid())),
    xmlSignatureC14nMethod: Type.Optional(C14nMethod()),
  },
  { additionalProperties: false },
);

export const SamlV2ConfigurationSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    assertionEncryptionConfiguration: Type.Optional(AssertionEncryptionSchema),
    audience: Type.Optional(Type.String()),
    authorizedRedirectURLs: Type.Optional(Type.Array(Type.String())),
    // Deprecated since 1.20: read as "add to authorizedRedirectURLs", returned as its first entry.
    callbackURL: Type.Optional(Type.String()),
    debug: Type.Optional(Type.Boolean()),
    // Deprecated in 1.69 for verificationKeyIds; FusionAuth echoes the first verification key here.
    defaultVerificationKeyId: Type.Optional(Uuid()),
    initiatedLogin: Type.Optional(
      Type.Object(
        { enabled: Type.Optional(Type.Boolean()), nameIdFormat: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    issuer: Type.Optional(Type.String()),
    keyId: Type.Optional(Uuid()),
    loginHintConfiguration: Type.Optional(
      Type.Object(
        { enabled: Type.Optional(Type.Boolean()), parameterName: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    logout: Type.Optional(SamlLogoutSchema),
    logoutURL: Type.Optional(Type.String()),
    requireSignedRequests: Type.Optional(Type.Boolean()),
    verificationKeyIds: Type.Optional(Type.Array(Uuid())),
    xmlSignatureC14nMethod: Type.Optional(C14nMethod()),
    xmlSignatureLocation: Type.Optional(OneOf(XML_SIGNATURE_LOCATIONS)),
  },
  { additionalProperties: false },
);
export type SamlV2Configuration = Static<typeof SamlV2ConfigurationSchema>;

export function samlV2ConfigurationDefaults(): SamlV2Configuration {
  return {
    enabled: false,
    assertionEncryptionConfiguration: {
      enabled: false,
      digestAlgorithm: 'SHA256',
      encryptionAlgorithm: 'AES256GCM',
      keyLocation: 'Child',
      keyTransportAlgorithm: 'RSA_OAEP',
      maskGenerationFunction: 'MGF1_SHA1',
    },
    authorizedRedirectURLs: [],
    debug: false,
    initiatedLogin: { enabled: false, nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' },
    loginHintConfiguration: { enabled: true, parameterName: 'login_hint' },
    logout: {
      behavior: 'AllParticipants',
      requireSignedRequests: false,
      singleLogout: { enabled: false, xmlSignatureC14nMethod: 'exclusive_with_comments' },
      verificationKeyIds: [],
      xmlSignatureC14nMethod: 'exclusive_with_comments',
    },
    requireSignedRequests: false,
    verificationKeyIds: [],
    xmlSignatureC14nMethod: 'exclusive_with_comments',
    xmlSignatureLocation: 'Assertion',
  };
}
