/**
 * The checks and defaults a registration gets against its application, shared by create and update
 * (FusionAuth docs, "Registrations"): the application must exist in the user's tenant and be active,
 * roles are role *names* of that application (unknown ones are refused), a create without roles gets the
 * application's default roles, and roles are kept as a sorted set like FusionAuth's `SortedSet<String>`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { StoredApplication } from '../application/store.js';
import { MAX_PREFERRED_LANGUAGES, type UserRegistration } from './model.js';

const APPLICATION_ID = 'registration.applicationId';

/** The application id a request targets: the URL segment wins over the body (FusionAuth 1.25+). */
export function targetApplicationId(bodyApplicationId: string | undefined, urlApplicationId: string | undefined, errors: ValidationError): string | undefined {
  const raw = urlApplicationId ?? bodyApplicationId;
  if (raw === undefined || raw.trim() === '') {
    errors.add(APPLICATION_ID, 'missing', 'You must specify the [registration.applicationId] property.');
    return undefined;
  }
  if (!isUuid(raw)) {
    errors.add(APPLICATION_ID, 'invalid', `The [registration.applicationId] property is not valid. [${raw}] is not a valid UUID.`);
    return undefined;
  }
  return normalizeId(raw);
}

/** The application a registration may be made for, or undefined after recording why not. */
export function usableApplication(application: StoredApplication | undefined, applicationId: string, tenantId: string, errors: ValidationError): StoredApplication | undefined {
  // An application of another tenant is as good as absent: ids never leak across tenants.
  if (application === undefined || application.tenantId !== tenantId) {
    errors.add(APPLICATION_ID, 'invalid', `The [registration.applicationId] property is not valid. No application exists with Id [${applicationId}].`);
    return undefined;
  }
  // FusionAuth looks applications up among the active ones here (its registration delete once failed
  // for inactive applications for the same reason, fusionauth-issues#1148): inactive reads as unknown.
  if (application.active === false) {
    errors.add(APPLICATION_ID, 'invalid', `The [registration.applicationId] property is not valid. The application with Id [${applicationId}] is inactive.`);
    return undefined;
  }
  return application;
}

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Field checks of the registration body itself, independent of any stored state. */
export function checkRegistrationFields(registration: UserRegistration, errors: ValidationError): void {
  if ((registration.preferredLanguages?.length ?? 0) > MAX_PREFERRED_LANGUAGES) {
    errors.add('registration.preferredLanguages', 'tooMany', `The [registration.preferredLanguages] property may contain at most ${MAX_PREFERRED_LANGUAGES} values.`);
  }
  if (registration.timezone !== undefined && !isTimeZone(registration.timezone)) {
    errors.add('registration.timezone', 'invalid', `The [registration.timezone] property [${registration.timezone}] is not a valid IANA time zone.`);
  }
}

/**
 * The sorted, de-duplicated role names for the registration. Every requested name must be a role of the
 * application; on create an empty request gets the application's `isDefault` roles.
 */
export function resolveRoles(requested: readonly string[] | undefined, application: StoredApplication, isCreate: boolean, errors: ValidationError): string[] {
  const known = new Set(application.roles.map((role) => role.name));
  const names = [...new Set((requested ?? []).map((name) => name.trim()).filter((name) => name !== ''))];
  for (const name of names) {
    if (!known.has(name)) {
      errors.add('registration.roles', 'invalid', `The role [${name}] does not exist in the Application indicated by the [registration.applicationId] property.`);
    }
  }
  const roles = names.length === 0 && isCreate
    ? application.roles.filter((role) => role.isDefault === true && role.name !== undefined).map((role) => role.name as string)
    : names;
  return roles.sort();
}

/** A fresh authentication token: 32 random bytes, base64url (FusionAuth's tokens are 43 characters). */
export const generateAuthenticationToken = (): string => randomBytes(32).toString('base64url');

export const hashAuthenticationToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
