/**
 * `users[x].registrations` and `users[x].memberships` of an import (seed 001 "Import Users"). Each
 * registration names an application of the user's tenant (inactive ones too: an import copies data,
 * it does not register anyone through the application's rules) and only role *names* that application
 * defines; roles are kept as given (a sorted set, like FusionAuth's), never defaulted. Each membership
 * names a group of the user's tenant. Ids, instants, data and the other documented fields are kept when
 * supplied; what is missing gets FusionAuth's defaults.
 */
import type { ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { StoredApplication } from '../application/store.js';
import type { NewGroupMember } from '../group/store.js';
import { MAX_PREFERRED_LANGUAGES, registrationDefaults, type StoredRegistration, type UserRegistration } from '../registration/model.js';
import type { User } from '../user/model.js';

/** What an import may reference in one tenant, read once per request. */
export interface TenantReferences {
  readonly applications: ReadonlyMap<string, StoredApplication>;
  readonly groupIds: ReadonlySet<string>;
}

export interface RelationContext {
  readonly tenantId: string;
  readonly references: TenantReferences;
  readonly now: number;
  readonly isTimeZone: (zone: string) => boolean;
}

/** A supplied id, normalized; undefined (after an error) when it is not a UUID. */
function suppliedId(value: string | undefined, path: string, errors: ValidationError): string | undefined {
  if (value === undefined) return undefined;
  if (!isUuid(value)) {
    errors.add(path, 'couldNotConvert', `The [${path}] property value [${value}] is not a valid UUID.`);
    return undefined;
  }
  return normalizeId(value);
}

function applicationOf(input: UserRegistration, references: TenantReferences, errors: ValidationError): StoredApplication | undefined {
  const path = 'user.registrations.applicationId';
  const raw = input.applicationId?.trim();
  if (raw === undefined || raw === '') {
    errors.add(path, 'missing', `You must specify the [${path}] property for each registration.`);
    return undefined;
  }
  const application = isUuid(raw) ? references.applications.get(normalizeId(raw)) : undefined;
  if (application === undefined) {
    errors.add(path, 'invalid', `The [${path}] property is not valid. No application exists with Id [${raw}] in the user's tenant.`);
  }
  return application;
}

function rolesOf(input: UserRegistration, application: StoredApplication, errors: ValidationError): string[] {
  const known = new Set(application.roles.map((role) => role.name));
  const names = [...new Set((input.roles ?? []).map((name) => name.trim()).filter((name) => name !== ''))];
  for (const name of names) {
    if (!known.has(name)) {
      errors.add('user.registrations.roles', 'invalid', `The role [${name}] does not exist in the Application with Id [${application.id}].`);
    }
  }
  return names.sort();
}

function checkRegistrationFields(input: UserRegistration, context: RelationContext, errors: ValidationError): void {
  if ((input.preferredLanguages?.length ?? 0) > MAX_PREFERRED_LANGUAGES) {
    errors.add('user.registrations.preferredLanguages', 'tooMany',
      `The [user.registrations.preferredLanguages] property may contain at most [${MAX_PREFERRED_LANGUAGES}] values.`);
  }
  if (input.timezone !== undefined && !context.isTimeZone(input.timezone)) {
    errors.add('user.registrations.timezone', 'invalid', `The [user.registrations.timezone] property value [${input.timezone}] is not a valid IANA time zone.`);
  }
}

export interface ImportedRegistrations {
  readonly registrations: StoredRegistration[];
  /** The ids the request supplied (only those can already exist). */
  readonly suppliedIds: string[];
}

export function importRegistrations(user: User, context: RelationContext, errors: ValidationError): ImportedRegistrations {
  const registrations: StoredRegistration[] = [];
  const suppliedIds: string[] = [];
  const seen = new Set<string>();
  for (const input of user.registrations ?? []) {
    const application = applicationOf(input, context.references, errors);
    const id = suppliedId(input.id, 'user.registrations.id', errors);
    checkRegistrationFields(input, context, errors);
    if (application === undefined) continue;
    if (seen.has(application.id)) {
      errors.add('user.registrations.applicationId', 'duplicate', `The user has more than one registration for the Application with Id [${application.id}].`);
      continue;
    }
    seen.add(application.id);
    const roles = rolesOf(input, application, errors);
    if (id !== undefined) suppliedIds.push(id);
    const verified = input.verified === true;
    // The documented import fields; the authentication token and identity-provider tokens are not among them.
    const { cleanSpeakId, data, lastLoginInstant, preferredLanguages, timezone, username, usernameStatus } = input;
    registrations.push({
      ...registrationDefaults(),
      ...(cleanSpeakId !== undefined ? { cleanSpeakId } : {}),
      ...(data !== undefined ? { data } : {}),
      ...(lastLoginInstant !== undefined ? { lastLoginInstant } : {}),
      ...(preferredLanguages !== undefined ? { preferredLanguages } : {}),
      ...(timezone !== undefined ? { timezone } : {}),
      ...(username !== undefined ? { username: username.trim() } : {}),
      ...(usernameStatus !== undefined ? { usernameStatus } : {}),
      id: id ?? newId(),
      applicationId: application.id,
      roles,
      verified,
      // "This value will be ignored if verified is false."
      ...(verified ? { verifiedInstant: input.verifiedInstant ?? context.now } : {}),
      insertInstant: input.insertInstant ?? context.now,
      lastUpdateInstant: context.now,
    });
  }
  return { registrations, suppliedIds };
}

export interface ImportedMemberships {
  readonly members: NewGroupMember[];
  readonly suppliedIds: string[];
}

/** A group named twice for the same user is one membership (as on user create). */
export function importMemberships(user: User, userId: string, context: RelationContext, errors: ValidationError): ImportedMemberships {
  const members = new Map<string, NewGroupMember>();
  const suppliedIds: string[] = [];
  const path = 'user.memberships.groupId';
  for (const input of user.memberships ?? []) {
    const id = suppliedId(input.id, 'user.memberships.id', errors);
    const raw = input.groupId?.trim();
    if (raw === undefined || raw === '') {
      errors.add(path, 'missing', `You must specify the [${path}] property for each membership.`);
      continue;
    }
    const groupId = isUuid(raw) ? normalizeId(raw) : undefined;
    if (groupId === undefined || !context.references.groupIds.has(groupId)) {
      errors.add(path, 'invalid', `The [${path}] property is not valid. No group exists with Id [${raw}] in the user's tenant.`);
      continue;
    }
    if (members.has(groupId)) continue;
    if (id !== undefined) suppliedIds.push(id);
    members.set(groupId, {
      tenantId: context.tenantId,
      member: { id: id ?? newId(), groupId, userId, data: input.data ?? {}, insertInstant: context.now },
    });
  }
  return { members: [...members.values()], suppliedIds };
}
