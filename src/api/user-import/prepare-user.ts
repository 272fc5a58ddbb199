/**
 * One user of an import, validated and turned into the rows to write (seed 001 "Import Users").
 *
 * Validated like Create a User: a login id (email or username), the email's format, at most 20
 * preferred languages, an IANA time zone, a `YYYY-MM-DD` birth date, UUIDs where ids are expected, the
 * two-factor methods. Not applied, because an import copies accounts rather than creating them through
 * the tenant's rules: password rules, blocked email domains, email verification (`verified` is taken as
 * given), default registration roles, events.
 *
 * The password: with `users[x].encryptionScheme` it is the existing hash, stored as is with `salt`
 * ("Required if encryptionScheme is provided. Empty string is allowed.") and `factor` (else the
 * tenant's factor for that scheme, else the scheme's default); the scheme must be known and the salt
 * in its encoding. Without a scheme it is plain text, hashed with the request's `encryptionScheme` and
 * `factor` (else the tenant's). Since 1.59 the password is optional.
 */
import { ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { PasswordSchemes, StoredPassword } from '../../crypto/password/index.js';
import { FUSIONAUTH_CONNECTOR_ID } from '../tenant/model.js';
import type { User } from '../user/model.js';
import type { UserDoc } from '../user/store.js';
import type { UserPolicy } from '../user/tenant-policy.js';
import { twoFactorToStore } from '../user/two-factor-methods.js';
import { normalizeLoginIds, validateProfile, validateScheme } from '../user/validation.js';
import type { ImportedUser, PlainPassword } from './model.js';
import { mergeAt } from './positions.js';
import { importMemberships, importRegistrations, type TenantReferences } from './relations.js';

/** The user's tenant as an import sees it: its policy, default scheme and what users may reference. */
export interface ImportTenant {
  readonly tenantId: string;
  readonly policy: UserPolicy;
  /** The tenant's scheme when this server knows it, else the server's default. */
  readonly defaultScheme: string;
  readonly references: TenantReferences;
}

export interface PrepareContext {
  readonly tenant: ImportTenant;
  readonly schemes: PasswordSchemes;
  /** The request's `encryptionScheme` and `factor`, for plain-text passwords (already validated). */
  readonly hashing: { readonly encryptionScheme?: string; readonly factor?: number };
  readonly now: number;
  readonly isTimeZone: (zone: string) => boolean;
}

/** Fields copied as given (Create a User's profile fields, plus the immutable legacy identifier). */
const PROFILE_FIELDS = [
  'birthDate', 'cleanSpeakId', 'data', 'expiry', 'firstName', 'fullName', 'imageUrl', 'lastName', 'legacyIdentifier',
  'middleName', 'mobilePhone', 'parentEmail', 'phoneNumber', 'preferredLanguages', 'timezone', 'usernameStatus',
] as const satisfies readonly (keyof User)[];

const BREACHED_PASSWORD_STATUSES = ['None', 'ExactMatch', 'SubAddressMatch', 'PasswordOnly', 'CommonPassword'];

/** The factor for `scheme` when the request names none: the tenant's for its own scheme, else the scheme's default. */
function defaultFactor(scheme: string, context: PrepareContext): number {
  const { policy } = context.tenant;
  return scheme === policy.encryptionScheme && context.schemes.isValidFactor(scheme, policy.encryptionFactor)
    ? policy.encryptionFactor
    : context.schemes.get(scheme)!.defaultFactor;
}

type PasswordPlan = { stored?: StoredPassword; plain?: PlainPassword; preHashed: boolean };

function planPassword(user: User, context: PrepareContext, errors: ValidationError): PasswordPlan {
  const { schemes } = context;
  const scheme = user.encryptionScheme;
  if (scheme !== undefined) {
    validateScheme(user, schemes, context.tenant.defaultScheme, errors);
    if (user.password === undefined || user.password.trim() === '') {
      errors.add('user.password', 'blank', 'You must specify the [user.password] property when [user.encryptionScheme] is provided.');
    }
    if (user.salt === undefined) {
      errors.add('user.salt', 'blank', 'You must specify the [user.salt] property when [user.encryptionScheme] is provided. An empty string is allowed.');
    } else if (schemes.get(scheme) !== undefined && !schemes.isValidSalt(scheme, user.salt)) {
      errors.add('user.salt', 'invalid', `The [user.salt] property is not a valid salt for the encryption scheme [${scheme}]. It must be encoded as that scheme expects (base64 for most).`);
    }
    if (!errors.isEmpty) return { preHashed: true };
    return { preHashed: true, stored: { hash: user.password!, salt: user.salt!, scheme, factor: user.factor ?? defaultFactor(scheme, context) } };
  }
  if (user.password === undefined || user.password.trim() === '') return { preHashed: false };
  const plainScheme = context.hashing.encryptionScheme ?? context.tenant.defaultScheme;
  // An unknown request scheme is reported once, on [encryptionScheme], by the caller.
  if (schemes.get(plainScheme) === undefined) return { preHashed: false };
  if (user.factor !== undefined && !schemes.isValidFactor(plainScheme, user.factor)) {
    errors.add('user.factor', 'invalid', `The [user.factor] property value [${user.factor}] is not valid for the encryption scheme [${plainScheme}].`);
    return { preHashed: false };
  }
  const factor = user.factor ?? context.hashing.factor ?? defaultFactor(plainScheme, context);
  return { preHashed: false, plain: { password: user.password, scheme: plainScheme, factor } };
}

function checkFields(user: User, errors: ValidationError, context: PrepareContext): void {
  if (user.timezone !== undefined && !context.isTimeZone(user.timezone)) {
    errors.add('user.timezone', 'invalid', `The [user.timezone] property value [${user.timezone}] is not a valid IANA time zone.`);
  }
  if (user.breachedPasswordStatus !== undefined && !BREACHED_PASSWORD_STATUSES.includes(user.breachedPasswordStatus)) {
    errors.add('user.breachedPasswordStatus', 'invalid',
      `The [user.breachedPasswordStatus] property must be one of [${BREACHED_PASSWORD_STATUSES.join(', ')}].`);
  }
}

/** Validates `user`; on any error adds them (with the user's position) to `all` and returns undefined. */
export function prepareImportedUser(user: User, index: number, context: PrepareContext, all: ValidationError): ImportedUser | undefined {
  const { tenant, now } = context;
  const errors = new ValidationError();
  let id: string | undefined;
  if (user.id !== undefined) {
    if (isUuid(user.id)) id = normalizeId(user.id);
    else errors.add('user.id', 'couldNotConvert', `The [user.id] property value [${user.id}] is not a valid UUID.`);
  }
  const userId = id ?? newId();
  const loginIds = normalizeLoginIds(user);
  // The tenant is resolved by the caller (header, key, users[x].tenantId or the only tenant); the time
  // zone is checked here through the per-import memo. Blocked domains do not apply to an import.
  const { tenantId: _tenant, timezone: _zone, ...profileOnly } = user;
  validateProfile({ user: profileOnly, loginIds, policy: tenant.policy, tenantId: tenant.tenantId, disableDomainBlock: true, emailRequired: false }, errors);
  checkFields(user, errors, context);
  const password = planPassword(user, context, errors);
  const twoFactor = twoFactorToStore(user.twoFactor, undefined, errors);
  const relationContext = { tenantId: tenant.tenantId, references: tenant.references, now, isTimeZone: context.isTimeZone };
  const registrations = importRegistrations(user, relationContext, errors);
  const memberships = importMemberships(user, userId, relationContext, errors);
  if (!errors.isEmpty) {
    mergeAt(all, errors, index);
    return undefined;
  }

  const profile: Partial<User> = {};
  for (const field of PROFILE_FIELDS) {
    if (user[field] !== undefined) (profile as Record<string, unknown>)[field] = user[field];
  }
  const passwordChangeRequired = user.passwordChangeRequired === true;
  const verified = user.verified === true;
  const recoveryCodes = user.twoFactor?.recoveryCodes;
  const hasPassword = password.stored !== undefined || password.plain !== undefined;
  const doc: UserDoc = {
    ...profile,
    id: userId,
    tenantId: tenant.tenantId,
    ...loginIds,
    // The docs: `active` "defaults false … Generally this should be set to true during the bulk import."
    active: user.active === true,
    connectorId: FUSIONAUTH_CONNECTOR_ID,
    data: user.data ?? {},
    preferredLanguages: user.preferredLanguages ?? [],
    usernameStatus: user.usernameStatus ?? 'ACTIVE',
    passwordChangeRequired,
    ...(passwordChangeRequired ? { passwordChangeReason: user.passwordChangeReason ?? 'Administrative' } : {}),
    // "If encryptionScheme is omitted this value will be ignored and set to now."
    ...(password.stored !== undefined ? { passwordLastUpdateInstant: user.passwordLastUpdateInstant ?? now } : hasPassword ? { passwordLastUpdateInstant: now } : {}),
    // The breach state describes the imported hash's password; a freshly hashed plain text has none yet.
    ...(password.stored !== undefined && user.breachedPasswordStatus !== undefined ? { breachedPasswordStatus: user.breachedPasswordStatus } : {}),
    ...(password.stored !== undefined && user.breachedPasswordLastCheckedInstant !== undefined ? { breachedPasswordLastCheckedInstant: user.breachedPasswordLastCheckedInstant } : {}),
    verified,
    // "This value will be ignored if verified is false."
    ...(verified ? { verifiedInstant: user.verifiedInstant ?? now } : {}),
    // Kept as given: they work once each and the Retrieve Recovery Codes API answers them (two-factor/codes.ts).
    twoFactor: recoveryCodes !== undefined && recoveryCodes.length > 0 ? { ...twoFactor, recoveryCodes: recoveryCodes.map((code) => code.trim()) } : twoFactor,
    insertInstant: user.insertInstant ?? now,
    lastUpdateInstant: now,
  };
  return {
    index,
    stored: password.stored === undefined ? { user: doc } : { user: doc, password: password.stored },
    ...(password.plain !== undefined ? { plain: password.plain } : {}),
    registrations: registrations.registrations,
    members: memberships.members,
    supplied: { userId: id !== undefined, registrationIds: registrations.suppliedIds, memberIds: memberships.suppliedIds },
  };
}
