/**
 * The Application object's smaller nested configurations: self-service registration, template
 * overrides (email and phone), lambdas, login, passwordless, MFA, WebAuthn, forms and the rest.
 * Field sets follow the 1.69 docs and `@fusionauth/typescript-client` 1.69.0.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enableable, Instant, OneOf, optionalIds, Requirable, TemplateRef, Uuid } from './model-shared.js';

export const LOGIN_ID_TYPES = ['email', 'phoneNumber', 'username'] as const;
export const REGISTRATION_TYPES = ['basic', 'advanced'] as const;
export const PASSWORDLESS_STRATEGIES = ['ClickableLink', 'FormField'] as const;
export const VERIFICATION_STRATEGIES = ['ClickableLink', 'FormField'] as const;
export const UNVERIFIED_BEHAVIORS = ['Allow', 'Gated'] as const;
export const MULTI_FACTOR_LOGIN_POLICIES = [
  'ChallengeOnHighRisk',
  'ChallengeOnMediumRisk',
  'Disabled',
  'Enabled',
  'Required',
] as const;
export const MULTI_FACTOR_TRUST_POLICIES = ['Any', 'This', 'None'] as const;

const closed = { additionalProperties: false } as const;

export const RegistrationConfigurationSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    birthDate: Type.Optional(Requirable()),
    completeRegistration: Type.Optional(Type.Boolean()),
    confirmPassword: Type.Optional(Type.Boolean()),
    firstName: Type.Optional(Requirable()),
    formId: Type.Optional(Uuid()),
    fullName: Type.Optional(Requirable()),
    lastName: Type.Optional(Requirable()),
    loginIdType: Type.Optional(OneOf(LOGIN_ID_TYPES)),
    middleName: Type.Optional(Requirable()),
    mobilePhone: Type.Optional(Requirable()),
    preferredLanguages: Type.Optional(Requirable()),
    type: Type.Optional(OneOf(REGISTRATION_TYPES)),
  },
  closed,
);

/** Per-application email template overrides (each falls back to the tenant's when absent). */
export const ApplicationEmailConfigurationSchema = Type.Object(
  optionalIds([
    'adminTwoFactorMethodRemoveEmailTemplateId',
    'emailUpdateEmailTemplateId',
    'emailVerificationEmailTemplateId',
    'emailVerifiedEmailTemplateId',
    'forgotPasswordEmailTemplateId',
    'loginIdInUseOnCreateEmailTemplateId',
    'loginIdInUseOnUpdateEmailTemplateId',
    'loginNewDeviceEmailTemplateId',
    'loginSuspiciousEmailTemplateId',
    'passwordResetSuccessEmailTemplateId',
    'passwordUpdateEmailTemplateId',
    'passwordlessEmailTemplateId',
    'setPasswordEmailTemplateId',
    'twoFactorMethodAddEmailTemplateId',
    'twoFactorMethodRemoveEmailTemplateId',
  ]),
  closed,
);

/** Per-application message (SMS) template overrides (1.59+). */
export const ApplicationPhoneConfigurationSchema = Type.Object(
  optionalIds([
    'adminTwoFactorMethodRemoveTemplateId',
    'forgotPasswordTemplateId',
    'identityUpdateTemplateId',
    'loginIdInUseOnCreateTemplateId',
    'loginIdInUseOnUpdateTemplateId',
    'loginNewDeviceTemplateId',
    'loginSuspiciousTemplateId',
    'passwordlessTemplateId',
    'passwordResetSuccessTemplateId',
    'passwordUpdateTemplateId',
    'setPasswordTemplateId',
    'twoFactorMethodAddTemplateId',
    'twoFactorMethodRemoveTemplateId',
    'verificationCompleteTemplateId',
    'verificationTemplateId',
  ]),
  closed,
);

export const LambdaConfigurationSchema = Type.Object(
  optionalIds([
    'accessTokenPopulateId',
    'idTokenPopulateId',
    'multiFactorRequirementId',
    'samlv2PopulateId',
    'selfServiceRegistrationValidationId',
    'userinfoPopulateId',
  ]),
  closed,
);

export const LoginConfigurationSchema = Type.Object(
  {
    allowTokenRefresh: Type.Optional(Type.Boolean()),
    generateRefreshTokens: Type.Optional(Type.Boolean()),
    requireAuthentication: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const PasswordlessConfigurationSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    emailLoginStrategy: Type.Optional(OneOf(PASSWORDLESS_STRATEGIES)),
    phoneLoginStrategy: Type.Optional(OneOf(PASSWORDLESS_STRATEGIES)),
  },
  closed,
);

/** Absent `loginPolicy` means "use the tenant's policy"; `trustPolicy` only applies when MFA is on. */
export const ApplicationMultiFactorConfigurationSchema = Type.Object(
  {
    email: Type.Optional(TemplateRef()),
    loginPolicy: Type.Optional(OneOf(MULTI_FACTOR_LOGIN_POLICIES)),
    sms: Type.Optional(TemplateRef()),
    trustPolicy: Type.Optional(OneOf(MULTI_FACTOR_TRUST_POLICIES)),
    voice: Type.Optional(TemplateRef()),
  },
  closed,
);

/**
 * CleanSpeak moderation. Absent on a new application. `enabled` mirrors the global integration and
 * `apiKey`/`url` are cleared by FusionAuth on update; all are accepted so requests never fail on them.
 */
export const CleanSpeakConfigurationSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    apiKey: Type.Optional(Type.String()),
    applicationIds: Type.Optional(Type.Array(Uuid())),
    url: Type.Optional(Type.String()),
    usernameModeration: Type.Optional(
      Type.Object({ enabled: Type.Optional(Type.Boolean()), applicationId: Type.Optional(Uuid()) }, closed),
    ),
  },
  closed,
);

export const RegistrationDeletePolicySchema = Type.Object(
  {
    unverified: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean()),
          // Set by FusionAuth when the policy is switched on; kept while it stays on.
          enabledInstant: Type.Optional(Instant()),
          numberOfDaysToRetain: Type.Optional(Type.Integer()),
        },
        closed,
      ),
    ),
  },
  closed,
);

export const ApplicationFormConfigurationSchema = Type.Object(
  {
    adminRegistrationFormId: Type.Optional(Uuid()),
    selfServiceFormConfiguration: Type.Optional(
      Type.Object({ requireCurrentPasswordOnPasswordChange: Type.Optional(Type.Boolean()) }, closed),
    ),
    selfServiceFormId: Type.Optional(Uuid()),
  },
  closed,
);

export const ApplicationWebAuthnConfigurationSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    bootstrapWorkflow: Type.Optional(Enableable()),
    reauthenticationWorkflow: Type.Optional(Enableable()),
  },
  closed,
);

export const AccessControlConfigurationSchema = Type.Object({ uiIPAccessControlListId: Type.Optional(Uuid()) }, closed);
export const ExternalIdentifierConfigurationSchema = Type.Object(
  { twoFactorTrustIdTimeToLiveInSeconds: Type.Optional(Type.Integer()) },
  closed,
);
export const UniversalConfigurationSchema = Type.Object({ universal: Type.Optional(Type.Boolean()) }, closed);
export const RegistrationUnverifiedOptionsSchema = Type.Object(
  { behavior: Type.Optional(OneOf(UNVERIFIED_BEHAVIORS)) },
  closed,
);

export type RegistrationConfiguration = Static<typeof RegistrationConfigurationSchema>;

export function registrationConfigurationDefaults(): RegistrationConfiguration {
  const field = () => ({ enabled: false, required: false });
  return {
    enabled: false,
    birthDate: field(),
    completeRegistration: false,
    confirmPassword: false,
    firstName: field(),
    fullName: field(),
    lastName: field(),
    loginIdType: 'email',
    middleName: field(),
    mobilePhone: field(),
    preferredLanguages: field(),
    type: 'basic',
  };
}
