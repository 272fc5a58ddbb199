/**
 * The Groups API's rules (FusionAuth docs, "Groups"; GroupService validation): a name is required and
 * unique in its tenant (case-insensitively); a given id must be unused; every `roleIds[i]` must be a role
 * of an application in the group's tenant (`[invalid]roleIds[i]`). A group stores the role ids it was
 * given and answers `roles` as application id → roles, resolved when read, so a role deleted from its
 * application simply drops out. A request naming a tenant only sees that tenant's groups.
 */
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { TenantDirectory } from '../../core/tenant-context.js';
import { writeUnique } from '../../db/database.js';
import type { ApplicationRole } from '../application/model.js';
import type { SortOrder } from '../application/search-support.js';
import type { ApplicationStore, OwnedRole } from '../application/store.js';
import { creationTenant } from '../application/tenant-choice.js';
import type { Group } from './model.js';
import type { GroupOrderField, GroupStore, StoredGroup } from './store.js';

export type TenantScope = string | undefined;

export interface GroupSearchCriteria {
  readonly name?: string;
  readonly tenantId?: string;
  readonly startRow: number;
  readonly numberOfResults: number;
  readonly orderBy: readonly SortOrder<GroupOrderField>[];
}

export interface GroupService {
  create(scope: TenantScope, id: string | undefined, group: Group, roleIds: readonly string[] | undefined): Promise<Group>;
  retrieve(scope: TenantScope, id: string): Promise<Group>;
  /** The group as a PATCH starts from: the group and the ids of its (still existing) roles. */
  current(scope: TenantScope, id: string): Promise<{ group: Group; roleIds: string[] }>;
  list(scope: TenantScope): Promise<Group[]>;
  update(scope: TenantScope, id: string, group: Group, roleIds: readonly string[] | undefined): Promise<Group>;
  delete(scope: TenantScope, id: string): Promise<void>;
  search(scope: TenantScope, criteria: GroupSearchCriteria): Promise<{ groups: Group[]; total: number }>;
  /** The group as the scope may see it, or 404 (shared with the member service). */
  findVisible(scope: TenantScope, id: string): Promise<StoredGroup>;
}

interface Deps {
  readonly groups: GroupStore;
  readonly applications: Pick<ApplicationStore, 'findRoles'>;
  readonly tenants: TenantDirectory;
  readonly clock: Clock;
}

const byName = (a: ApplicationRole, b: ApplicationRole): number => (a.name ?? '').localeCompare(b.name ?? '');

/** `roles`: application id → that application's roles among the group's, sorted by name. */
function rolesMap(group: StoredGroup, owned: readonly OwnedRole[]): Record<string, ApplicationRole[]> {
  const wanted = new Set(group.roleIds);
  const map: Record<string, ApplicationRole[]> = {};
  for (const { applicationId, tenantId, role } of owned) {
    if (tenantId === group.tenantId && role.id !== undefined && wanted.has(role.id)) (map[applicationId] ??= []).push(role);
  }
  for (const roles of Object.values(map)) roles.sort(byName);
  return map;
}

function present(group: StoredGroup, owned: readonly OwnedRole[]): Group {
  const { roleIds: _roleIds, ...rest } = group;
  return { ...rest, data: group.data ?? {}, roles: rolesMap(group, owned) };
}

export function createGroupService({ groups, applications, tenants, clock }: Deps): GroupService {
  async function findVisible(scope: TenantScope, id: string): Promise<StoredGroup> {
    const found = isUuid(id) ? await groups.find(normalizeId(id)) : undefined;
    if (found === undefined || (scope !== undefined && found.tenantId !== scope)) throw new NotFoundError();
    return found;
  }

  async function presentAll(list: readonly StoredGroup[]): Promise<Group[]> {
    const owned = await applications.findRoles([...new Set(list.flatMap((g) => g.roleIds))]);
    return list.map((g) => present(g, owned));
  }

  /** Checks every requested role id against the tenant's roles; returns the distinct valid ids. */
  async function checkRoles(tenantId: string, roleIds: readonly string[] | undefined, errors: ValidationError): Promise<string[]> {
    if (roleIds === undefined || roleIds.length === 0) return [];
    const normalized = roleIds.map((id) => (isUuid(id) ? normalizeId(id) : id));
    const found = new Set((await applications.findRoles(normalized.filter(isUuid), tenantId)).map((o) => o.role.id));
    normalized.forEach((id, i) => {
      if (!found.has(id)) errors.add(`roleIds[${i}]`, 'invalid', `The role id [${id}] is not a role of an application in this tenant.`);
    });
    return [...new Set(normalized)];
  }

  const save = (write: () => Promise<void>): Promise<void> => writeUnique(write, (constraint) => constraint.includes('name')
    ? fieldError('group.name', 'duplicate', 'A group with this name already exists.')
    : fieldError('groupId', 'duplicate', 'A group with this id already exists.'));

  const isBlank = (name: string | undefined) => name === undefined || name.trim() === '';

  return {
    findVisible,

    async create(scope, id, group, roleIds) {
      if (id !== undefined && !isUuid(id)) throw fieldError('groupId', 'invalid', `The id [${id}] is not a valid UUID.`);
      const groupId = id !== undefined ? normalizeId(id) : newId();
      const tenantId = await creationTenant(tenants, scope, group.tenantId, 'group.tenantId');
      const errors = new ValidationError();
      if (isBlank(group.name)) errors.add('group.name', 'blank', 'You must specify the [group.name] property.');
      if (id !== undefined && (await groups.find(groupId)) !== undefined) {
        errors.add('groupId', 'duplicate', `A group with id [${groupId}] already exists.`);
      }
      // FusionAuth checks the name only when the previous check passed.
      if (errors.isEmpty && (await groups.findByName(tenantId, group.name!.trim())) !== undefined) {
        errors.add('group.name', 'duplicate', `A group with name = [${group.name!.trim()}] already exists.`);
      }
      const validRoleIds = await checkRoles(tenantId, roleIds, errors);
      errors.throwIfAny();

      const now = clock.now();
      const stored: StoredGroup = {
        id: groupId,
        tenantId,
        name: group.name!.trim(),
        data: group.data ?? {},
        roleIds: validRoleIds,
        insertInstant: now,
        lastUpdateInstant: now,
      };
      await save(() => groups.insert(stored));
      return (await presentAll([stored]))[0]!;
    },

    async retrieve(scope, id) {
      return (await presentAll([await findVisible(scope, id)]))[0]!;
    },

    async current(scope, id) {
      const group = (await presentAll([await findVisible(scope, id)]))[0]!;
      const roleIds = Object.values(group.roles ?? {}).flat().map((r) => r.id!);
      const { roles: _roles, ...rest } = group;
      return { group: rest, roleIds };
    },

    async list(scope) {
      return presentAll(await groups.list(scope));
    },

    async update(scope, id, group, roleIds) {
      const existing = await findVisible(scope, id);
      const errors = new ValidationError();
      if (isBlank(group.name)) {
        errors.add('group.name', 'blank', 'You must specify the [group.name] property.');
      } else {
        const named = await groups.findByName(existing.tenantId, group.name!.trim());
        if (named !== undefined && named.id !== existing.id) {
          errors.add('group.name', 'duplicate', `A group with name = [${group.name!.trim()}] already exists.`);
        }
      }
      // Update replaces the group's roles with `roleIds` (none when absent), as FusionAuth does.
      const validRoleIds = await checkRoles(existing.tenantId, roleIds, errors);
      errors.throwIfAny();
      const updated: StoredGroup = {
        id: existing.id,
        tenantId: existing.tenantId,
        name: group.name!.trim(),
        data: group.data ?? {},
        roleIds: validRoleIds,
        insertInstant: existing.insertInstant,
        lastUpdateInstant: clock.now(),
      };
      await save(() => groups.update(updated));
      return (await presentAll([updated]))[0]!;
    },

    async delete(scope, id) {
      const existing = await findVisible(scope, id);
      await groups.delete(existing.id);
    },

    async search(scope, { name, tenantId, startRow, numberOfResults, orderBy }) {
      // The docs: a tenant named by the header or the key overrides `search.tenantId`.
      const tenant = scope ?? (tenantId !== undefined && isUuid(tenantId) ? normalizeId(tenantId) : tenantId);
      const result = await groups.search({
        ...(name !== undefined ? { name } : {}),
        ...(tenant !== undefined ? { tenantId: tenant } : {}),
        startRow,
        numberOfResults,
        orderBy,
      });
      return { groups: await presentAll(result.groups), total: result.total };
    },
  };
}
