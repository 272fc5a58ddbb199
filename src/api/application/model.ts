/**
 * The Application object (`{"application": {...}}`), its roles (`{"role": {...}}`) and OAuth scopes
 * (`{"scope": {...}}`), as FusionAuth 1.69 reads and writes them. Every property is optional because a
 * request may leave anything out; objects whose fields are all known are closed, so the schema is also
 * the response allow-list. Sources: fusionauth-site `apis/_application-request-body.mdx` and
 * `_application-response-body-base.mdx`, `@fusionauth/typescript-client` 1.69.0 `interface Application`,
 * and the Java domain initialisers for defaults.
 */
import { Type, type Static } from '@sinclair/typebox';
import { deepFill } from '../../core/deep-fill.js';
import { applicationJwtConfigurationDefaults, ApplicationJwtConfigurationSchema } from './model-jwt.js';
import { oauthConfigurationDefaults, OAuthConfigurationSchema, reconcileClientAuthentication } from './model-oauth.js';
import { samlV2ConfigurationDefaults, SamlV2ConfigurationSchema } from './model-saml.js';
import { FreeMap, Instant, OneOf, Uuid } from './model-shared.js';
import {
  AccessControlConfigurationSchema,
  ApplicationEmailConfigurationSchema,
  ApplicationFormConfigurationSchema,
  ApplicationMultiFactorConfigurationSchema,
  ApplicationPhoneConfigurationSchema,
  ApplicationWebAuthnConfigurationSchema,
  CleanSpeakConfigurationSchema,
  ExternalIdentifierConfigurationSchema,
  LambdaConfigurationSchema,
  LoginConfigurationSchema,
  PasswordlessConfigurationSchema,
  RegistrationConfigurationSchema,
  registrationConfigurationDefaults,
  RegistrationDeletePolicySchema,
  RegistrationUnverifiedOptionsSchema,
  UniversalConfigurationSchema,
  VERIFICATION_STRATEGIES,
} from './model-settings.js';

/** The FusionAuth admin application; it may not be deleted and its roles and scopes are fixed. */
export const FUSIONAUTH_APPLICATION_ID = '3c219e58-ed0e-4b18-ad48-f4f92793ae32';

export const OBJECT_STATES = ['Active', 'Inactive', 'PendingDelete'] as const;

/**
 * A role of one application. `isSuperRole` is only a marker (FusionAuth does not enforce it through
 * the API); a default role is given to a registration created without roles. The owning application
 * id is never part of the JSON.
 */
export const ApplicationRoleSchema = Type.Object(
  {
    id: Type.Optional(Uuid()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    isDefault: Type.Optional(Type.Boolean()),
    isSuperRole: Type.Optional(Type.Boolean()),
    insertInstant: Type.Optional(Instant()),
    lastUpdateInstant: Type.Optional(Instant()),
  },
  { additionalProperties: false },
);
export type ApplicationRole = Static<typeof ApplicationRoleSchema>;

/**
 * A custom OAuth scope (1.50+). Returned with `applicationId` on the scope API; inside
 * `application.scopes` FusionAuth leaves `applicationId` out.
 */
export const ApplicationOAuthScopeSchema = Type.Object(
  {
    id: Type.Optional(Uuid()),
    applicationId: Type.Optional(Uuid()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    defaultConsentMessage: Type.Optional(Type.String()),
    defaultConsentDetail: Type.Optional(Type.String()),
    required: Type.Optional(Type.Boolean()),
    data: Type.Optional(FreeMap()),
    insertInstant: Type.Optional(Instant()),
    lastUpdateInstant: Type.Optional(Instant()),
  },
  { additionalProperties: false },
);
export type ApplicationOAuthScope = Static<typeof ApplicationOAuthScopeSchema>;

export const ApplicationSchema = Type.Object(
  {
    id: Type.Optional(Uuid()),
    tenantId: Type.Optional(Uuid()),
    name: Type.Optional(Type.String()),
    // Deprecated since 1.22 for `state`; FusionAuth answers `active = (state == Active)`.
    active: Type.Optional(Type.Boolean()),
    state: Type.Optional(OneOf(OBJECT_STATES)),
    data: Type.Optional(FreeMap()),
    insertInstant: Type.Optional(Instant()),
    lastUpdateInstant: Type.Optional(Instant()),
    roles: Type.Optional(Type.Array(ApplicationRoleSchema)),
    scopes: Type.Optional(Type.Array(ApplicationOAuthScopeSchema)),
    accessControlConfiguration: Type.Optional(AccessControlConfigurationSchema),
    authenticationTokenConfiguration: Type.Optional(
      Type.Object({ enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    ),
    // 1.68: base URL for links in this application's templates, overriding tenant.baseURL.
    baseURL: Type.Optional(Type.String()),
    cleanSpeakConfiguration: Type.Optional(CleanSpeakConfigurationSchema),
    emailConfiguration: Type.Optional(ApplicationEmailConfigurationSchema),
    externalIdentifierConfiguration: Type.Optional(ExternalIdentifierConfigurationSchema),
    formConfiguration: Type.Optional(ApplicationFormConfigurationSchema),
    jwtConfiguration: Type.Optional(ApplicationJwtConfigurationSchema),
    lambdaConfiguration: Type.Optional(LambdaConfigurationSchema),
    loginConfiguration: Type.Optional(LoginConfigurationSchema),
    multiFactorConfiguration: Type.Optional(ApplicationMultiFactorConfigurationSchema),
    oauthConfiguration: Type.Optional(OAuthConfigurationSchema),
    passwordlessConfiguration: Type.Optional(PasswordlessConfigurationSchema),
    phoneConfiguration: Type.Optional(ApplicationPhoneConfigurationSchema),
    registrationConfiguration: Type.Optional(RegistrationConfigurationSchema),
    registrationDeletePolicy: Type.Optional(RegistrationDeletePolicySchema),
    samlv2Configuration: Type.Optional(SamlV2ConfigurationSchema),
    themeId: Type.Optional(Uuid()),
    universalConfiguration: Type.Optional(UniversalConfigurationSchema),
    unverified: Type.Optional(RegistrationUnverifiedOptionsSchema),
    verificationEmailTemplateId: Type.Optional(Uuid()),
    verificationStrategy: Type.Optional(OneOf(VERIFICATION_STRATEGIES)),
    verifyRegistration: Type.Optional(Type.Boolean()),
    webAuthnConfiguration: Type.Optional(ApplicationWebAuthnConfigurationSchema),
  },
  { additionalProperties: false },
);
export type Application = Static<typeof ApplicationSchema>;

/** Body of the Application API: the application, or a role for the role calls, plus side fields. */
export const ApplicationRequestSchema = Type.Object({
  application: Type.Optional(ApplicationSchema),
  role: Type.Optional(ApplicationRoleSchema),
  sourceApplicationId: Type.Optional(Uuid()),
  eventInfo: Type.Optional(FreeMap()),
});
export type ApplicationRequest = Static<typeof ApplicationRequestSchema>;

export const ApplicationResponseSchema = Type.Object({
  application: Type.Optional(ApplicationSchema),
  applications: Type.Optional(Type.Array(ApplicationSchema)),
  role: Type.Optional(ApplicationRoleSchema),
});
export type ApplicationResponse = Static<typeof ApplicationResponseSchema>;

export const ApplicationOAuthScopeRequestSchema = Type.Object({ scope: Type.Optional(ApplicationOAuthScopeSchema) });
export type ApplicationOAuthScopeRequest = Static<typeof ApplicationOAuthScopeRequestSchema>;

/**
 * What an application created with only a name reports, apart from what the service assigns:
 * id, tenantId, insert/update instants, `oauthConfiguration.clientId` (= id) and `clientSecret`
 * (random), `formConfiguration.adminRegistrationFormId` (the FusionAuth application's default admin
 * registration form) and generated keys when JWT or SAML is enabled. `cleanSpeakConfiguration`,
 * `themeId`, `verificationStrategy` and `verificationEmailTemplateId` are absent by default.
 */
export function applicationDefaults(): Application {
  return {
    active: true,
    state: 'Active',
    data: {},
    roles: [],
    scopes: [],
    accessControlConfiguration: {},
    authenticationTokenConfiguration: { enabled: false },
    emailConfiguration: {},
    externalIdentifierConfiguration: {},
    formConfiguration: { selfServiceFormConfiguration: { requireCurrentPasswordOnPasswordChange: false } },
    jwtConfiguration: applicationJwtConfigurationDefaults(),
    lambdaConfiguration: {},
    loginConfiguration: { allowTokenRefresh: false, generateRefreshTokens: false, requireAuthentication: true },
    multiFactorConfiguration: { email: {}, sms: {}, voice: {} },
    oauthConfiguration: oauthConfigurationDefaults(),
    passwordlessConfiguration: { enabled: false, emailLoginStrategy: 'ClickableLink', phoneLoginStrategy: 'FormField' },
    phoneConfiguration: {},
    registrationConfiguration: registrationConfigurationDefaults(),
    registrationDeletePolicy: { unverified: { enabled: false, numberOfDaysToRetain: 120 } },
    samlv2Configuration: samlV2ConfigurationDefaults(),
    universalConfiguration: { universal: false },
    unverified: { behavior: 'Allow' },
    verifyRegistration: false,
    webAuthnConfiguration: { enabled: false, bootstrapWorkflow: { enabled: false }, reauthenticationWorkflow: { enabled: false } },
  };
}

/**
 * Fills every missing field of `input` from `applicationDefaults()` (objects recursively; arrays and
 * scalars the input gives win) and applies the defaults FusionAuth derives from other fields on save:
 * the client-authentication policy/boolean pair, and the MFA trust policy (dropped without a login
 * policy, `Any` when a login policy other than `Disabled` has none).
 */
export function mergeApplicationDefaults(input: Application): Application {
  const oauthConfiguration = reconcileClientAuthentication(input.oauthConfiguration);
  const prepared: Application = oauthConfiguration === undefined ? input : { ...input, oauthConfiguration };
  const merged = deepFill(prepared, applicationDefaults());

  const mfa = merged.multiFactorConfiguration;
  if (mfa !== undefined) {
    if (mfa.loginPolicy === undefined) delete mfa.trustPolicy;
    else if (mfa.loginPolicy !== 'Disabled' && mfa.trustPolicy === undefined) mfa.trustPolicy = 'Any';
  }
  return merged;
}
