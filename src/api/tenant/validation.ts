/**
 * The Tenant API's configuration rules, checked on the tenant as it will be stored (the request
 * completed with defaults, see `complete-tenant.ts`), exactly as FusionAuth validates its Tenant
 * domain object after deserialization. Codes follow FusionAuth's `[type]tenant.<path>` grammar;
 * which type each rule reports (`tooSmall`, `tooLarge`, `invalid`, `missing`, `blank`) is FusionAuth's.
 *
 * Rules about references to other objects (keys, templates, lambdas, webhooks …) are in
 * `validation-references.ts`. License checks (`[notLicensed]`) are not made: every feature counts as
 * licensed here.
 */
import { ValidationError } from '../../core/errors.js';
import { isObject } from '../../core/json.js';
import { addCoded } from '../application/search-support.js';
import { EVENT_TYPES, RATE_LIMITED_REQUESTS, type SecureGenerator } from './model-configuration.js';
import { FUSIONAUTH_CONNECTOR_ID, type Tenant } from './model.js';

/** What the rules need to know about password hashing: which schemes and factors this server can use. */
export interface PasswordSchemeRules {
  isKnown(scheme: string): boolean;
  isValidFactor(scheme: string, factor: number): boolean;
}

type ErrorType = 'blank' | 'invalid' | 'invalidJSON' | 'missing' | 'tooLarge' | 'tooSmall';

interface Rule {
  /** Dotted path under `tenant`. */
  readonly path: string;
  readonly type: ErrorType;
  readonly message: string;
  /** True when the tenant satisfies the rule. */
  readonly ok: (tenant: Tenant) => boolean;
  /** The rule applies only when this holds. */
  readonly when?: (tenant: Tenant) => boolean;
}

/** The value at a dotted path (`jwtConfiguration.timeToLiveInSeconds`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let current = root;
  for (const segment of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

const numberAt = (tenant: Tenant, path: string): number => {
  const value = valueAt(tenant, path);
  return typeof value === 'number' ? value : 0;
};
const isTrue = (path: string) => (tenant: Tenant): boolean => valueAt(tenant, path) === true;
const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

const aboveZero = (path: string, type: ErrorType, when?: Rule['when']): Rule => ({
  path, type, when, ok: (t) => numberAt(t, path) > 0, message: `The [tenant.${path}] must be greater than 0.`,
});
const required = (path: string, when: Rule['when']): Rule => ({
  path, type: 'missing', when, ok: (t) => !isBlank(valueAt(t, path)), message: `The [tenant.${path}] property is required.`,
});
const notBlank = (path: string, when?: Rule['when']): Rule => ({
  path, type: 'blank', when, ok: (t) => !isBlank(valueAt(t, path)), message: `The [tenant.${path}] property is required and cannot be blank.`,
});

const bcryptMaxLength = 50;
const maxPasswordLength = (t: Tenant): number => (t.passwordEncryptionConfiguration?.encryptionScheme === 'bcrypt' ? bcryptMaxLength : 256);

function isAbsoluteHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** A unique-username separator: one printable ASCII character that is not a letter or digit. */
const SEPARATOR = /^[!-/:-@[-`{-~]$/;

/** The external-identifier time-to-lives that must be positive (docs: "Value must be greater than 0"). */
const POSITIVE_TTLS = [
  'changePasswordIdTimeToLiveInSeconds', 'deviceCodeTimeToLiveInSeconds', 'emailVerificationIdTimeToLiveInSeconds',
  'externalAuthenticationIdTimeToLiveInSeconds', 'identityProviderConnectionTestTimeToLiveInSeconds',
  'loginIntentTimeToLiveInSeconds', 'oneTimePasswordTimeToLiveInSeconds', 'passwordlessLoginTimeToLiveInSeconds',
  'pendingAccountLinkTimeToLiveInSeconds', 'phoneVerificationIdTimeToLiveInSeconds',
  'registrationVerificationIdTimeToLiveInSeconds', 'rememberOAuthScopeConsentChoiceTimeToLiveInSeconds',
  'setupPasswordIdTimeToLiveInSeconds', 'trustTokenTimeToLiveInSeconds', 'twoFactorIdTimeToLiveInSeconds',
  'twoFactorOneTimeCodeIdTimeToLiveInSeconds', 'twoFactorTrustIdTimeToLiveInSeconds',
  'webAuthnAuthenticationChallengeTimeToLiveInSeconds', 'webAuthnRegistrationChallengeTimeToLiveInSeconds',
] as const;

/** SCIM converters FusionAuth requires once the SCIM server is enabled. */
const SCIM_LAMBDAS = [
  'scimEnterpriseUserRequestConverterId', 'scimEnterpriseUserResponseConverterId', 'scimGroupRequestConverterId',
  'scimGroupResponseConverterId', 'scimUserRequestConverterId', 'scimUserResponseConverterId',
] as const;

/** Phone template fields (Message Template ids); configuring any of them needs a messenger to send with. */
export const PHONE_TEMPLATE_FIELDS = [
  'adminTwoFactorMethodRemoveTemplateId', 'forgotPasswordTemplateId', 'identityUpdateTemplateId',
  'loginIdInUseOnCreateTemplateId', 'loginIdInUseOnUpdateTemplateId', 'loginNewDeviceTemplateId',
  'loginSuspiciousTemplateId', 'passwordlessTemplateId', 'passwordResetSuccessTemplateId', 'passwordUpdateTemplateId',
  'setPasswordTemplateId', 'twoFactorMethodAddTemplateId', 'twoFactorMethodRemoveTemplateId',
  'verificationCompleteTemplateId', 'verificationTemplateId',
] as const;

const phoneNeedsMessenger = (t: Tenant): boolean =>
  t.phoneConfiguration?.verifyPhoneNumber === true || PHONE_TEMPLATE_FIELDS.some((field) => t.phoneConfiguration?.[field] !== undefined);

const RULES: readonly Rule[] = [
  { path: 'baseURL', type: 'invalid', when: (t) => t.baseURL !== undefined, ok: (t) => isAbsoluteHttpUrl(t.baseURL), message: 'The [tenant.baseURL] must be an absolute http or https URL.' },
  { path: 'logoutURL', type: 'invalid', when: (t) => t.logoutURL !== undefined, ok: (t) => isAbsoluteHttpUrl(t.logoutURL), message: 'The [tenant.logoutURL] must be an absolute http or https URL.' },

  // CAPTCHA (docs: method, secret and site key are required once enabled; threshold between 0 and 1).
  required('captchaConfiguration.captchaMethod', isTrue('captchaConfiguration.enabled')),
  notBlank('captchaConfiguration.secretKey', isTrue('captchaConfiguration.enabled')),
  notBlank('captchaConfiguration.siteKey', isTrue('captchaConfiguration.enabled')),
  {
    path: 'captchaConfiguration.threshold', type: 'invalid', when: isTrue('captchaConfiguration.enabled'),
    ok: (t) => { const v = numberAt(t, 'captchaConfiguration.threshold'); return v > 0 && v < 1; },
    message: 'The [tenant.captchaConfiguration.threshold] must be between 0.0 and 1.0.',
  },

  aboveZero('maximumPasswordAge.days', 'tooSmall', isTrue('maximumPasswordAge.enabled')),
  aboveZero('minimumPasswordAge.seconds', 'tooSmall', isTrue('minimumPasswordAge.enabled')),

  // Password rules: 1 ≤ minLength ≤ maxLength ≤ 256 (50 with bcrypt, which reads at most 72 bytes).
  aboveZero('passwordValidationRules.rememberPreviousPasswords.count', 'tooSmall', isTrue('passwordValidationRules.rememberPreviousPasswords.enabled')),
  aboveZero('passwordValidationRules.minLength', 'tooSmall'),
  aboveZero('passwordValidationRules.maxLength', 'tooSmall'),
  {
    path: 'passwordValidationRules.maxLength', type: 'tooLarge', ok: (t) => numberAt(t, 'passwordValidationRules.maxLength') <= maxPasswordLength(t),
    message: 'The [tenant.passwordValidationRules.maxLength] must be at most 256, or 50 when the encryption scheme is bcrypt.',
  },
  {
    path: 'passwordValidationRules.minLength', type: 'tooLarge',
    // Compared only once maxLength itself is valid, as FusionAuth does.
    when: (t) => { const max = numberAt(t, 'passwordValidationRules.maxLength'); return max > 0 && max <= maxPasswordLength(t); },
    ok: (t) => numberAt(t, 'passwordValidationRules.minLength') <= numberAt(t, 'passwordValidationRules.maxLength'),
    message: 'The [tenant.passwordValidationRules.minLength] cannot be greater than [tenant.passwordValidationRules.maxLength].',
  },
  required('passwordValidationRules.breachDetection.notifyUserEmailTemplateId',
    (t) => t.passwordValidationRules?.breachDetection?.enabled === true && t.passwordValidationRules.breachDetection.onLogin === 'NotifyUser'),

  // JWT lifetimes.
  aboveZero('jwtConfiguration.timeToLiveInSeconds', 'tooSmall'),
  aboveZero('jwtConfiguration.refreshTokenTimeToLiveInMinutes', 'tooSmall'),
  {
    path: 'jwtConfiguration.refreshTokenSlidingWindowConfiguration.maximumTimeToLiveInMinutes', type: 'tooSmall',
    when: (t) => t.jwtConfiguration?.refreshTokenExpirationPolicy === 'SlidingWindowWithMaximumLifetime',
    ok: (t) => numberAt(t, 'jwtConfiguration.refreshTokenSlidingWindowConfiguration.maximumTimeToLiveInMinutes') >= numberAt(t, 'jwtConfiguration.refreshTokenTimeToLiveInMinutes'),
    message: 'With SlidingWindowWithMaximumLifetime the maximum lifetime must be at least [tenant.jwtConfiguration.refreshTokenTimeToLiveInMinutes].',
  },
  {
    path: 'jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds', type: 'tooSmall',
    when: (t) => t.jwtConfiguration?.refreshTokenUsagePolicy === 'OneTimeUse',
    ok: (t) => numberAt(t, 'jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds') >= 0,
    message: 'The [tenant.jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds] cannot be negative.',
  },
  {
    path: 'jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds', type: 'tooLarge',
    when: (t) => t.jwtConfiguration?.refreshTokenUsagePolicy === 'OneTimeUse',
    ok: (t) => numberAt(t, 'jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds') <= 86_400,
    message: 'The [tenant.jwtConfiguration.refreshTokenOneTimeUseConfiguration.gracePeriodInSeconds] cannot exceed 86400 (24 hours).',
  },

  // SMTP and email verification.
  {
    path: 'emailConfiguration.port', type: 'invalid', ok: (t) => { const p = numberAt(t, 'emailConfiguration.port'); return p > 0 && p < 65_535; },
    message: 'The [tenant.emailConfiguration.port] must be a port number between 1 and 65534.',
  },
  notBlank('emailConfiguration.host'),
  {
    path: 'emailConfiguration.defaultFromEmail', type: 'invalid', when: (t) => t.emailConfiguration?.defaultFromEmail !== undefined,
    ok: (t) => EMAIL.test(t.emailConfiguration?.defaultFromEmail ?? ''), message: 'The [tenant.emailConfiguration.defaultFromEmail] must be an email address.',
  },
  required('emailConfiguration.verificationEmailTemplateId', isTrue('emailConfiguration.verifyEmail')),
  {
    path: 'emailConfiguration.unverified.behavior', type: 'invalid',
    when: (t) => t.emailConfiguration?.verifyEmail === true && t.emailConfiguration.verificationStrategy === 'FormField',
    ok: (t) => t.emailConfiguration?.unverified?.behavior === 'Gated',
    message: 'The FormField verification strategy requires [tenant.emailConfiguration.unverified.behavior] to be Gated.',
  },

  aboveZero('userDeletePolicy.unverified.numberOfDaysToRetain', 'tooSmall', isTrue('userDeletePolicy.unverified.enabled')),

  // Lockout after failed logins.
  aboveZero('failedAuthenticationConfiguration.actionDuration', 'tooSmall'),
  aboveZero('failedAuthenticationConfiguration.tooManyAttempts', 'tooSmall'),
  aboveZero('failedAuthenticationConfiguration.resetCountInSeconds', 'tooSmall'),

  // External identifiers: an authorization code lives at most 10 minutes; every other lifetime is positive.
  {
    path: 'externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds', type: 'invalid',
    ok: (t) => { const v = numberAt(t, 'externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds'); return v > 0 && v <= 600; },
    message: 'The [tenant.externalIdentifierConfiguration.authorizationGrantIdTimeToLiveInSeconds] must be greater than 0 and at most 600.',
  },
  ...POSITIVE_TTLS.map((ttl) => aboveZero(`externalIdentifierConfiguration.${ttl}`, 'invalid')),

  // Families (only checked once enabled).
  aboveZero('familyConfiguration.maximumChildAge', 'invalid', isTrue('familyConfiguration.enabled')),
  aboveZero('familyConfiguration.minimumOwnerAge', 'invalid', isTrue('familyConfiguration.enabled')),
  aboveZero('familyConfiguration.deleteOrphanedAccountsDays', 'invalid', isTrue('familyConfiguration.enabled')),
  {
    path: 'familyConfiguration.minimumOwnerAge', type: 'tooSmall', when: isTrue('familyConfiguration.enabled'),
    ok: (t) => numberAt(t, 'familyConfiguration.maximumChildAge') < numberAt(t, 'familyConfiguration.minimumOwnerAge'),
    message: 'The [tenant.familyConfiguration.minimumOwnerAge] must be greater than [tenant.familyConfiguration.maximumChildAge].',
  },

  // Multi-factor: an enabled method needs what it sends with; a login policy needs an enabled method.
  required('multiFactorConfiguration.email.templateId', isTrue('multiFactorConfiguration.email.enabled')),
  required('multiFactorConfiguration.sms.templateId', isTrue('multiFactorConfiguration.sms.enabled')),
  required('multiFactorConfiguration.sms.messengerId', isTrue('multiFactorConfiguration.sms.enabled')),
  required('multiFactorConfiguration.voice.templateId', isTrue('multiFactorConfiguration.voice.enabled')),
  required('multiFactorConfiguration.voice.messengerId', isTrue('multiFactorConfiguration.voice.enabled')),
  {
    path: 'multiFactorConfiguration.loginPolicy', type: 'invalid', when: (t) => t.multiFactorConfiguration?.loginPolicy !== 'Disabled',
    ok: (t) => ['authenticator', 'email', 'sms', 'voice'].some((method) => valueAt(t, `multiFactorConfiguration.${method}.enabled`) === true),
    message: 'The [tenant.multiFactorConfiguration.loginPolicy] requires at least one enabled multi-factor method.',
  },

  ...RATE_LIMITED_REQUESTS.flatMap((request) => [
    aboveZero(`rateLimitConfiguration.${request}.limit`, 'invalid', isTrue(`rateLimitConfiguration.${request}.enabled`)),
    aboveZero(`rateLimitConfiguration.${request}.timePeriodInSeconds`, 'invalid', isTrue(`rateLimitConfiguration.${request}.enabled`)),
  ]),

  // Phone numbers: messages need a messenger; verification needs its template.
  required('phoneConfiguration.messengerId', phoneNeedsMessenger),
  required('phoneConfiguration.verificationTemplateId', isTrue('phoneConfiguration.verifyPhoneNumber')),
  {
    path: 'phoneConfiguration.unverified.behavior', type: 'invalid',
    when: (t) => t.phoneConfiguration?.verifyPhoneNumber === true && t.phoneConfiguration.verificationStrategy === 'FormField',
    ok: (t) => t.phoneConfiguration?.unverified?.behavior === 'Gated',
    message: 'The FormField verification strategy requires [tenant.phoneConfiguration.unverified.behavior] to be Gated.',
  },

  aboveZero('ssoConfiguration.deviceTrustTimeToLiveInSeconds', 'invalid'),

  {
    path: 'usernameConfiguration.unique.numberOfDigits', type: 'invalid', when: (t) => numberAt(t, 'usernameConfiguration.unique.numberOfDigits') !== 0,
    ok: (t) => { const v = numberAt(t, 'usernameConfiguration.unique.numberOfDigits'); return v >= 3 && v <= 10; },
    message: 'The [tenant.usernameConfiguration.unique.numberOfDigits] must be between 3 and 10.',
  },
  {
    path: 'usernameConfiguration.unique.separator', type: 'invalid', when: (t) => t.usernameConfiguration?.unique?.separator !== undefined,
    ok: (t) => SEPARATOR.test(t.usernameConfiguration?.unique?.separator ?? ''),
    message: 'The [tenant.usernameConfiguration.unique.separator] must be a single non-alphanumeric ASCII character.',
  },

  // SCIM server: entity types and every converter lambda are required once enabled.
  required('scimServerConfiguration.clientEntityTypeId', isTrue('scimServerConfiguration.enabled')),
  required('scimServerConfiguration.serverEntityTypeId', isTrue('scimServerConfiguration.enabled')),
  ...SCIM_LAMBDAS.map((lambda) => required(`lambdaConfiguration.${lambda}`, isTrue('scimServerConfiguration.enabled'))),
];

function applyRules(tenant: Tenant, errors: ValidationError): void {
  for (const rule of RULES) {
    if (rule.when !== undefined && !rule.when(tenant)) continue;
    const path = `tenant.${rule.path}`;
    // One error per field, as FusionAuth stops at the first failing check of a property.
    if (errors.fieldErrors[path] !== undefined) continue;
    if (!rule.ok(tenant)) errors.add(path, rule.type, rule.message);
  }
}

/** Secure generator lengths by type (docs, _tenant-generator-length-config-rules). */
const GENERATOR_LENGTHS: Readonly<Record<NonNullable<SecureGenerator['type']>, readonly [number, number]>> = {
  randomAlpha: [4, 12],
  randomAlphaNumeric: [4, 12],
  randomBytes: [16, 128],
  randomDigits: [4, 12],
};

/** Generators FusionAuth always needs (the rest are checked only when configured). */
const GENERATORS = [
  'changePasswordIdGenerator', 'deviceUserCodeIdGenerator', 'emailVerificationIdGenerator', 'passwordlessLoginGenerator',
  'passwordlessLoginOneTimeCodeGenerator', 'registrationVerificationIdGenerator', 'setupPasswordIdGenerator',
  'twoFactorOneTimeCodeIdGenerator', 'emailVerificationOneTimeCodeGenerator', 'phoneVerificationIdGenerator',
  'phoneVerificationOneTimeCodeGenerator', 'registrationVerificationOneTimeCodeGenerator',
] as const;

function validateGenerators(tenant: Tenant, errors: ValidationError): void {
  for (const name of GENERATORS) {
    const generator = tenant.externalIdentifierConfiguration?.[name];
    if (generator === undefined) continue;
    const path = `tenant.externalIdentifierConfiguration.${name}`;
    if (generator.length === undefined) errors.add(`${path}.length`, 'missing', `The [${path}.length] property is required.`);
    if (generator.type === undefined) errors.add(`${path}.type`, 'missing', `The [${path}.type] property is required.`);
    if (generator.length === undefined || generator.type === undefined) continue;
    const [min, max] = GENERATOR_LENGTHS[generator.type];
    if (generator.length < min || generator.length > max) {
      errors.add(`${path}.length`, 'invalid', `A ${generator.type} generator's length must be between ${min} and ${max}.`);
    }
  }
}

function validatePasswordEncryption(tenant: Tenant, errors: ValidationError, schemes: PasswordSchemeRules): void {
  const { encryptionScheme: scheme, encryptionSchemeFactor: factor } = tenant.passwordEncryptionConfiguration ?? {};
  if (scheme === undefined) return;
  const path = 'tenant.passwordEncryptionConfiguration';
  if (!schemes.isKnown(scheme)) {
    errors.add(`${path}.encryptionScheme`, 'invalid', `The [${path}.encryptionScheme] value [${scheme}] is not a password encryption scheme this server provides.`);
  } else if (factor === undefined || !schemes.isValidFactor(scheme, factor)) {
    errors.add(`${path}.encryptionSchemeFactor`, 'invalid', `The [${path}.encryptionSchemeFactor] value [${factor}] is not valid for the scheme [${scheme}].`);
  }
}

/** The event map is keyed by FusionAuth's event types; an unknown key does not bind (Jackson enum key). */
function validateEventTypes(tenant: Tenant, errors: ValidationError): void {
  const known: readonly string[] = EVENT_TYPES;
  const unknown = Object.keys(tenant.eventConfiguration?.events ?? {}).filter((type) => !known.includes(type));
  if (unknown.length > 0) {
    errors.add('tenant.eventConfiguration.events', 'invalidJSON',
      `Unable to parse JSON. The property [tenant.eventConfiguration.events] holds unknown event types [${unknown.join(', ')}].`);
  }
}

/**
 * Connector policies: every connector must exist (only FusionAuth's own exists until the Connectors
 * API arrives), at most once, and FusionAuth's connector must be in the list.
 */
function validateConnectorPolicies(tenant: Tenant, errors: ValidationError): void {
  const policies = tenant.connectorPolicies ?? [];
  const seen = new Set<string>();
  policies.forEach((policy, index) => {
    const path = `tenant.connectorPolicies[${index}].connectorId`;
    const id = policy.connectorId?.toLowerCase();
    if (id !== FUSIONAUTH_CONNECTOR_ID) {
      addCoded(errors, path, '[invalid]tenant.connectorPolicies.connectorId', `The connector [${policy.connectorId}] does not exist.`);
    } else if (seen.has(id)) {
      addCoded(errors, path, '[duplicate]tenant.connectorPolicies.connectorId', `The connector [${policy.connectorId}] is listed more than once.`);
    }
    if (id !== undefined) seen.add(id);
  });
  if (!seen.has(FUSIONAUTH_CONNECTOR_ID)) {
    errors.add('tenant.connectorPolicies', 'invalid', 'The [tenant.connectorPolicies] must include the FusionAuth connector.');
  }
}

/** Every configuration rule of a completed tenant, added to `errors`. */
export function validateTenantConfiguration(tenant: Tenant, errors: ValidationError, schemes: PasswordSchemeRules): void {
  applyRules(tenant, errors);
  validateGenerators(tenant, errors);
  validatePasswordEncryption(tenant, errors, schemes);
  validateEventTypes(tenant, errors);
  validateConnectorPolicies(tenant, errors);
}
