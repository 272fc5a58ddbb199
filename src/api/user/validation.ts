/**
 * Validation of the User's own fields on create and update (seed 001, "Create a User" and "Update a
 * User"): a login id (email or username) is required, the email must look like one and its domain must
 * not be blocked by the tenant, at most 20 preferred languages, an IANA time zone, a `YYYY-MM-DD` birth
 * date, a known password scheme and a usable factor. Uniqueness and password rules are checked by the
 * service (they need the database and the tenant).
 */
import type { ValidationError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import type { PasswordSchemes } from '../../crypto/password/index.js';
import { MAX_PREFERRED_LANGUAGES, type User } from './model.js';
import type { UserPolicy } from './tenant-policy.js';

/** FusionAuth's message for a missing login id, on both `user.email` and `user.username`. */
export const LOGIN_ID_REQUIRED =
  'You must specify either the [user.email] or [user.username] property. If you are emailing the user you must specify the [user.email].';

/**
 * A dotted local part and a host name of at least two labels (letters, digits, inner hyphens): FusionAuth
 * refuses an email whose domain is not a valid host name (an underscore, a single label).
 */
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

export const isEmail = (value: string): boolean => value.length <= 254 && EMAIL.test(value);

/** Trimmed, lower-cased email ("stored in lower case"), trimmed username; empty strings are absent. */
export function normalizeLoginIds(user: User): { email?: string; username?: string } {
  const email = user.email?.trim().toLowerCase();
  const username = user.username?.trim();
  return {
    ...(email !== undefined && email !== '' ? { email } : {}),
    ...(username !== undefined && username !== '' ? { username } : {}),
  };
}

/** Java's ZoneId also accepts fixed offsets such as `Z`, `+05:00`, `UTC+2`. */
const ZONE_OFFSET = /^(?:Z|[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?|(?:UTC|GMT|UT)(?:[+-]\d{1,2}(?::?\d{2})?)?)$/;

/** IANA region ids (and their aliases such as `US/Mountain`), case-sensitive like Java's ZoneId. */
export function isTimeZone(value: string): boolean {
  if (ZONE_OFFSET.test(value)) return true;
  if (!/^[A-Z]/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A real calendar date written `YYYY-MM-DD` (ISO-8601 local date). */
export function isLocalDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface ProfileCheck {
  readonly user: User;
  readonly loginIds: { email?: string; username?: string };
  readonly policy: UserPolicy;
  readonly tenantId: string;
  readonly disableDomainBlock: boolean;
  /** Emailing the user needs an email address (FusionAuth's message says so). */
  readonly emailRequired: boolean;
}

export function validateProfile({ user, loginIds, policy, tenantId, disableDomainBlock, emailRequired }: ProfileCheck, errors: ValidationError): void {
  const { email, username } = loginIds;
  if (email === undefined && (username === undefined || emailRequired)) {
    errors.add('user.email', 'blank', LOGIN_ID_REQUIRED);
    if (username === undefined) errors.add('user.username', 'blank', LOGIN_ID_REQUIRED);
  }
  if (email !== undefined) {
    if (!isEmail(email)) {
      errors.add('user.email', 'notEmail', `The [user.email] property value [${email}] is not a valid email address.`);
    } else if (!disableDomainBlock) {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      if (policy.blockedDomains.includes(domain)) {
        errors.add('user.email', 'blocked', `The domain [${domain}] of the [user.email] property is blocked by the tenant configuration.`);
      }
    }
  }
  if (user.tenantId !== undefined && user.tenantId.toLowerCase() !== tenantId) {
    errors.add('user.tenantId', 'invalid', `The [user.tenantId] property value [${user.tenantId}] does not match the tenant of this request [${tenantId}].`);
  }
  if ((user.preferredLanguages?.length ?? 0) > MAX_PREFERRED_LANGUAGES) {
    errors.add('user.preferredLanguages', 'tooMany', `The [user.preferredLanguages] property may contain at most [${MAX_PREFERRED_LANGUAGES}] values.`);
  }
  if (user.timezone !== undefined && !isTimeZone(user.timezone)) {
    errors.add('user.timezone', 'invalid', `The [user.timezone] property value [${user.timezone}] is not a valid IANA time zone.`);
  }
  if (user.birthDate !== undefined && !isLocalDate(user.birthDate)) {
    errors.add('user.birthDate', 'couldNotConvert', `The [user.birthDate] property value [${user.birthDate}] is not a date in the format [YYYY-MM-DD].`);
  }
  for (const [path, value] of [['user.cleanSpeakId', user.cleanSpeakId], ['user.connectorId', user.connectorId]] as const) {
    if (value !== undefined && !isUuid(value)) errors.add(path, 'couldNotConvert', `The [${path}] property value [${value}] is not a valid UUID.`);
  }
}

/**
 * `user.encryptionScheme` must name a known scheme and `user.factor` be a factor that scheme (or, when
 * none is named, the tenant's default scheme) accepts.
 */
export function validateScheme(user: User, schemes: PasswordSchemes, defaultScheme: string, errors: ValidationError): void {
  const scheme = user.encryptionScheme;
  if (scheme !== undefined && schemes.get(scheme) === undefined) {
    errors.add('user.encryptionScheme', 'invalid',
      `The [user.encryptionScheme] property value [${scheme}] is not a known password encryption scheme. Known schemes are [${schemes.names().join(', ')}].`);
    return;
  }
  if (user.factor !== undefined && !schemes.isValidFactor(scheme ?? defaultScheme, user.factor)) {
    errors.add('user.factor', 'invalid', `The [user.factor] property value [${user.factor}] is not valid for the encryption scheme [${scheme ?? defaultScheme}].`);
  }
}
