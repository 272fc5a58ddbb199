/**
 * The Applications API's rules (FusionAuth docs, "Applications"): create (optionally as a copy of
 * another application), retrieve one/all/inactive, update (roles and scopes are not changed through
 * it), soft and hard delete, reactivate, search, and the OAuth configuration read.
 *
 * Tenant scoping: an application id is unique across tenants, so a request that names no tenant may
 * read or change any application by id; a request naming a tenant (header or tenant-locked key) only
 * sees that tenant's applications, everything else answering 404.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { TenantDirectory } from '../../core/tenant-context.js';
import { writeUnique } from '../../db/database.js';
import type { OAuthConfiguration } from './model-oauth.js';
import { FUSIONAUTH_APPLICATION_ID, mergeApplicationDefaults, type Application, type ApplicationRole } from './model.js';
import type { SortOrder } from './search-support.js';
import type { ApplicationOrderField, ApplicationStore, StoredApplication } from './store.js';
import { creationTenant } from './tenant-choice.js';
import { validateMessageTemplateReferences, type MessageTemplateLookup } from '../message-template/references.js';
import { validateApplication, validateInlineRoles } from './validation.js';

/** The tenant a request named (header or tenant-locked key), if any. */
export type TenantScope = string | undefined;

export interface TenantSettings {
  readonly httpSessionMaxInactiveInterval?: number;
  readonly logoutURL?: string;
}

export interface ApplicationTenants extends TenantDirectory {
  find(id: string): Promise<TenantSettings | undefined>;
}

export interface CreateApplication {
  readonly scope: TenantScope;
  readonly id?: string;
  readonly application: Application;
  readonly sourceApplicationId?: string;
}

export interface ApplicationSearchCriteria {
  readonly name?: string;
  readonly tenantId?: string;
  readonly state?: 'Active' | 'Inactive' | 'PendingDelete';
  readonly startRow: number;
  readonly numberOfResults: number;
  readonly orderBy: readonly SortOrder<ApplicationOrderField>[];
}

export interface OAuthConfigurationView {
  readonly oauthConfiguration: OAuthConfiguration;
  readonly httpSessionMaxInactiveInterval?: number;
  readonly logoutURL?: string;
}

export interface ApplicationService {
  create(request: CreateApplication): Promise<Application>;
  retrieve(scope: TenantScope, id: string): Promise<Application>;
  list(scope: TenantScope, inactive: boolean): Promise<Application[]>;
  update(scope: TenantScope, id: string, input: Application): Promise<Application>;
  reactivate(scope: TenantScope, id: string): Promise<Application>;
  deactivate(scope: TenantScope, id: string): Promise<void>;
  hardDelete(scope: TenantScope, id: string): Promise<void>;
  search(scope: TenantScope, criteria: ApplicationSearchCriteria): Promise<{ applications: Application[]; total: number }>;
  oauthConfiguration(scope: TenantScope, id: string, withSecret: boolean): Promise<OAuthConfigurationView>;
  /** The application as the scope may see it, or 404 (shared with the roles service). */
  findVisible(scope: TenantScope, id: string): Promise<StoredApplication>;
}

interface Deps {
  readonly applications: ApplicationStore;
  readonly tenants: ApplicationTenants;
  readonly clock: Clock;
  /** Message Templates, which the SMS/voice MFA and phone `…TemplateId` settings must name. */
  readonly messageTemplates: MessageTemplateLookup;
}

export const generateClientSecret = (): string => randomBytes(32).toString('base64url');

const byName = (a: ApplicationRole, b: ApplicationRole): number => (a.name ?? '').localeCompare(b.name ?? '');

/** The response shape: roles sorted by name, as FusionAuth's `sortRoles()`. */
export function presentApplication(application: StoredApplication): Application {
  return { ...application, roles: [...application.roles].sort(byName) };
}

/** Fields a client may not set: the server owns identity, tenancy, state and instants. */
function writable(input: Application): Application {
  const { id: _id, tenantId: _t, active: _a, state: _s, insertInstant: _i, lastUpdateInstant: _u, ...rest } = input;
  return rest;
}

/** A copy of `source` for `sourceApplicationId`: new ids and secret, no SAML issuer (docs, Copy). */
function copyOf(source: StoredApplication, name: string | undefined): Application {
  const copy = structuredClone(writable(source));
  copy.name = name;
  if (copy.oauthConfiguration !== undefined) delete copy.oauthConfiguration.clientSecret;
  if (copy.samlv2Configuration !== undefined) delete copy.samlv2Configuration.issuer;
  copy.roles = (copy.roles ?? []).map(({ id: _id, insertInstant: _i, lastUpdateInstant: _u, ...role }) => role);
  copy.scopes = (copy.scopes ?? []).map(({ id: _id, insertInstant: _i, lastUpdateInstant: _u, ...scope }) => scope);
  return copy;
}

export function createApplicationService({ applications, tenants, clock, messageTemplates }: Deps): ApplicationService {
  async function findVisible(scope: TenantScope, id: string): Promise<StoredApplication> {
    const found = isUuid(id) ? await applications.find(normalizeId(id)) : undefined;
    if (found === undefined || (scope !== undefined && found.tenantId !== scope)) throw new NotFoundError();
    return found;
  }

  async function sameName(tenantId: string, name: string | undefined, exceptId?: string) {
    if (name === undefined || name.trim() === '') return undefined;
    return applications.findByName(tenantId, name, exceptId);
  }

  const save = (write: () => Promise<void>): Promise<void> =>
    writeUnique(write, () => fieldError('applicationId', 'duplicate', 'An Application with this id already exists.'));

  return {
    findVisible,

    async create({ scope, id, application: requested, sourceApplicationId }) {
      const errors = new ValidationError();
      if (id !== undefined && !isUuid(id)) throw fieldError('applicationId', 'invalid', `The id [${id}] is not a valid UUID.`);
      const applicationId = id !== undefined ? normalizeId(id) : newId();
      const tenantId = await creationTenant(tenants, scope, requested.tenantId, 'application.tenantId');
      if (id !== undefined && (await applications.find(applicationId)) !== undefined) {
        errors.add('applicationId', 'duplicate', `An Application with id [${applicationId}] already exists.`);
      }

      let input: Application;
      if (sourceApplicationId !== undefined) {
        const source = isUuid(sourceApplicationId) ? await applications.find(normalizeId(sourceApplicationId)) : undefined;
        const visible = source !== undefined && (scope === undefined || source.tenantId === scope) ? source : undefined;
        if (visible === undefined) errors.add('sourceApplicationId', 'invalid', `The source Application [${sourceApplicationId}] does not exist.`);
        input = visible === undefined ? writable(requested) : copyOf(visible, requested.name);
        // A copy takes everything but its name from the source, so only the name rules apply.
        const nameErrors = new ValidationError();
        validateApplication({ name: input.name }, { sameName: await sameName(tenantId, input.name) }, nameErrors);
        Object.assign(errors.fieldErrors, nameErrors.fieldErrors);
      } else {
        input = writable(requested);
        const roles = input.roles ?? [];
        const givenRoleIds = roles.map((r) => r.id).filter((r): r is string => r !== undefined).map(normalizeId);
        const taken = new Set((await applications.findRoles(givenRoleIds)).map((owned) => owned.role.id!));
        validateInlineRoles(roles.map((r) => (r.id === undefined ? r : { ...r, id: normalizeId(r.id) })), taken, errors);
        validateApplication(input, { sameName: await sameName(tenantId, input.name) }, errors);
        await validateMessageTemplateReferences(input, 'application', messageTemplates, errors);
      }
      errors.throwIfAny();

      const now = clock.now();
      const merged = mergeApplicationDefaults(input);
      const oauth = merged.oauthConfiguration ?? {};
      const given = oauth.clientSecret;
      const unverified = merged.registrationDeletePolicy?.unverified;
      if (unverified !== undefined) {
        if (unverified.enabled === true) unverified.enabledInstant = now;
        else delete unverified.enabledInstant;
      }
      const stored: StoredApplication = {
        ...merged,
        id: applicationId,
        tenantId,
        name: merged.name!.trim(),
        active: true,
        state: 'Active',
        oauthConfiguration: { ...oauth, clientId: applicationId, clientSecret: given !== undefined && given.trim() !== '' ? given : generateClientSecret() },
        roles: (merged.roles ?? []).map((role) => ({
          ...role,
          id: role.id !== undefined ? normalizeId(role.id) : newId(),
          name: role.name!.trim(),
          isDefault: role.isDefault ?? false,
          isSuperRole: role.isSuperRole ?? false,
          insertInstant: now,
          lastUpdateInstant: now,
        })),
        scopes: (merged.scopes ?? []).map((scope) => ({ ...scope, id: scope.id ?? newId(), insertInstant: now, lastUpdateInstant: now })),
        insertInstant: now,
        lastUpdateInstant: now,
      };
      await save(() => applications.insert(stored));
      return presentApplication(stored);
    },

    async retrieve(scope, id) {
      return presentApplication(await findVisible(scope, id));
    },

    async list(scope, inactive) {
      const found = await applications.list({ active: !inactive, ...(scope !== undefined ? { tenantId: scope } : {}) });
      return found.map(presentApplication);
    },

    async update(scope, id, requested) {
      const existing = await findVisible(scope, id);
      const errors = new ValidationError();
      if (!existing.active) {
        errors.add('applicationId', 'inactive', `The Application [${existing.id}] is inactive. Reactivate it before updating it.`);
      }
      const input = writable(requested);
      validateApplication(input, { sameName: await sameName(existing.tenantId, input.name, existing.id) }, errors);
      await validateMessageTemplateReferences(input, 'application', messageTemplates, errors);
      errors.throwIfAny();

      const merged = mergeApplicationDefaults(input);
      const oauth = merged.oauthConfiguration ?? {};
      const given = oauth.clientSecret;
      const unverified = merged.registrationDeletePolicy?.unverified;
      if (unverified !== undefined) {
        const before = existing.registrationDeletePolicy?.unverified;
        if (unverified.enabled !== true) delete unverified.enabledInstant;
        else unverified.enabledInstant = before?.enabled === true && before.enabledInstant !== undefined ? before.enabledInstant : clock.now();
      }
      // Roles and scopes have their own APIs; an update keeps them as they are (docs, Update an Application).
      const updated: StoredApplication = {
        ...merged,
        id: existing.id,
        tenantId: existing.tenantId,
        name: merged.name!.trim(),
        active: true,
        state: 'Active',
        oauthConfiguration: {
          ...oauth,
          clientId: existing.oauthConfiguration?.clientId ?? existing.id,
          clientSecret: given !== undefined && given.trim() !== '' ? given : existing.oauthConfiguration?.clientSecret ?? generateClientSecret(),
        },
        roles: existing.roles,
        scopes: existing.scopes ?? [],
        insertInstant: existing.insertInstant,
        lastUpdateInstant: clock.now(),
      };
      await applications.update(updated);
      return presentApplication(updated);
    },

    async reactivate(scope, id) {
      const existing = await findVisible(scope, id);
      if (existing.active) return presentApplication(existing);
      const reactivated: StoredApplication = { ...existing, active: true, state: 'Active' };
      await applications.update(reactivated);
      return presentApplication(reactivated);
    },

    async deactivate(scope, id) {
      if (isUuid(id) && normalizeId(id) === FUSIONAUTH_APPLICATION_ID) {
        throw fieldError('applicationId', 'fusionAuth', 'The FusionAuth application cannot be deleted.');
      }
      const existing = await findVisible(scope, id);
      if (!existing.active) return;
      await applications.update({ ...existing, active: false, state: 'Inactive' });
    },

    async hardDelete(scope, id) {
      if (isUuid(id) && normalizeId(id) === FUSIONAUTH_APPLICATION_ID) {
        throw fieldError('applicationId', 'fusionAuth', 'The FusionAuth application cannot be deleted.');
      }
      const existing = await findVisible(scope, id);
      await applications.delete(existing.id);
    },

    async search(scope, { name, tenantId, state, startRow, numberOfResults, orderBy }) {
      // The docs: a tenant named by the header or the key overrides `search.tenantId`.
      const tenant = scope ?? (tenantId !== undefined && isUuid(tenantId) ? normalizeId(tenantId) : tenantId);
      const active = state === undefined ? undefined : state === 'Active';
      const result = await applications.search({
        ...(name !== undefined ? { name } : {}),
        ...(tenant !== undefined ? { tenantId: tenant } : {}),
        ...(active !== undefined ? { active } : {}),
        startRow,
        numberOfResults,
        orderBy,
      });
      return { applications: result.applications.map(presentApplication), total: result.total };
    },

    async oauthConfiguration(scope, id, withSecret) {
      const application = await findVisible(scope, id);
      const oauthConfiguration: OAuthConfiguration = { ...(application.oauthConfiguration ?? {}) };
      // Docs: the client secret is only returned when the request was authenticated with an API key.
      if (!withSecret) delete oauthConfiguration.clientSecret;
      const tenant = await tenants.find(application.tenantId);
      return {
        oauthConfiguration,
        ...(tenant?.httpSessionMaxInactiveInterval !== undefined ? { httpSessionMaxInactiveInterval: tenant.httpSessionMaxInactiveInterval } : {}),
        ...(tenant?.logoutURL !== undefined ? { logoutURL: tenant.logoutURL } : {}),
      };
    },
  };
}
