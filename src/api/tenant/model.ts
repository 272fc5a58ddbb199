/**
 * The FusionAuth 1.69 Tenant object (`{"tenant": {...}}`): its TypeBox schema (request shape and
 * response allow-list), the configuration a newly created tenant gets, and the deep fill that applies
 * those defaults to whatever a client sent. Nested configuration schemas live in model-configuration.ts.
 *
 * Sources: the Tenant API docs (fusionauth-site apis/_tenant-request-body.mdx and includes), the 1.69
 * @fusionauth/typescript-client `interface Tenant`, and, where the docs give no default, the initial
 * values of FusionAuth's Java domain objects as they appear in real tenant JSON.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { isObject, type JsonObject } from '../../core/json.js';
import {
  AccessControlConfigurationSchema, CaptchaConfigurationSchema, ClientRiskConfigurationSchema, ConnectorPolicySchema,
  EmailConfigurationSchema, EventConfigurationSchema, ExternalIdentifierConfigurationSchema,
  FailedAuthenticationConfigurationSchema, FamilyConfigurationSchema, FormConfigurationSchema, FreeMap,
  LambdaConfigurationSchema, LoginConfigurationSchema, MaximumPasswordAgeSchema, MinimumPasswordAgeSchema,
  MultiFactorConfigurationSchema, OAuthConfigurationSchema, OBJECT_STATES, PasswordEncryptionConfigurationSchema,
  PasswordValidationRulesSchema, PhoneConfigurationSchema, RateLimitConfigurationSchema, RATE_LIMITED_REQUESTS,
  RegistrationConfigurationSchema, ScimServerConfigurationSchema, SsoConfigurationSchema,
  TenantJwtConfigurationResponseSchema, TenantJwtConfigurationSchema, UserDeletePolicySchema,
  UsernameConfigurationSchema, WebAuthnConfigurationSchema, oneOf, type RateLimitedRequest, type SecureGenerator,
} from './model-configuration.js';

/** FusionAuth's built-in connector (the local user database); every tenant's policy list has it. */
export const FUSIONAUTH_CONNECTOR_ID = 'e3306678-a53a-4964-9040-1c96f36dda72';
/** FusionAuth's stock theme, the one a tenant uses until another is chosen. */
export const FUSIONAUTH_THEME_ID = '75a068fd-e94b-451a-9aeb-3ddb9a3b5987';

const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

const tenantProperties = {
  id: optional(Type.String()),
  name: optional(Type.String()),
  issuer: optional(Type.String()),
  themeId: optional(Type.String()),
  httpSessionMaxInactiveInterval: optional(Type.Integer()),
  logoutURL: optional(Type.String()),
  /** 1.68: the public base URL FusionAuth uses for this tenant's links. */
  baseURL: optional(Type.String()),
  state: optional(oneOf(OBJECT_STATES)),
  /** Read-only: false only for the default tenant before the setup wizard ran. */
  configured: optional(Type.Boolean()),
  data: optional(FreeMap()),
  insertInstant: optional(Type.Integer()),
  lastUpdateInstant: optional(Type.Integer()),
  accessControlConfiguration: optional(AccessControlConfigurationSchema),
  captchaConfiguration: optional(CaptchaConfigurationSchema),
  clientRiskConfiguration: optional(ClientRiskConfigurationSchema),
  connectorPolicies: optional(Type.Array(ConnectorPolicySchema)),
  emailConfiguration: optional(EmailConfigurationSchema),
  eventConfiguration: optional(EventConfigurationSchema),
  externalIdentifierConfiguration: optional(ExternalIdentifierConfigurationSchema),
  failedAuthenticationConfiguration: optional(FailedAuthenticationConfigurationSchema),
  familyConfiguration: optional(FamilyConfigurationSchema),
  formConfiguration: optional(FormConfigurationSchema),
  jwtConfiguration: optional(TenantJwtConfigurationSchema),
  lambdaConfiguration: optional(LambdaConfigurationSchema),
  loginConfiguration: optional(LoginConfigurationSchema),
  maximumPasswordAge: optional(MaximumPasswordAgeSchema),
  minimumPasswordAge: optional(MinimumPasswordAgeSchema),
  multiFactorConfiguration: optional(MultiFactorConfigurationSchema),
  oauthConfiguration: optional(OAuthConfigurationSchema),
  passwordEncryptionConfiguration: optional(PasswordEncryptionConfigurationSchema),
  passwordValidationRules: optional(PasswordValidationRulesSchema),
  phoneConfiguration: optional(PhoneConfigurationSchema),
  rateLimitConfiguration: optional(RateLimitConfigurationSchema),
  registrationConfiguration: optional(RegistrationConfigurationSchema),
  scimServerConfiguration: optional(ScimServerConfigurationSchema),
  ssoConfiguration: optional(SsoConfigurationSchema),
  userDeletePolicy: optional(UserDeletePolicySchema),
  usernameConfiguration: optional(UsernameConfigurationSchema),
  webAuthnConfiguration: optional(WebAuthnConfigurationSchema),
};

/** A tenant as clients send it (POST/PUT/PATCH `tenant`) and as it is stored. */
export const TenantSchema = Type.Object(tenantProperties, { additionalProperties: false });
export type Tenant = Static<typeof TenantSchema>;

/**
 * A tenant as FusionAuth returns it. Differs from TenantSchema only in `jwtConfiguration.enabled`,
 * which FusionAuth never serializes for a tenant (`@JsonIgnoreProperties("enabled")`).
 *
 * `emailConfiguration.password` is deliberately KEPT: FusionAuth returns the SMTP password on
 * retrieve. Evidence: the Tenant API response-body docs list `tenant.emailConfiguration.password`,
 * the docs' example response (json/tenants/response.json) contains it, and FusionAuth's own Terraform
 * provider reads it back from the Retrieve Tenant response into state. FusionAuth only drops it when
 * copying a tenant (`sourceTenantId`; Tenant.secure(), fusionauth-issues#1469).
 */
export const TenantResponseSchema = Type.Object(
  { ...tenantProperties, jwtConfiguration: optional(TenantJwtConfigurationResponseSchema) },
  { additionalProperties: false },
);
export type TenantResponse = Static<typeof TenantResponseSchema>;

const generator = (length: number, type: SecureGenerator['type']): SecureGenerator => ({ length, type });

function rateLimitDefaults(): Record<(typeof RATE_LIMITED_REQUESTS)[number], RateLimitedRequest> {
  const limits = {} as Record<(typeof RATE_LIMITED_REQUESTS)[number], RateLimitedRequest>;
  for (const request of RATE_LIMITED_REQUESTS) limits[request] = { enabled: false, limit: 5, timePeriodInSeconds: 60 };
  return limits;
}

/**
 * The configuration FusionAuth gives a newly created tenant: everything except id, name and the
 * instants. `jwtConfiguration.accessTokenKeyId`/`idTokenKeyId` are left out: the service points them
 * at the default signing key. Returns a fresh object on every call.
 */
export function tenantDefaults(): Tenant {
  return {
    issuer: 'acme.com',
    themeId: FUSIONAUTH_THEME_ID,
    httpSessionMaxInactiveInterval: 3600,
    state: 'Active',
    configured: true,
    data: {},
    accessControlConfiguration: {},
    captchaConfiguration: { enabled: false, captchaMethod: 'GoogleRecaptchaV3', threshold: 0.5 },
    clientRiskConfiguration: {
      enabled: false, blocklistedIp: true, botDetected: true, dormantAccount: true, dormantPassword: true,
      impossibleTravel: true, recentIdentityChange: true, recentPasswordChange: true, suspiciousUserAgent: true,
      unrecognizedDevice: true, untrustedDevice: true,
    },
    // FusionAuth normalizes an empty policy list to its own connector for every domain.
    connectorPolicies: [{ connectorId: FUSIONAUTH_CONNECTOR_ID, domains: ['*'], migrate: false }],
    emailConfiguration: {
      additionalHeaders: [],
      debug: false,
      defaultFromEmail: 'change-me@example.com',
      // The Java domain leaves this null for API-created tenants; FusionAuth's own Default tenant has "FusionAuth".
      defaultFromName: 'FusionAuth',
      host: 'localhost',
      implicitEmailVerificationAllowed: true,
      port: 25,
      // Docs default NONE; FusionAuth stores null and treats it as NONE.
      security: 'NONE',
      unverified: { allowEmailChangeWhenGated: false, behavior: 'Allow' },
      verificationStrategy: 'ClickableLink',
      verifyEmail: false,
      verifyEmailWhenChanged: false,
    },
    // Per-event docs defaults are {enabled: false, transactionType: 'None'}; a new tenant has no entries.
    eventConfiguration: { events: {} },
    externalIdentifierConfiguration: {
      authorizationGrantIdTimeToLiveInSeconds: 30,
      changePasswordIdGenerator: generator(32, 'randomBytes'),
      changePasswordIdTimeToLiveInSeconds: 600,
      deviceCodeTimeToLiveInSeconds: 300,
      deviceUserCodeIdGenerator: generator(6, 'randomAlphaNumeric'),
      emailVerificationIdGenerator: generator(32, 'randomBytes'),
      emailVerificationIdTimeToLiveInSeconds: 86400,
      emailVerificationOneTimeCodeGenerator: generator(6, 'randomAlphaNumeric'),
      externalAuthenticationIdTimeToLiveInSeconds: 300,
      identityProviderConnectionTestTimeToLiveInSeconds: 1800,
      loginIntentTimeToLiveInSeconds: 1800,
      oneTimePasswordTimeToLiveInSeconds: 60,
      passwordlessLoginGenerator: generator(32, 'randomBytes'),
      // The docs say 32/randomBytes for this one (an unreleased-section copy-paste); the domain default is a 6-digit code.
      passwordlessLoginOneTimeCodeGenerator: generator(6, 'randomDigits'),
      passwordlessLoginTimeToLiveInSeconds: 180,
      pendingAccountLinkTimeToLiveInSeconds: 3600,
      phoneVerificationIdGenerator: generator(32, 'randomBytes'),
      phoneVerificationIdTimeToLiveInSeconds: 86400,
      phoneVerificationOneTimeCodeGenerator: generator(6, 'randomAlphaNumeric'),
      registrationVerificationIdGenerator: generator(32, 'randomBytes'),
      registrationVerificationIdTimeToLiveInSeconds: 86400,
      registrationVerificationOneTimeCodeGenerator: generator(6, 'randomAlphaNumeric'),
      rememberOAuthScopeConsentChoiceTimeToLiveInSeconds: 2592000,
      samlv2AuthNRequestIdTimeToLiveInSeconds: 300,
      setupPasswordIdGenerator: generator(32, 'randomBytes'),
      setupPasswordIdTimeToLiveInSeconds: 86400,
      trustTokenTimeToLiveInSeconds: 180,
      twoFactorIdTimeToLiveInSeconds: 300,
      twoFactorOneTimeCodeIdGenerator: generator(6, 'randomDigits'),
      twoFactorOneTimeCodeIdTimeToLiveInSeconds: 60,
      twoFactorTrustIdTimeToLiveInSeconds: 2592000,
      webAuthnAuthenticationChallengeTimeToLiveInSeconds: 180,
      webAuthnRegistrationChallengeTimeToLiveInSeconds: 180,
    },
    failedAuthenticationConfiguration: {
      actionCancelPolicy: { onPasswordReset: false },
      actionDuration: 3,
      actionDurationUnit: 'MINUTES',
      emailUser: false,
      resetCountInSeconds: 60,
      tooManyAttempts: 5,
    },
    familyConfiguration: {
      enabled: false, allowChildRegistrations: true, deleteOrphanedAccounts: false, deleteOrphanedAccountsDays: 30,
      maximumChildAge: 12, minimumOwnerAge: 21, parentEmailRequired: false,
    },
    formConfiguration: {},
    // No `enabled`: FusionAuth ignores it on a tenant and never returns it (see TenantResponseSchema).
    jwtConfiguration: {
      accessTokenVerificationKeyIds: [],
      idTokenVerificationKeyIds: [],
      refreshTokenExpirationPolicy: 'Fixed',
      refreshTokenOneTimeUseConfiguration: { gracePeriodInSeconds: 0 },
      refreshTokenRevocationPolicy: {
        onLoginPrevented: true, onMultiFactorEnable: false, onOneTimeTokenReuse: false, onPasswordChanged: true,
      },
      refreshTokenSlidingWindowConfiguration: { maximumTimeToLiveInMinutes: 43200 },
      refreshTokenTimeToLiveInMinutes: 43200,
      refreshTokenUsagePolicy: 'Reusable',
      timeToLiveInSeconds: 3600,
    },
    lambdaConfiguration: {},
    loginConfiguration: { requireAuthentication: true },
    maximumPasswordAge: { enabled: false, days: 180 },
    minimumPasswordAge: { enabled: false, seconds: 30 },
    multiFactorConfiguration: {
      authenticator: { enabled: true, algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 },
      debug: false,
      email: { enabled: false },
      loginPolicy: 'Enabled',
      sms: { enabled: false },
      voice: { enabled: false },
    },
    oauthConfiguration: {},
    passwordEncryptionConfiguration: {
      encryptionScheme: 'salted-pbkdf2-hmac-sha256',
      encryptionSchemeFactor: 24000,
      modifyEncryptionSchemeOnLogin: false,
    },
    passwordValidationRules: {
      // matchMode/onLogin have no default (null) until breach detection is configured.
      breachDetection: { enabled: false },
      disallowUserLoginId: false,
      maxLength: 256,
      minLength: 8,
      rememberPreviousPasswords: { enabled: false, count: 1 },
      requireMixedCase: false,
      requireNonAlpha: false,
      requireNumber: false,
      validateOnLogin: false,
    },
    phoneConfiguration: {
      implicitPhoneVerificationAllowed: true,
      unverified: { allowPhoneNumberChangeWhenGated: false, behavior: 'Allow' },
      verificationStrategy: 'ClickableLink',
      verifyPhoneNumber: false,
    },
    rateLimitConfiguration: rateLimitDefaults(),
    registrationConfiguration: { blockedDomains: [] },
    scimServerConfiguration: { enabled: false },
    ssoConfiguration: { allowAccessTokenBootstrap: false, deviceTrustTimeToLiveInSeconds: 31536000 },
    // The docs give no retention default; FusionAuth tenants carry 120 days (used once enabled).
    userDeletePolicy: { unverified: { enabled: false, numberOfDaysToRetain: 120 } },
    usernameConfiguration: { unique: { enabled: false, numberOfDigits: 5, separator: '#', strategy: 'OnCollision' } },
    webAuthnConfiguration: {
      enabled: false,
      debug: false,
      // The docs list crossPlatform for both workflows, but FusionAuth's domain defaults (and real tenants)
      // are any/platform, which is also what the docs recommend for each workflow.
      bootstrapWorkflow: { enabled: false, authenticatorAttachmentPreference: 'any', userVerificationRequirement: 'required' },
      reauthenticationWorkflow: { enabled: false, authenticatorAttachmentPreference: 'platform', userVerificationRequirement: 'required' },
    },
  };
}

/**
 * Fills every property missing from `input` (absent or null) with the one from `defaults`. Objects
 * are merged recursively; arrays and scalars present in `input` win whole. Neither argument is mutated.
 */
export function deepFill(input: unknown, defaults: unknown): unknown {
  if (input === undefined || input === null) return defaults;
  if (!isObject(input) || !isObject(defaults)) return input;
  const out: JsonObject = { ...input };
  for (const [key, fallback] of Object.entries(defaults)) out[key] = deepFill(input[key], fallback);
  return out;
}

/** A client-supplied tenant completed with FusionAuth's defaults for everything it left out. */
export function mergeTenantDefaults(input: Tenant): Tenant {
  return deepFill(input, tenantDefaults()) as Tenant;
}
