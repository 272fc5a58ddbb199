/** The SAML v2 identity provider type, registered with the Identity Providers API (kinds.ts). */
import { deepFill } from '../../../core/deep-fill.js';
import { bodyReader } from '../../../core/request-body.js';
import type { IdentityProviderKind } from '../kinds.js';
import type { IdentityProvider, IdentityProviderInput } from '../model.js';
import { verificationKeyIds } from './keys.js';
import { SAMLV2, samlV2Defaults, SamlV2RequestSchema, type SamlV2Fields, type SamlV2Input } from './model.js';
import { validateSamlV2 } from './validation.js';

const readRequest = bodyReader(SamlV2RequestSchema);

/** The fields of `SamlV2Fields`, copied from the input one by one (the stored object is an allow-list). */
const FIELDS = [
  'assertionConfiguration', 'assertionDecryptionConfiguration', 'buttonImageURL', 'buttonText', 'domains', 'emailClaim',
  'idpEndpoint', 'idpInitiatedConfiguration', 'issuer', 'keyId', 'loginHintConfiguration', 'nameIdFormat', 'postRequest',
  'requestSigningKeyId', 'signRequest', 'uniqueIdClaim', 'useNameIdForEmail', 'usernameClaim', 'verificationKeyIds',
  'xmlSignatureC14nMethod',
] as const satisfies readonly (keyof SamlV2Fields)[];

/** Domains compare case-insensitively and are kept once each, as FusionAuth's domain set does. */
const normalizeDomains = (domains: readonly string[] | undefined): string[] =>
  [...new Set((domains ?? []).map((d) => d.trim().toLowerCase()).filter((d) => d !== ''))];

export const samlV2Kind: IdentityProviderKind = {
  type: SAMLV2,

  readRequest(body) {
    return (readRequest(body).identityProvider ?? {}) as IdentityProviderInput;
  },

  complete(input, existing) {
    const saml = input as SamlV2Input;
    const picked: Record<string, unknown> = {};
    for (const field of FIELDS) if (saml[field] !== undefined) picked[field] = saml[field];
    const fields = deepFill(picked as Partial<SamlV2Fields>, samlV2Defaults() as Partial<SamlV2Fields>) as SamlV2Fields;
    fields.domains = normalizeDomains(fields.domains);
    fields.verificationKeyIds = verificationKeyIds(saml, existing);
    if (fields.verificationKeyIds.length > 0) fields.keyId = fields.verificationKeyIds[0];
    else delete fields.keyId;
    return fields as unknown as Record<string, unknown>;
  },

  validate: validateSamlV2,

  domains(provider) {
    return (provider as IdentityProvider & SamlV2Fields).domains ?? [];
  },

  details(provider) {
    const { idpEndpoint } = provider as IdentityProvider & SamlV2Fields;
    return idpEndpoint !== undefined ? { idpEndpoint } : {};
  },
};
