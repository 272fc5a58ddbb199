/**
 * Import Users (seed 001): many users, with their registrations and memberships, written all or
 * nothing. Built to be fast at 10,000 users per request: one pass of validation with in-memory lookups
 * (each tenant's applications and groups are read once), duplicates found with hash maps, plain-text
 * passwords hashed off the event loop before any transaction opens, then one transaction of multi-row
 * INSERTs. No per-user round trip anywhere.
 *
 * The tenant of each user: the tenant-locked key's or the X-FusionAuth-TenantId header's ("this field
 * is ignored" then), else `users[x].tenantId`, else the only tenant; with several tenants and none of
 * these, `[TenantIdRequired]`.
 *
 * A database constraint that refuses the write (a duplicate the request did not ask to be checked
 * for) answers FusionAuth's 500 `[ImportRequestFailed]`; with `validateDbConstraints` the duplicates
 * are found first and answered with a 400 naming them.
 */
import type { Clock } from '../../core/clock.js';
import { ApiError, fieldError, tenantIdRequired, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { PasswordSchemes } from '../../crypto/password/index.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredGroup } from '../group/store.js';
import type { Tenant } from '../tenant/model.js';
import { userPolicyOf } from '../user/tenant-policy.js';
import { isTimeZone } from '../user/validation.js';
import { checkDatabaseDuplicates, checkRequestDuplicates } from './duplicates.js';
import { IMPORT_FAILED_CODE, IMPORT_FAILED_MESSAGE, type ImportedUser, type ImportRequest } from './model.js';
import { memoized, position } from './positions.js';
import { prepareImportedUser, type ImportTenant, type PrepareContext } from './prepare-user.js';
import { ImportConstraintViolation, type UserImportStore } from './store.js';

export interface UserImportService {
  /** Imports every user of the request or none; `explicitTenantId` is the key's or header's tenant. */
  importUsers(request: ImportRequest, explicitTenantId: string | undefined): Promise<void>;
}

export interface UserImportDeps {
  readonly store: UserImportStore;
  readonly tenants: { find(id: string): Promise<Tenant | undefined>; soleTenantId(): Promise<string | undefined> };
  readonly applications: { list(criteria: { active: boolean; tenantId?: string }): Promise<StoredApplication[]> };
  readonly groups: { list(tenantId?: string): Promise<StoredGroup[]> };
  readonly schemes: PasswordSchemes;
  readonly clock: Clock;
}

/** Plain-text hashes in flight at once: enough to keep the hashing threads busy, not to queue thousands. */
const HASHING_CONCURRENCY = 8;

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function importFailed(): ApiError {
  return new ApiError(500, new ValidationError().general(IMPORT_FAILED_CODE, IMPORT_FAILED_MESSAGE).body());
}

/** A constraint violation that slipped past `validateDbConstraints` (a concurrent write): the same 400. */
function duplicateFromConstraint(constraint: string): ValidationError {
  const field = constraint.includes('email') ? 'user.email'
    : constraint.includes('username') ? 'user.username'
      : constraint.includes('registrations') ? 'user.registrations.id'
        : constraint.includes('group_members') ? 'user.memberships.id'
          : 'user.id';
  return fieldError(field, 'duplicate', `A value of the [${field}] property already exists; another request wrote it concurrently.`);
}

export function createUserImportService(deps: UserImportDeps): UserImportService {
  const { store, schemes, clock } = deps;

  /** The tenant's import context, or undefined when no such tenant exists. */
  async function loadTenant(tenantId: string): Promise<ImportTenant | undefined> {
    const tenant = await deps.tenants.find(tenantId);
    if (tenant === undefined) return undefined;
    const policy = userPolicyOf(tenant);
    const [active, inactive, groups] = await Promise.all([
      deps.applications.list({ active: true, tenantId }),
      deps.applications.list({ active: false, tenantId }),
      deps.groups.list(tenantId),
    ]);
    return {
      tenantId,
      policy,
      defaultScheme: schemes.get(policy.encryptionScheme) !== undefined ? policy.encryptionScheme : schemes.names()[0]!,
      references: {
        applications: new Map([...active, ...inactive].map((a) => [a.id, a])),
        groupIds: new Set(groups.map((g) => g.id)),
      },
    };
  }

  /** The request's own scheme and factor for plain-text passwords. */
  function checkRequestHashing(request: ImportRequest, errors: ValidationError): void {
    const scheme = request.encryptionScheme;
    if (scheme !== undefined && schemes.get(scheme) === undefined) {
      errors.add('encryptionScheme', 'invalid',
        `The [encryptionScheme] property value [${scheme}] is not a known password encryption scheme. Known schemes are [${schemes.names().join(', ')}].`);
    } else if (scheme !== undefined && request.factor !== undefined && !schemes.isValidFactor(scheme, request.factor)) {
      errors.add('factor', 'invalid', `The [factor] property value [${request.factor}] is not valid for the encryption scheme [${scheme}].`);
    }
  }

  /** Without a request scheme, the request factor applies to each tenant's default scheme. */
  function checkFactorFor(tenant: ImportTenant, request: ImportRequest, errors: ValidationError): void {
    if (request.encryptionScheme !== undefined || request.factor === undefined || errors.fieldErrors.factor !== undefined) return;
    if (!schemes.isValidFactor(tenant.defaultScheme, request.factor)) {
      errors.add('factor', 'invalid', `The [factor] property value [${request.factor}] is not valid for the encryption scheme [${tenant.defaultScheme}].`);
    }
  }

  return {
    async importUsers(request, explicitTenantId) {
      const users = request.users ?? [];
      if (users.length === 0) throw fieldError('users', 'missing', 'You must specify at least one User in the [users] property.');
      const errors = new ValidationError();
      checkRequestHashing(request, errors);
      const now = clock.now();
      const tenants = new Map<string, Promise<ImportTenant | undefined>>();
      const tenantNamed = (id: string): Promise<ImportTenant | undefined> => {
        let loading = tenants.get(id);
        if (loading === undefined) {
          loading = loadTenant(id).then((tenant) => {
            if (tenant !== undefined) checkFactorFor(tenant, request, errors);
            return tenant;
          });
          tenants.set(id, loading);
        }
        return loading;
      };
      const sole = explicitTenantId === undefined ? await deps.tenants.soleTenantId() : undefined;
      const hashing = {
        ...(request.encryptionScheme !== undefined ? { encryptionScheme: request.encryptionScheme } : {}),
        ...(request.factor !== undefined ? { factor: request.factor } : {}),
      };
      const zoneCheck = memoized(isTimeZone);
      let tenantMissing = false;

      const imported: ImportedUser[] = [];
      for (const [index, user] of users.entries()) {
        let tenantId = explicitTenantId;
        if (tenantId === undefined && user.tenantId !== undefined) {
          if (!isUuid(user.tenantId)) {
            errors.add('user.tenantId', 'couldNotConvert', `The [user.tenantId] property value [${user.tenantId}] is not a valid UUID. ${position(index)}`);
            continue;
          }
          tenantId = normalizeId(user.tenantId);
        }
        tenantId ??= sole;
        if (tenantId === undefined) {
          tenantMissing = true;
          continue;
        }
        const tenant = await tenantNamed(tenantId);
        if (tenant === undefined) {
          errors.add('user.tenantId', 'invalid', `The [user.tenantId] property value [${tenantId}] is not a valid tenant. ${position(index)}`);
          continue;
        }
        const context: PrepareContext = { tenant, schemes, hashing, now, isTimeZone: zoneCheck };
        const prepared = prepareImportedUser(user, index, context, errors);
        if (prepared !== undefined) imported.push(prepared);
      }
      if (tenantMissing) errors.generalErrors.push(...tenantIdRequired().generalErrors);
      checkRequestDuplicates(imported, errors);
      if (request.validateDbConstraints === true) await checkDatabaseDuplicates(imported, store, errors);
      errors.throwIfAny();

      // Hashing before the transaction: a slow hash never holds a connection or the SQLite write lock.
      const hashed = await mapLimited(imported, HASHING_CONCURRENCY, async (user) => user.plain === undefined
        ? user.stored
        : { ...user.stored, password: await schemes.hash(user.plain.password, user.plain.scheme, user.plain.factor) });

      try {
        await store.insert({
          users: imported.map((user, i) => ({ stored: hashed[i]!, registrations: user.registrations })),
          members: imported.flatMap((user) => user.members),
        });
      } catch (error) {
        if (!(error instanceof ImportConstraintViolation)) throw error;
        if (request.validateDbConstraints === true && error.kind === 'unique') throw duplicateFromConstraint(error.constraint);
        throw importFailed();
      }
    },
  };
}
