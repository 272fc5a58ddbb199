/**
 * `application.oauthConfiguration` — FusionAuth's OAuth2Configuration, with the defaults a new
 * application reports (Java domain initialisers, docs `defaults=`). `clientId` is always the
 * application id and `clientSecret` is generated when omitted on create (kept when blank on update);
 * both are filled by the service, not here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Requirable } from './model-shared.js';

export const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'password',
  'client_credentials',
  'refresh_token',
  'unknown',
  'urn:ietf:params:oauth:grant-type:device_code',
] as const;
/** Grants an application may enable (docs); any other value is `[invalid]application.oauthConfiguration.enabledGrants`. */
export const SUPPORTED_APPLICATION_GRANTS = [
  'authorization_code',
  'implicit',
  'password',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
] as const;
export const CLIENT_AUTHENTICATION_POLICIES = ['Required', 'NotRequired', 'NotRequiredWhenUsingPKCE'] as const;
export const AUTHORIZED_URL_VALIDATION_POLICIES = ['AllowWildcards', 'ExactMatch'] as const;
export const LOGOUT_BEHAVIORS = ['RedirectOnly', 'AllApplications'] as const;
export const PKCE_POLICIES = ['Required', 'NotRequired', 'NotRequiredWhenUsingClientAuthentication'] as const;
export const SCOPE_HANDLING_POLICIES = ['Compatibility', 'Strict'] as const;
export const UNKNOWN_SCOPE_POLICIES = ['Allow', 'Remove', 'Reject'] as const;
export const CONSENT_MODES = ['AlwaysPrompt', 'RememberDecision', 'NeverPrompt'] as const;
export const APPLICATION_RELATIONSHIPS = ['FirstParty', 'ThirdParty'] as const;

/** Which of the OIDC scopes FusionAuth provides (`address`, `email`, `phone`, `profile`) are on. */
export const ProvidedScopePolicySchema = Type.Object(
  {
    address: Type.Optional(Requirable()),
    email: Type.Optional(Requirable()),
    phone: Type.Optional(Requirable()),
    profile: Type.Optional(Requirable()),
  },
  { additionalProperties: false },
);

export const OAuthConfigurationSchema = Type.Object(
  {
    clientId: Type.Optional(Type.String()),
    clientSecret: Type.Optional(Type.String()),
    authorizedRedirectURLs: Type.Optional(Type.Array(Type.String())),
    authorizedOriginURLs: Type.Optional(Type.Array(Type.String())),
    // 1.67: RFC 8707 resource indicators; empty means any `resource` parameter is ignored.
    authorizedResourceUris: Type.Optional(Type.Array(Type.String())),
    authorizedURLValidationPolicy: Type.Optional(OneOf(AUTHORIZED_URL_VALIDATION_POLICIES)),
    clientAuthenticationPolicy: Type.Optional(OneOf(CLIENT_AUTHENTICATION_POLICIES)),
    consentMode: Type.Optional(OneOf(CONSENT_MODES)),
    debug: Type.Optional(Type.Boolean()),
    deviceVerificationURL: Type.Optional(Type.String()),
    enabledGrants: Type.Optional(Type.Array(OneOf(GRANT_TYPES))),
    generateRefreshTokens: Type.Optional(Type.Boolean()),
    logoutBehavior: Type.Optional(OneOf(LOGOUT_BEHAVIORS)),
    logoutURL: Type.Optional(Type.String()),
    proofKeyForCodeExchangePolicy: Type.Optional(OneOf(PKCE_POLICIES)),
    providedScopePolicy: Type.Optional(ProvidedScopePolicySchema),
    relationship: Type.Optional(OneOf(APPLICATION_RELATIONSHIPS)),
    // Deprecated since 1.28 in favour of clientAuthenticationPolicy; still read and written.
    requireClientAuthentication: Type.Optional(Type.Boolean()),
    requireRegistration: Type.Optional(Type.Boolean()),
    scopeHandlingPolicy: Type.Optional(OneOf(SCOPE_HANDLING_POLICIES)),
    unknownScopePolicy: Type.Optional(OneOf(UNKNOWN_SCOPE_POLICIES)),
  },
  { additionalProperties: false },
);
export type OAuthConfiguration = Static<typeof OAuthConfigurationSchema>;

export function oauthConfigurationDefaults(): OAuthConfiguration {
  const scope = () => ({ enabled: true, required: false });
  return {
    authorizedRedirectURLs: [],
    authorizedOriginURLs: [],
    authorizedResourceUris: [],
    authorizedURLValidationPolicy: 'ExactMatch',
    clientAuthenticationPolicy: 'Required',
    consentMode: 'AlwaysPrompt',
    debug: false,
    enabledGrants: [],
    generateRefreshTokens: false,
    logoutBehavior: 'AllApplications',
    proofKeyForCodeExchangePolicy: 'NotRequired',
    providedScopePolicy: { address: scope(), email: scope(), phone: scope(), profile: scope() },
    relationship: 'FirstParty',
    requireClientAuthentication: true,
    requireRegistration: false,
    scopeHandlingPolicy: 'Strict',
    unknownScopePolicy: 'Reject',
  };
}

/**
 * FusionAuth keeps the two client-authentication switches consistent on every save: an absent policy
 * is derived from the legacy boolean, and the boolean always follows the policy. Call on the input
 * *before* defaults are filled in, so `requireClientAuthentication: false` alone still means NotRequired.
 */
export function reconcileClientAuthentication(input: OAuthConfiguration | undefined): OAuthConfiguration | undefined {
  if (input === undefined) return undefined;
  const out: OAuthConfiguration = { ...input };
  if (out.clientAuthenticationPolicy === undefined && out.requireClientAuthentication !== undefined) {
    out.clientAuthenticationPolicy = out.requireClientAuthentication ? 'Required' : 'NotRequired';
  }
  if (out.clientAuthenticationPolicy !== undefined) {
    out.requireClientAuthentication = out.clientAuthenticationPolicy !== 'NotRequired';
  }
  return out;
}
