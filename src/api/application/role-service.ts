/**
 * Application roles (`/api/application/{applicationId}/role[/{roleId}]`), following FusionAuth's
 * ApplicationService: on create the role's fields, a globally unused id and a name unused in the
 * application; an unknown application is `[invalid]applicationId`; the FusionAuth application's roles
 * are fixed. Roles live inside their application's row, so every change is a locked read-modify-write.
 */
import type { Clock } from '../../core/clock.js';
import { fieldError, generalError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import { FUSIONAUTH_APPLICATION_ID, type ApplicationRole } from './model.js';
import type { TenantScope } from './service.js';
import type { ApplicationStore, StoredApplication } from './store.js';
import { validateRoleFields } from './validation.js';

export interface RoleService {
  create(scope: TenantScope, applicationId: string, roleId: string | undefined, role: ApplicationRole | undefined): Promise<ApplicationRole>;
  retrieve(scope: TenantScope, applicationId: string, roleId: string): Promise<ApplicationRole>;
  update(scope: TenantScope, applicationId: string, roleId: string, role: ApplicationRole | undefined): Promise<ApplicationRole>;
  /** Deletes by id, or by name when no id is given. */
  delete(scope: TenantScope, applicationId: string, target: { roleId?: string; name?: string }): Promise<void>;
}

interface Deps {
  readonly applications: ApplicationStore;
  readonly clock: Clock;
}

const sameName = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a === b;

export function createRoleService({ applications, clock }: Deps): RoleService {
  async function visible(scope: TenantScope, applicationId: string): Promise<StoredApplication | undefined> {
    const found = isUuid(applicationId) ? await applications.find(normalizeId(applicationId)) : undefined;
    return found !== undefined && (scope === undefined || found.tenantId === scope) ? found : undefined;
  }

  function refuseFusionAuthApplication(applicationId: string, errors: ValidationError): void {
    if (applicationId === FUSIONAUTH_APPLICATION_ID) {
      errors.add('applicationId', 'fusionAuth', 'The roles of the FusionAuth application cannot be changed.');
    }
  }

  /**
   * The application whose roles a create or update changes, after the role's own field errors: an
   * unknown application is `[invalid]applicationId`, and the FusionAuth application's roles are fixed.
   */
  async function editableApplication(scope: TenantScope, applicationId: string, errors: ValidationError): Promise<StoredApplication> {
    const application = await visible(scope, applicationId);
    if (application === undefined) {
      errors.add('applicationId', 'invalid', `The Application [${applicationId}] does not exist.`);
      throw errors;
    }
    refuseFusionAuthApplication(application.id, errors);
    errors.throwIfAny();
    return application;
  }

  /** Writes through the store's locked modify; a vanished application is the 404 FusionAuth gives. */
  async function modify(id: string, change: (current: StoredApplication) => Promise<StoredApplication>): Promise<StoredApplication> {
    const written = await applications.modify(id, change);
    if (written === undefined) throw new NotFoundError();
    return written;
  }

  return {
    async create(scope, applicationId, roleId, role) {
      if (role === undefined) throw fieldError('role', 'missing', 'You must specify the [role] property.');
      const errors = new ValidationError();
      if (roleId !== undefined && !isUuid(roleId)) throw fieldError('roleId', 'invalid', `The id [${roleId}] is not a valid UUID.`);
      const id = roleId !== undefined ? normalizeId(roleId) : undefined;
      validateRoleFields(role, 'role', errors);
      if (id !== undefined && (await applications.findRoles([id])).length > 0) {
        errors.add('roleId', 'duplicate', `A role with id [${id}] already exists.`);
      }
      const application = await editableApplication(scope, applicationId, errors);

      const name = role.name!.trim();
      const now = clock.now();
      const created: ApplicationRole = {
        id: id ?? newId(),
        name,
        ...(role.description !== undefined ? { description: role.description } : {}),
        isDefault: role.isDefault ?? false,
        isSuperRole: role.isSuperRole ?? false,
        insertInstant: now,
        lastUpdateInstant: now,
      };
      await modify(application.id, async (current) => {
        if (current.roles.some((r) => sameName(r.name, name))) {
          throw fieldError('role.name', 'duplicate', `A role with name = [${name}] already exists for this Application.`);
        }
        return { ...current, roles: [...current.roles, created] };
      });
      return created;
    },

    async retrieve(scope, applicationId, roleId) {
      const application = await visible(scope, applicationId);
      const role = application?.roles.find((r) => r.id === normalizeId(roleId));
      if (role === undefined) throw new NotFoundError();
      return role;
    },

    async update(scope, applicationId, roleId, role) {
      if (role === undefined) throw fieldError('role', 'missing', 'You must specify the [role] property.');
      const errors = new ValidationError();
      validateRoleFields(role, 'role', errors);
      const application = await editableApplication(scope, applicationId, errors);
      const id = normalizeId(roleId);
      if (!application.roles.some((r) => r.id === id)) throw new NotFoundError();

      const name = role.name!.trim();
      let updated: ApplicationRole | undefined;
      await modify(application.id, async (current) => {
        const existing = current.roles.find((r) => r.id === id);
        if (existing === undefined) throw new NotFoundError();
        if (current.roles.some((r) => r.id !== id && sameName(r.name, name))) {
          throw fieldError('role.name', 'duplicate', `A role with name = [${name}] already exists for this Application.`);
        }
        updated = {
          id,
          name,
          ...(role.description !== undefined ? { description: role.description } : {}),
          isDefault: role.isDefault ?? false,
          isSuperRole: role.isSuperRole ?? false,
          insertInstant: existing.insertInstant ?? clock.now(),
          lastUpdateInstant: clock.now(),
        };
        return { ...current, roles: current.roles.map((r) => (r.id === id ? updated! : r)) };
      });
      return updated!;
    },

    async delete(scope, applicationId, { roleId, name }) {
      if (roleId === undefined && name === undefined) throw generalError('[invalid]', 'You must specify a role id or a role name.');
      const errors = new ValidationError();
      if (isUuid(applicationId)) refuseFusionAuthApplication(normalizeId(applicationId), errors);
      errors.throwIfAny();
      const application = await visible(scope, applicationId);
      if (application === undefined) throw new NotFoundError();
      const matches = (r: ApplicationRole) => (roleId !== undefined ? r.id === normalizeId(roleId) : r.name === name);
      if (!application.roles.some(matches)) throw new NotFoundError();
      // Groups keep role ids and resolve them when read, so a deleted role drops out of them by itself.
      await modify(application.id, async (current) => {
        if (!current.roles.some(matches)) throw new NotFoundError();
        return { ...current, roles: current.roles.filter((r) => !matches(r)) };
      });
    },
  };
}
