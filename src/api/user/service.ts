/**
 * The Users API's rules (seed 001: Create, Retrieve, Update, Delete, Bulk Delete, Reactivate). Users
 * belong to one tenant; a request that names a tenant (locked key or header) only sees that tenant's
 * users. Passwords are hashed before any transaction opens, so a slow hash never holds a connection.
 *
 * Contract used by the Registrations API (`POST /api/user/registration`): `create()` runs the caller's
 * `withinTransaction` in the same transaction as the user insert, so user and registration are
 * created together or not at all.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError, ValidationError, fieldError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { PasswordSchemes } from '../../crypto/password/index.js';
import { scopedTo, writeUnique, type Database } from '../../db/database.js';
import type { GroupMember } from '../group/model.js';
import type { NewGroupMember } from '../group/store.js';
import type { UserRegistration } from '../registration/model.js';
import type { Tenant } from '../tenant/model.js';
import { createUserMatcher } from '../user-search/matcher.js';
import { bulkDeleteTargets, type BulkDeleteCriteria } from './bulk-delete.js';
import type { LoginIdType, User, UserDeleteResponse, UserRequest, UserResponse } from './model.js';
import { rememberReplacedPassword } from './password-history.js';
import { createPasswordHistoryStore } from './password-history-store.js';
import { prepareUser } from './prepare-user.js';
import { createUserStore, type StoredUser, type UserStore } from './store.js';
import { userPolicyOf } from './tenant-policy.js';
import { toPatchable, toUserResponse } from './user-response.js';

export interface CreateUserOptions {
  /** Runs inside the transaction that inserts the user; `scoped` is the database bound to it. */
  readonly withinTransaction?: (scoped: Database, user: User) => Promise<void>;
  /** The user signs in elsewhere (an identity provider created them): no password is required. */
  readonly withoutPassword?: boolean;
}

export interface UserService {
  create(tenantId: string, id: string | undefined, request: UserRequest, options?: CreateUserOptions): Promise<UserResponse>;
  /** The full User (registrations, memberships) or NotFoundError; another tenant's user is not found. */
  retrieve(id: string, explicitTenantId?: string): Promise<User>;
  /** What `retrieve` answers for a user just read by someone else (a login's credential check), without reading it again. */
  present(stored: StoredUser): Promise<User>;
  retrieveByLoginId(tenantId: string, loginId: string, types?: readonly LoginIdType[]): Promise<User>;
  /** `{user}` as a PATCH merges into it. */
  patchable(id: string, explicitTenantId?: string): Promise<{ user: User }>;
  update(id: string, request: UserRequest, explicitTenantId?: string): Promise<UserResponse>;
  deactivate(id: string, explicitTenantId?: string): Promise<void>;
  /** Hard delete: the user row and, by cascade, its registrations and memberships. */
  delete(id: string, explicitTenantId?: string): Promise<void>;
  reactivate(id: string, explicitTenantId?: string): Promise<UserResponse>;
  bulkDelete(criteria: BulkDeleteCriteria, explicitTenantId?: string): Promise<UserDeleteResponse>;
}

export interface UserServiceDeps {
  readonly database: Database;
  readonly tenants: { find(id: string): Promise<Tenant | undefined> };
  readonly schemes: PasswordSchemes;
  readonly clock: Clock;
  readonly registrationsOf: (userId: string) => Promise<UserRegistration[]>;
  readonly membershipsOf: (userId: string) => Promise<GroupMember[]>;
  /** The tenant of each existing group among `groupIds`. */
  readonly groupTenants: (groupIds: readonly string[]) => Promise<Map<string, string>>;
  /** Inserts memberships through `scoped` (the user's create transaction). */
  readonly addMemberships: (scoped: Database, members: readonly NewGroupMember[]) => Promise<void>;
}

/** A Database whose every operation, nested transactions included, runs on `tx`. */
function duplicateError(constraint: string, user: StoredUser['user']): ValidationError {
  if (constraint.includes('email')) return fieldError('user.email', 'duplicate', `A User with email = [${user.email}] already exists.`);
  if (constraint.includes('username')) return fieldError('user.username', 'duplicate', `A User with username = [${user.username}] already exists.`);
  return fieldError('userId', 'duplicate', `A User with Id [${user.id}] already exists.`);
}

export function createUserService(deps: UserServiceDeps): UserService {
  const { database, tenants, schemes, clock } = deps;
  const users = createUserStore(database.db);
  const passwordHistory = createPasswordHistoryStore(database.db);
  // Bulk delete by query or queryString selects users exactly as Search for Users does.
  const matcher = createUserMatcher(database);

  async function policyFor(tenantId: string) {
    const tenant = await tenants.find(tenantId);
    if (tenant === undefined) throw fieldError('tenantId', 'invalid', `The tenant id [${tenantId}] does not exist.`);
    return userPolicyOf(tenant);
  }

  async function findVisible(id: string, explicitTenantId: string | undefined): Promise<StoredUser> {
    const stored = isUuid(id) ? await users.find(normalizeId(id)) : undefined;
    if (stored === undefined || (explicitTenantId !== undefined && stored.user.tenantId !== explicitTenantId)) throw new NotFoundError();
    return stored;
  }

  async function present(stored: StoredUser, withEncryptionScheme = false): Promise<User> {
    const [registrations, memberships] = await Promise.all([deps.registrationsOf(stored.user.id), deps.membershipsOf(stored.user.id)]);
    return toUserResponse(stored, { registrations, memberships }, { withEncryptionScheme });
  }

  /** `user.memberships` on create: each names a group of the user's tenant. */
  async function membershipsToAdd(request: UserRequest, tenantId: string, userId: string, now: number, errors: ValidationError): Promise<NewGroupMember[]> {
    const requested = request.user?.memberships ?? [];
    if (requested.length === 0) return [];
    const groupIds = requested.map((m) => m.groupId).filter((g): g is string => g !== undefined && isUuid(g)).map(normalizeId);
    const owners = await deps.groupTenants(groupIds);
    const members = new Map<string, NewGroupMember>();
    for (const membership of requested) {
      const groupId = membership.groupId !== undefined && isUuid(membership.groupId) ? normalizeId(membership.groupId) : undefined;
      if (groupId === undefined) {
        errors.add('user.memberships.groupId', membership.groupId === undefined ? 'blank' : 'invalid', 'You must specify a valid [user.memberships.groupId] for each membership.');
      } else if (owners.get(groupId) !== tenantId) {
        errors.add('user.memberships.groupId', 'invalid', `The group [${groupId}] does not exist in the user's tenant.`);
      } else if (!members.has(groupId)) {
        const id = membership.id !== undefined && isUuid(membership.id) ? normalizeId(membership.id) : newId();
        members.set(groupId, { tenantId, member: { id, groupId, userId, data: membership.data ?? {}, insertInstant: now } });
      }
    }
    return [...members.values()];
  }

  async function save(stored: StoredUser, write: (store: UserStore) => Promise<void>, store: UserStore = users): Promise<void> {
    await writeUnique(() => write(store), (constraint) => duplicateError(constraint, stored.user));
  }

  return {
    async create(tenantId, requestedId, request, options = {}) {
      const errors = new ValidationError();
      let id = newId();
      if (requestedId !== undefined) {
        if (!isUuid(requestedId)) throw fieldError('userId', 'couldNotConvert', `The [userId] value [${requestedId}] is not a valid UUID.`);
        id = normalizeId(requestedId);
        if ((await users.find(id)) !== undefined) errors.add('userId', 'duplicate', `A User with Id [${id}] already exists.`);
      }
      const policy = await policyFor(tenantId);
      const now = clock.now();
      const memberships = await membershipsToAdd(request, tenantId, id, now, errors);
      const stored = await prepareUser({ request, tenantId, policy, schemes, users, now, errors, withoutPassword: options.withoutPassword === true }, id);
      await database.transaction(async (tx) => {
        const scoped = scopedTo(database, tx);
        await save(stored, (store) => store.insert(stored), createUserStore(tx));
        if (memberships.length > 0) await deps.addMemberships(scoped, memberships);
        if (options.withinTransaction) await options.withinTransaction(scoped, toUserResponse(stored, { registrations: [], memberships: memberships.map((m) => m.member) }));
      });
      return { user: await present(stored) };
    },

    async retrieve(id, explicitTenantId) {
      return present(await findVisible(id, explicitTenantId), true);
    },

    present: (stored) => present(stored, true),

    async retrieveByLoginId(tenantId, loginId, types = ['email', 'username']) {
      const stored = await users.findByLoginId(tenantId, loginId.trim(), types);
      if (stored === undefined) throw new NotFoundError();
      return present(stored, true);
    },

    async patchable(id, explicitTenantId) {
      return { user: toPatchable(await findVisible(id, explicitTenantId)) };
    },

    async update(id, request, explicitTenantId) {
      const existing = await findVisible(id, explicitTenantId);
      const { tenantId } = existing.user;
      const policy = await policyFor(tenantId);
      const now = clock.now();
      const stored = await prepareUser({ request, tenantId, policy, schemes, users, now, existing, history: passwordHistory }, existing.user.id);
      await database.transaction(async (tx) => {
        await save(stored, (store) => store.update(stored), createUserStore(tx));
        await rememberReplacedPassword(createPasswordHistoryStore(tx), policy.passwordRules, stored.user, existing.password, stored.password, now);
      });
      return { user: await present(stored) };
    },

    async deactivate(id, explicitTenantId) {
      const existing = await findVisible(id, explicitTenantId);
      await users.setActive([existing.user.id], false, clock.now());
    },

    async delete(id, explicitTenantId) {
      const existing = await findVisible(id, explicitTenantId);
      // One statement: the registrations and memberships go with the row (ON DELETE CASCADE).
      await users.delete([existing.user.id]);
    },

    async reactivate(id, explicitTenantId) {
      const existing = await findVisible(id, explicitTenantId);
      await users.setActive([existing.user.id], true, clock.now());
      return { user: await present(await findVisible(existing.user.id, undefined)) };
    },

    async bulkDelete(criteria, explicitTenantId) {
      const ids = await bulkDeleteTargets(users, matcher, criteria, explicitTenantId);
      if (!criteria.dryRun && ids.length > 0) {
        const now = clock.now();
        await database.transaction((tx) => {
          const store = createUserStore(tx);
          return criteria.hardDelete ? store.delete(ids) : store.setActive(ids, false, now);
        });
      }
      return { dryRun: criteria.dryRun, hardDelete: criteria.hardDelete, total: ids.length, ...(ids.length > 0 ? { userIds: ids } : {}) };
    },
  };
}
