/**
 * The SAML v2 identity provider (`"type": "SAMLv2"`, seed 003): its closed request schema (unknown
 * properties are a JSON error, and the schema doubles as the response allow-list) and its defaults, from
 * the seed, fusionauth-site `_samlv2-request-body.mdx` and the Java domain initialisers
 * (`buttonText` "Login with SAML" is not taken as a default: the seed calls it required).
 */
import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Uuid } from '../../application/model-shared.js';
import { baseApplicationConfigurationProperties, baseProviderProperties, type IdentityProvider } from '../model.js';

export const SAMLV2 = 'SAMLv2';

export const C14N_METHODS = ['exclusive', 'exclusive_with_comments', 'inclusive', 'inclusive_with_comments'] as const;
export const DESTINATION_POLICIES = ['Enabled', 'Disabled', 'AllowAlternates'] as const;
export const PERSISTENT_NAME_ID = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

const closed = { additionalProperties: false } as const;

const SamlApplicationConfigurationSchema = Type.Object({
  ...baseApplicationConfigurationProperties,
  buttonText: Type.Optional(Type.String()),
  buttonImageURL: Type.Optional(Type.String()),
}, closed);

export const SamlV2IdentityProviderSchema = Type.Object({
  ...baseProviderProperties(SamlApplicationConfigurationSchema),
  assertionConfiguration: Type.Optional(Type.Object({
    destination: Type.Optional(Type.Object({
      alternates: Type.Optional(Type.Array(Type.String())),
      policy: Type.Optional(OneOf(DESTINATION_POLICIES)),
    }, closed)),
  }, closed)),
  assertionDecryptionConfiguration: Type.Optional(Type.Object({
    enabled: Type.Optional(Type.Boolean()),
    keyTransportDecryptionKeyId: Type.Optional(Uuid()),
  }, closed)),
  buttonImageURL: Type.Optional(Type.String()),
  buttonText: Type.Optional(Type.String()),
  domains: Type.Optional(Type.Array(Type.String())),
  emailClaim: Type.Optional(Type.String()),
  idpEndpoint: Type.Optional(Type.String()),
  idpInitiatedConfiguration: Type.Optional(Type.Object({
    enabled: Type.Optional(Type.Boolean()),
    issuer: Type.Optional(Type.String()),
  }, closed)),
  issuer: Type.Optional(Type.String()),
  keyId: Type.Optional(Uuid()),
  loginHintConfiguration: Type.Optional(Type.Object({
    enabled: Type.Optional(Type.Boolean()),
    parameterName: Type.Optional(Type.String()),
  }, closed)),
  nameIdFormat: Type.Optional(Type.String()),
  postRequest: Type.Optional(Type.Boolean()),
  requestSigningKeyId: Type.Optional(Uuid()),
  signRequest: Type.Optional(Type.Boolean()),
  uniqueIdClaim: Type.Optional(Type.String()),
  useNameIdForEmail: Type.Optional(Type.Boolean()),
  usernameClaim: Type.Optional(Type.String()),
  verificationKeyIds: Type.Optional(Type.Array(Uuid())),
  xmlSignatureC14nMethod: Type.Optional(OneOf(C14N_METHODS)),
}, closed);

export const SamlV2RequestSchema = Type.Object({ identityProvider: Type.Optional(SamlV2IdentityProviderSchema) });

export type SamlV2Input = Static<typeof SamlV2IdentityProviderSchema>;

/** The SAML-specific fields of a stored provider, after defaults. */
export interface SamlV2Fields {
  assertionConfiguration: { destination: { policy: (typeof DESTINATION_POLICIES)[number]; alternates: string[] } };
  assertionDecryptionConfiguration: { enabled: boolean; keyTransportDecryptionKeyId?: string };
  buttonImageURL?: string;
  buttonText: string;
  domains: string[];
  emailClaim?: string;
  idpEndpoint?: string;
  idpInitiatedConfiguration: { enabled: boolean; issuer?: string };
  issuer?: string;
  keyId?: string;
  loginHintConfiguration: { enabled: boolean; parameterName?: string };
  nameIdFormat: string;
  postRequest: boolean;
  requestSigningKeyId?: string;
  signRequest: boolean;
  uniqueIdClaim?: string;
  useNameIdForEmail: boolean;
  usernameClaim?: string;
  verificationKeyIds: string[];
  xmlSignatureC14nMethod?: (typeof C14N_METHODS)[number];
}

export type SamlV2IdentityProvider = IdentityProvider & SamlV2Fields;

/** Defaults for what a request leaves out (Java domain initialisers, docs `defaults=`). */
export function samlV2Defaults(): Omit<SamlV2Fields, 'buttonText'> & { buttonText?: string } {
  return {
    assertionConfiguration: { destination: { policy: 'Enabled', alternates: [] } },
    assertionDecryptionConfiguration: { enabled: false },
    domains: [],
    idpInitiatedConfiguration: { enabled: false },
    loginHintConfiguration: { enabled: true, parameterName: 'login_hint' },
    nameIdFormat: PERSISTENT_NAME_ID,
    postRequest: false,
    signRequest: false,
    useNameIdForEmail: false,
    verificationKeyIds: [],
  };
}
