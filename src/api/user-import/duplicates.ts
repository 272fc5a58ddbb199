/**
 * Uniqueness in an import. Within the request it is always checked (one pass, hash maps): two users
 * with the same id, the same email or username in one tenant, or two registrations or memberships with
 * the same id are a 400, never a half-written batch. Against the database it is checked only when
 * `validateDbConstraints` is true (seed 001: otherwise "If a duplicate is encountered a 500 will be
 * returned"), with a few chunked queries rather than one per user. Only supplied ids are looked up:
 * generated ones are fresh random UUIDs.
 */
import type { ValidationError } from '../../core/errors.js';
import type { ImportedUser } from './model.js';
import { position } from './positions.js';
import type { UserImportStore } from './store.js';

const addAt = (errors: ValidationError, path: string, type: string, message: string, index: number): void => {
  errors.add(path, type, `${message} ${position(index)}`);
};

interface Key {
  readonly path: string;
  readonly label: string;
  /** The values of one user that must be unique across the request (with a scope prefix where needed). */
  readonly values: (user: ImportedUser) => readonly { readonly key: string; readonly shown: string }[];
}

const tenantScoped = (user: ImportedUser, value: string): string => `${user.stored.user.tenantId}\n${value}`;

const KEYS: readonly Key[] = [
  { path: 'user.id', label: 'Id', values: (u) => (u.supplied.userId ? [{ key: u.stored.user.id, shown: u.stored.user.id }] : []) },
  { path: 'user.email', label: 'email', values: (u) => (u.stored.user.email !== undefined ? [{ key: tenantScoped(u, u.stored.user.email), shown: u.stored.user.email }] : []) },
  {
    path: 'user.username', label: 'username',
    values: (u) => (u.stored.user.username !== undefined ? [{ key: tenantScoped(u, u.stored.user.username.toLowerCase()), shown: u.stored.user.username }] : []),
  },
  { path: 'user.registrations.id', label: 'registration Id', values: (u) => u.supplied.registrationIds.map((id) => ({ key: id, shown: id })) },
  { path: 'user.memberships.id', label: 'membership Id', values: (u) => u.supplied.memberIds.map((id) => ({ key: id, shown: id })) },
];

export function checkRequestDuplicates(users: readonly ImportedUser[], errors: ValidationError): void {
  for (const { path, label, values } of KEYS) {
    const first = new Map<string, number>();
    for (const user of users) {
      for (const { key, shown } of values(user)) {
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, user.index);
        else addAt(errors, path, 'duplicate', `The ${label} [${shown}] appears more than once in the request; it is also used by ${position(earlier)}.`, user.index);
      }
    }
  }
}

export async function checkDatabaseDuplicates(users: readonly ImportedUser[], store: UserImportStore, errors: ValidationError): Promise<void> {
  const takenIds = await store.existingUserIds(users.filter((u) => u.supplied.userId).map((u) => u.stored.user.id));
  const byTenant = new Map<string, ImportedUser[]>();
  for (const user of users) {
    const list = byTenant.get(user.stored.user.tenantId) ?? [];
    list.push(user);
    byTenant.set(user.stored.user.tenantId, list);
  }
  const takenEmails = new Map<string, Set<string>>();
  const takenUsernames = new Map<string, Set<string>>();
  for (const [tenantId, list] of byTenant) {
    takenEmails.set(tenantId, await store.existingEmails(tenantId, list.flatMap((u) => (u.stored.user.email !== undefined ? [u.stored.user.email] : []))));
    takenUsernames.set(tenantId, await store.existingUsernames(tenantId, list.flatMap((u) => (u.stored.user.username !== undefined ? [u.stored.user.username.toLowerCase()] : []))));
  }
  const takenRegistrations = await store.existingRegistrationIds(users.flatMap((u) => u.supplied.registrationIds));
  const takenMembers = await store.existingMemberIds(users.flatMap((u) => u.supplied.memberIds));

  for (const user of users) {
    const { id, tenantId, email, username } = user.stored.user;
    if (user.supplied.userId && takenIds.has(id)) addAt(errors, 'user.id', 'duplicate', `A User with Id [${id}] already exists.`, user.index);
    if (email !== undefined && takenEmails.get(tenantId)!.has(email)) addAt(errors, 'user.email', 'duplicate', `A User with email = [${email}] already exists.`, user.index);
    if (username !== undefined && takenUsernames.get(tenantId)!.has(username.toLowerCase())) {
      addAt(errors, 'user.username', 'duplicate', `A User with username = [${username}] already exists.`, user.index);
    }
    for (const registrationId of user.supplied.registrationIds) {
      if (takenRegistrations.has(registrationId)) addAt(errors, 'user.registrations.id', 'duplicate', `A registration with Id [${registrationId}] already exists.`, user.index);
    }
    for (const memberId of user.supplied.memberIds) {
      if (takenMembers.has(memberId)) addAt(errors, 'user.memberships.id', 'duplicate', `A group membership with Id [${memberId}] already exists.`, user.index);
    }
  }
}
