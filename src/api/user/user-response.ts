/**
 * The User as it leaves the server: the stored object with its registrations and memberships, passed
 * through `UserResponseSchema` as an allow-list, so a password hash, salt, factor or two-factor secret
 * can never be serialized, whatever ends up in `doc`. `encryptionScheme` is only shown on retrieve
 * ("only returned when the user is retrieved using an API key", seed 001). The allow-list is compiled
 * once (core/allow-list.ts) and copies what it keeps, so the stored objects are never shared or changed.
 */
import { allowList } from '../../core/allow-list.js';
import type { GroupMember } from '../group/model.js';
import type { UserRegistration } from '../registration/model.js';
import { UserResponseSchema, type User } from './model.js';
import type { StoredUser } from './store.js';

export interface UserRelations {
  readonly registrations: readonly UserRegistration[];
  readonly memberships: readonly GroupMember[];
}

const cleanUser = allowList<User>(UserResponseSchema);

export function toUserResponse(stored: StoredUser, relations: UserRelations, options: { withEncryptionScheme?: boolean } = {}): User {
  const { user, password } = stored;
  const twoFactor = (user as { twoFactor?: { methods?: unknown[] } }).twoFactor;
  return cleanUser({
    ...user,
    memberships: relations.memberships,
    registrations: relations.registrations,
    // Recovery codes are only ever handed out by the Two-Factor API, never on the User.
    twoFactor: { methods: twoFactor?.methods ?? [], recoveryCodes: [] },
    ...(options.withEncryptionScheme === true && password !== undefined ? { encryptionScheme: password.scheme } : {}),
  });
}

/**
 * The user as a PATCH starts from: the response shape without what a client cannot change (relations,
 * identities, instants kept by the server); merging the patch into it and validating the result like a
 * PUT gives FusionAuth's PATCH semantics.
 */
export function toPatchable(stored: StoredUser): User {
  const { registrations: _r, memberships: _m, identities: _i, encryptionScheme: _e, ...user } = toUserResponse(stored, { registrations: [], memberships: [] });
  return user;
}
