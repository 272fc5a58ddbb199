/**
 * The nested configuration objects of a FusionAuth 1.69 Tenant (`tenant.jwtConfiguration`,
 * `tenant.emailConfiguration`, …) as TypeBox schemas, plus the enum value lists the tenant validator
 * checks against. Field sets follow @fusionauth/typescript-client 1.69 (`interface Tenant` and the
 * interfaces it nests); enum values follow the same client and the Tenant API docs. Every property is
 * optional because a request may omit anything; `tenantDefaults()` in model.ts fills the gaps.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K] & string> };

/** A closed, case-sensitive set of strings, spelled exactly as FusionAuth's Java enum. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): TUnion<Literals<T>> {
  return Type.Union(values.map((value) => Type.Literal(value))) as unknown as TUnion<Literals<T>>;
}

/** UUIDs stay plain strings here; a malformed id is the validator's business, not the schema's. */
const Uuid = () => Type.String();
const Bool = () => Type.Optional(Type.Boolean());
const Int = () => Type.Optional(Type.Integer());
const OptionalUuid = () => Type.Optional(Uuid());
const OptionalString = () => Type.Optional(Type.String());
/** `data` and other maps FusionAuth stores and echoes back verbatim. */
export const FreeMap = () => Type.Record(Type.String(), Type.Unknown());
/** Objects whose fields are all known: undeclared properties are rejected (and never serialized). */
const closed = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, { additionalProperties: false });

// ---- Enum values -------------------------------------------------------------------------------
export const OBJECT_STATES = ['Active', 'Inactive', 'PendingDelete'] as const;
export const EMAIL_SECURITY_TYPES = ['NONE', 'SSL', 'TLS'] as const;
export const UNVERIFIED_BEHAVIORS = ['Allow', 'Gated'] as const;
/** `FormField` is only accepted when the matching `unverified.behavior` is `Gated`. */
export const VERIFICATION_STRATEGIES = ['ClickableLink', 'FormField'] as const;
export const TRANSACTION_TYPES = ['None', 'Any', 'SimpleMajority', 'SuperMajority', 'AbsoluteMajority'] as const;
export const SECURE_GENERATOR_TYPES = ['randomDigits', 'randomBytes', 'randomAlpha', 'randomAlphaNumeric'] as const;
export const EXPIRY_UNITS = ['MINUTES', 'HOURS', 'DAYS', 'WEEKS', 'MONTHS', 'YEARS'] as const;
export const REFRESH_TOKEN_EXPIRATION_POLICIES = ['Fixed', 'SlidingWindow', 'SlidingWindowWithMaximumLifetime'] as const;
export const REFRESH_TOKEN_USAGE_POLICIES = ['Reusable', 'OneTimeUse'] as const;
export const MULTI_FACTOR_LOGIN_POLICIES = ['Enabled', 'Disabled', 'Required', 'ChallengeOnHighRisk', 'ChallengeOnMediumRisk'] as const;
export const TOTP_ALGORITHMS = ['HmacSHA1', 'HmacSHA256', 'HmacSHA512'] as const;
export const BREACH_MATCH_MODES = ['Low', 'Medium', 'High'] as const;
export const BREACH_ACTIONS = ['Off', 'RecordOnly', 'NotifyUser', 'RequireChange'] as const;
export const CAPTCHA_METHODS = ['GoogleRecaptchaV2', 'GoogleRecaptchaV3', 'HCaptcha', 'HCaptchaEnterprise'] as const;
export const UNIQUE_USERNAME_STRATEGIES = ['Always', 'OnCollision'] as const;
export const AUTHENTICATOR_ATTACHMENT_PREFERENCES = ['any', 'platform', 'crossPlatform'] as const;
export const USER_VERIFICATION_REQUIREMENTS = ['required', 'preferred', 'discouraged'] as const;

/**
 * Built-in password hashing schemes (Tenant API docs). `encryptionScheme` stays a free string on the
 * wire because FusionAuth also accepts plugin schemes; the validator decides what is known.
 */
export const PASSWORD_ENCRYPTION_SCHEMES = [
  'salted-md5', 'salted-sha256', 'salted-hmac-sha256', 'salted-pbkdf2-hmac-sha256', 'salted-pbkdf2-hmac-sha256-512',
  'salted-pbkdf2-hmac-sha512-512', 'bcrypt', 'phpass-md5', 'phpass-sha512',
] as const;

/** The keys FusionAuth accepts in `eventConfiguration.events` (EventType of the 1.69 client, less `test`). */
export const EVENT_TYPES = [
  'audit-log.create', 'event-log.create', 'kickstart.success',
  'jwt.public-key.update', 'jwt.refresh', 'jwt.refresh-token.revoke',
  'entity.create', 'entity.create.complete', 'entity.delete', 'entity.delete.complete', 'entity.update', 'entity.update.complete',
  'group.create', 'group.create.complete', 'group.delete', 'group.delete.complete', 'group.update', 'group.update.complete',
  'group.member.add', 'group.member.add.complete', 'group.member.remove', 'group.member.remove.complete',
  'group.member.update', 'group.member.update.complete',
  'user.action', 'user.bulk.create', 'user.create', 'user.create.complete', 'user.deactivate', 'user.delete',
  'user.delete.complete', 'user.email.update', 'user.email.verified', 'user.identity.update', 'user.identity.verified',
  'user.identity-provider.link', 'user.identity-provider.unlink', 'user.loginId.duplicate.create',
  'user.loginId.duplicate.update', 'user.login.failed', 'user.login.new-device', 'user.login.success',
  'user.login.suspicious', 'user.password.breach', 'user.password.reset.send', 'user.password.reset.start',
  'user.password.reset.success', 'user.password.update', 'user.reactivate', 'user.registration.create',
  'user.registration.create.complete', 'user.registration.delete', 'user.registration.delete.complete',
  'user.registration.update', 'user.registration.update.complete', 'user.registration.verified',
  'user.two-factor.challenge', 'user.two-factor.failed-attempt', 'user.two-factor.method.add',
  'user.two-factor.method.remove', 'user.two-factor.success', 'user.update', 'user.update.complete',
] as const;

// ---- JWT ---------------------------------------------------------------------------------------
export const RefreshTokenRevocationPolicySchema = closed({
  onLoginPrevented: Bool(),
  onMultiFactorEnable: Bool(),
  onOneTimeTokenReuse: Bool(),
  onPasswordChanged: Bool(),
});

const tenantJwtProperties = {
  accessTokenKeyId: OptionalUuid(),
  accessTokenVerificationKeyIds: Type.Optional(Type.Array(Uuid())),
  idTokenKeyId: OptionalUuid(),
  idTokenVerificationKeyIds: Type.Optional(Type.Array(Uuid())),
  refreshTokenExpirationPolicy: Type.Optional(oneOf(REFRESH_TOKEN_EXPIRATION_POLICIES)),
  refreshTokenOneTimeUseConfiguration: Type.Optional(closed({ gracePeriodInSeconds: Int() })),
  refreshTokenRevocationPolicy: Type.Optional(RefreshTokenRevocationPolicySchema),
  refreshTokenSlidingWindowConfiguration: Type.Optional(closed({ maximumTimeToLiveInMinutes: Int() })),
  refreshTokenTimeToLiveInMinutes: Int(),
  refreshTokenUsagePolicy: Type.Optional(oneOf(REFRESH_TOKEN_USAGE_POLICIES)),
  timeToLiveInSeconds: Int(),
};

/**
 * `tenant.jwtConfiguration`. The client type carries `enabled` (JWTConfiguration extends Enableable),
 * so requests may send it, but FusionAuth's Tenant declares `@JsonIgnoreProperties("enabled")` on
 * this field: it is ignored on input and never returned (a tenant's JWT settings always apply).
 */
export const TenantJwtConfigurationSchema = closed({ enabled: Bool(), ...tenantJwtProperties });
/** The same object as FusionAuth returns it: without `enabled`. */
export const TenantJwtConfigurationResponseSchema = closed(tenantJwtProperties);

// ---- Email -------------------------------------------------------------------------------------
/** Every `…EmailTemplateId` of `tenant.emailConfiguration` (1.69 client). */
export const EMAIL_TEMPLATE_ID_FIELDS = [
  'adminTwoFactorMethodRemoveEmailTemplateId', 'emailUpdateEmailTemplateId', 'emailVerifiedEmailTemplateId',
  'forgotPasswordEmailTemplateId', 'loginIdInUseOnCreateEmailTemplateId', 'loginIdInUseOnUpdateEmailTemplateId',
  'loginNewDeviceEmailTemplateId', 'loginSuspiciousEmailTemplateId', 'passwordResetSuccessEmailTemplateId',
  'passwordUpdateEmailTemplateId', 'passwordlessEmailTemplateId', 'setPasswordEmailTemplateId',
  'twoFactorMethodAddEmailTemplateId', 'twoFactorMethodRemoveEmailTemplateId', 'verificationEmailTemplateId',
] as const;

export const EmailConfigurationSchema = closed({
  additionalHeaders: Type.Optional(Type.Array(closed({ name: OptionalString(), value: OptionalString() }))),
  adminTwoFactorMethodRemoveEmailTemplateId: OptionalUuid(),
  debug: Bool(),
  defaultFromEmail: OptionalString(),
  defaultFromName: OptionalString(),
  emailUpdateEmailTemplateId: OptionalUuid(),
  emailVerifiedEmailTemplateId: OptionalUuid(),
  forgotPasswordEmailTemplateId: OptionalUuid(),
  host: OptionalString(),
  implicitEmailVerificationAllowed: Bool(),
  loginIdInUseOnCreateEmailTemplateId: OptionalUuid(),
  loginIdInUseOnUpdateEmailTemplateId: OptionalUuid(),
  loginNewDeviceEmailTemplateId: OptionalUuid(),
  loginSuspiciousEmailTemplateId: OptionalUuid(),
  /** SMTP password. FusionAuth returns it on retrieve (see TenantResponseSchema); a copy drops it. */
  password: OptionalString(),
  passwordlessEmailTemplateId: OptionalUuid(),
  passwordResetSuccessEmailTemplateId: OptionalUuid(),
  passwordUpdateEmailTemplateId: OptionalUuid(),
  port: Int(),
  /** Java-mail properties as one string ("k=v\nk=v"); the docs' example shows an object, the type is String. */
  properties: OptionalString(),
  security: Type.Optional(oneOf(EMAIL_SECURITY_TYPES)),
  setPasswordEmailTemplateId: OptionalUuid(),
  twoFactorMethodAddEmailTemplateId: OptionalUuid(),
  twoFactorMethodRemoveEmailTemplateId: OptionalUuid(),
  unverified: Type.Optional(closed({ allowEmailChangeWhenGated: Bool(), behavior: Type.Optional(oneOf(UNVERIFIED_BEHAVIORS)) })),
  username: OptionalString(),
  verificationEmailTemplateId: OptionalUuid(),
  verificationStrategy: Type.Optional(oneOf(VERIFICATION_STRATEGIES)),
  verifyEmail: Bool(),
  verifyEmailWhenChanged: Bool(),
});

// ---- Events, identifiers, lockout, family ---------------------------------------------------------
export const EventConfigurationDataSchema = closed({ enabled: Bool(), transactionType: Type.Optional(oneOf(TRANSACTION_TYPES)) });
/** Keyed by event type (see EVENT_TYPES); unknown keys are the validator's to reject. */
export const EventConfigurationSchema = closed({ events: Type.Optional(Type.Record(Type.String(), EventConfigurationDataSchema)) });

export const SecureGeneratorSchema = closed({ length: Int(), type: Type.Optional(oneOf(SECURE_GENERATOR_TYPES)) });
const Generator = () => Type.Optional(SecureGeneratorSchema);

export const ExternalIdentifierConfigurationSchema = closed({
  authorizationGrantIdTimeToLiveInSeconds: Int(),
  changePasswordIdGenerator: Generator(),
  changePasswordIdTimeToLiveInSeconds: Int(),
  deviceCodeTimeToLiveInSeconds: Int(),
  deviceUserCodeIdGenerator: Generator(),
  emailVerificationIdGenerator: Generator(),
  emailVerificationIdTimeToLiveInSeconds: Int(),
  emailVerificationOneTimeCodeGenerator: Generator(),
  externalAuthenticationIdTimeToLiveInSeconds: Int(),
  identityProviderConnectionTestTimeToLiveInSeconds: Int(),
  loginIntentTimeToLiveInSeconds: Int(),
  oneTimePasswordTimeToLiveInSeconds: Int(),
  passwordlessLoginGenerator: Generator(),
  passwordlessLoginOneTimeCodeGenerator: Generator(),
  passwordlessLoginTimeToLiveInSeconds: Int(),
  pendingAccountLinkTimeToLiveInSeconds: Int(),
  phoneVerificationIdGenerator: Generator(),
  phoneVerificationIdTimeToLiveInSeconds: Int(),
  phoneVerificationOneTimeCodeGenerator: Generator(),
  registrationVerificationIdGenerator: Generator(),
  registrationVerificationIdTimeToLiveInSeconds: Int(),
  registrationVerificationOneTimeCodeGenerator: Generator(),
  rememberOAuthScopeConsentChoiceTimeToLiveInSeconds: Int(),
  samlv2AuthNRequestIdTimeToLiveInSeconds: Int(),
  setupPasswordIdGenerator: Generator(),
  setupPasswordIdTimeToLiveInSeconds: Int(),
  trustTokenTimeToLiveInSeconds: Int(),
  twoFactorIdTimeToLiveInSeconds: Int(),
  twoFactorOneTimeCodeIdGenerator: Generator(),
  twoFactorOneTimeCodeIdTimeToLiveInSeconds: Int(),
  twoFactorTrustIdTimeToLiveInSeconds: Int(),
  webAuthnAuthenticationChallengeTimeToLiveInSeconds: Int(),
  webAuthnRegistrationChallengeTimeToLiveInSeconds: Int(),
});

export const FailedAuthenticationConfigurationSchema = closed({
  actionCancelPolicy: Type.Optional(closed({ onPasswordReset: Bool() })),
  actionDuration: Int(),
  actionDurationUnit: Type.Optional(oneOf(EXPIRY_UNITS)),
  emailUser: Bool(),
  resetCountInSeconds: Int(),
  tooManyAttempts: Int(),
  userActionId: OptionalUuid(),
});

export const FamilyConfigurationSchema = closed({
  enabled: Bool(),
  allowChildRegistrations: Bool(),
  confirmChildEmailTemplateId: OptionalUuid(),
  deleteOrphanedAccounts: Bool(),
  deleteOrphanedAccountsDays: Int(),
  familyRequestEmailTemplateId: OptionalUuid(),
  maximumChildAge: Int(),
  minimumOwnerAge: Int(),
  parentEmailRequired: Bool(),
  parentRegistrationEmailTemplateId: OptionalUuid(),
});

// ---- Passwords ---------------------------------------------------------------------------------
export const PasswordEncryptionConfigurationSchema = closed({
  encryptionScheme: OptionalString(),
  encryptionSchemeFactor: Int(),
  modifyEncryptionSchemeOnLogin: Bool(),
});

export const PasswordValidationRulesSchema = closed({
  breachDetection: Type.Optional(
    closed({
      enabled: Bool(),
      matchMode: Type.Optional(oneOf(BREACH_MATCH_MODES)),
      notifyUserEmailTemplateId: OptionalUuid(),
      onLogin: Type.Optional(oneOf(BREACH_ACTIONS)),
    }),
  ),
  disallowUserLoginId: Bool(),
  maxLength: Int(),
  minLength: Int(),
  rememberPreviousPasswords: Type.Optional(closed({ enabled: Bool(), count: Int() })),
  requireMixedCase: Bool(),
  requireNonAlpha: Bool(),
  requireNumber: Bool(),
  validateOnLogin: Bool(),
});

export const MinimumPasswordAgeSchema = closed({ enabled: Bool(), seconds: Int() });
export const MaximumPasswordAgeSchema = closed({ enabled: Bool(), days: Int() });

// ---- Multi-factor, phone -----------------------------------------------------------------------
const MessengerMethod = () => Type.Optional(closed({ enabled: Bool(), messengerId: OptionalUuid(), templateId: OptionalUuid() }));

export const MultiFactorConfigurationSchema = closed({
  authenticator: Type.Optional(closed({ enabled: Bool(), algorithm: Type.Optional(oneOf(TOTP_ALGORITHMS)), codeLength: Int(), timeStep: Int() })),
  debug: Bool(),
  email: Type.Optional(closed({ enabled: Bool(), templateId: OptionalUuid() })),
  loginPolicy: Type.Optional(oneOf(MULTI_FACTOR_LOGIN_POLICIES)),
  sms: MessengerMethod(),
  voice: MessengerMethod(),
});

export const PhoneConfigurationSchema = closed({
  adminTwoFactorMethodRemoveTemplateId: OptionalUuid(),
  forgotPasswordTemplateId: OptionalUuid(),
  identityUpdateTemplateId: OptionalUuid(),
  implicitPhoneVerificationAllowed: Bool(),
  loginIdInUseOnCreateTemplateId: OptionalUuid(),
  loginIdInUseOnUpdateTemplateId: OptionalUuid(),
  loginNewDeviceTemplateId: OptionalUuid(),
  loginSuspiciousTemplateId: OptionalUuid(),
  messengerId: OptionalUuid(),
  passwordlessTemplateId: OptionalUuid(),
  passwordResetSuccessTemplateId: OptionalUuid(),
  passwordUpdateTemplateId: OptionalUuid(),
  setPasswordTemplateId: OptionalUuid(),
  twoFactorMethodAddTemplateId: OptionalUuid(),
  twoFactorMethodRemoveTemplateId: OptionalUuid(),
  unverified: Type.Optional(closed({ allowPhoneNumberChangeWhenGated: Bool(), behavior: Type.Optional(oneOf(UNVERIFIED_BEHAVIORS)) })),
  verificationCompleteTemplateId: OptionalUuid(),
  verificationStrategy: Type.Optional(oneOf(VERIFICATION_STRATEGIES)),
  verificationTemplateId: OptionalUuid(),
  verifyPhoneNumber: Bool(),
});

// ---- Rate limits, usernames, SSO, captcha, WebAuthn ---------------------------------------------
export const RATE_LIMITED_REQUESTS = [
  'failedLogin', 'forgotPassword', 'sendEmailVerification', 'sendPasswordless', 'sendPasswordlessPhone',
  'sendPhoneVerification', 'sendRegistrationVerification', 'sendTwoFactor',
] as const;

export const RateLimitedRequestSchema = closed({ enabled: Bool(), limit: Int(), timePeriodInSeconds: Int() });
const RateLimited = () => Type.Optional(RateLimitedRequestSchema);

export const RateLimitConfigurationSchema = closed({
  failedLogin: RateLimited(),
  forgotPassword: RateLimited(),
  sendEmailVerification: RateLimited(),
  sendPasswordless: RateLimited(),
  sendPasswordlessPhone: RateLimited(),
  sendPhoneVerification: RateLimited(),
  sendRegistrationVerification: RateLimited(),
  sendTwoFactor: RateLimited(),
});

export const UsernameConfigurationSchema = closed({
  unique: Type.Optional(
    closed({ enabled: Bool(), numberOfDigits: Int(), separator: OptionalString(), strategy: Type.Optional(oneOf(UNIQUE_USERNAME_STRATEGIES)) }),
  ),
});

export const SsoConfigurationSchema = closed({ allowAccessTokenBootstrap: Bool(), deviceTrustTimeToLiveInSeconds: Int() });
export const CaptchaConfigurationSchema = closed({
  enabled: Bool(),
  captchaMethod: Type.Optional(oneOf(CAPTCHA_METHODS)),
  secretKey: OptionalString(),
  siteKey: OptionalString(),
  threshold: Type.Optional(Type.Number()),
});

const WebAuthnWorkflow = () =>
  Type.Optional(
    closed({
      enabled: Bool(),
      authenticatorAttachmentPreference: Type.Optional(oneOf(AUTHENTICATOR_ATTACHMENT_PREFERENCES)),
      userVerificationRequirement: Type.Optional(oneOf(USER_VERIFICATION_REQUIREMENTS)),
    }),
  );

export const WebAuthnConfigurationSchema = closed({
  enabled: Bool(),
  bootstrapWorkflow: WebAuthnWorkflow(),
  debug: Bool(),
  reauthenticationWorkflow: WebAuthnWorkflow(),
  relyingPartyId: OptionalString(),
  relyingPartyName: OptionalString(),
});

// ---- Small references, policies, connectors, SCIM, client risk ---------------------------------
export const LoginConfigurationSchema = closed({ requireAuthentication: Bool() });
export const OAuthConfigurationSchema = closed({ clientCredentialsAccessTokenPopulateLambdaId: OptionalUuid() });
export const AccessControlConfigurationSchema = closed({ uiIPAccessControlListId: OptionalUuid() });
export const FormConfigurationSchema = closed({ adminUserFormId: OptionalUuid() });
export const RegistrationConfigurationSchema = closed({ blockedDomains: Type.Optional(Type.Array(Type.String())) });

export const LambdaConfigurationSchema = closed({
  loginValidationId: OptionalUuid(),
  multiFactorRequirementId: OptionalUuid(),
  scimEnterpriseUserRequestConverterId: OptionalUuid(),
  scimEnterpriseUserResponseConverterId: OptionalUuid(),
  scimGroupRequestConverterId: OptionalUuid(),
  scimGroupResponseConverterId: OptionalUuid(),
  scimUserRequestConverterId: OptionalUuid(),
  scimUserResponseConverterId: OptionalUuid(),
});

export const UserDeletePolicySchema = closed({
  unverified: Type.Optional(closed({ enabled: Bool(), enabledInstant: Int(), numberOfDaysToRetain: Int() })),
});

export const ConnectorPolicySchema = closed({
  connectorId: OptionalUuid(),
  data: Type.Optional(FreeMap()),
  domains: Type.Optional(Type.Array(Type.String())),
  migrate: Bool(),
});

export const ScimServerConfigurationSchema = closed({
  enabled: Bool(),
  clientEntityTypeId: OptionalUuid(),
  /** A SCIM `/Schemas` response document (RFC 7643 §7), stored verbatim. */
  schemas: Type.Optional(FreeMap()),
  serverEntityTypeId: OptionalUuid(),
});

/** 1.68: which risk signals feed the composite client-risk score. */
export const ClientRiskConfigurationSchema = closed({
  enabled: Bool(),
  blocklistedIp: Bool(),
  botDetected: Bool(),
  dormantAccount: Bool(),
  dormantPassword: Bool(),
  impossibleTravel: Bool(),
  recentIdentityChange: Bool(),
  recentPasswordChange: Bool(),
  suspiciousUserAgent: Bool(),
  unrecognizedDevice: Bool(),
  untrustedDevice: Bool(),
});

export type TenantJwtConfiguration = Static<typeof TenantJwtConfigurationSchema>;
export type EmailConfiguration = Static<typeof EmailConfigurationSchema>;
export type ExternalIdentifierConfiguration = Static<typeof ExternalIdentifierConfigurationSchema>;
export type PasswordValidationRules = Static<typeof PasswordValidationRulesSchema>;
export type RateLimitedRequest = Static<typeof RateLimitedRequestSchema>;
export type SecureGenerator = Static<typeof SecureGeneratorSchema>;
