/**
 * The Tenants API's rules (FusionAuth docs, "Tenants"): create (optionally as a copy of another
 * tenant), retrieve one/all, update, delete, search, and the public password rules.
 *
 * Scoping: a request that names a tenant (tenant-locked API key or `X-FusionAuth-TenantId`) acts as
 * that tenant. FusionAuth then lets it read and update only its own tenant (any other id is a 404),
 * refuses listing all tenants and creating one (`[restricted]`), and refuses deleting its own tenant
 * (`[restricted]tenantId`). The Default tenant can never be deleted (`[fusionAuth]tenantId`).
 */
import { DEFAULT_SIGNING_KEY_NAME } from '../../bootstrap/first-start.js';
import type { Clock } from '../../core/clock.js';
import { fieldError, generalError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import { writeUnique } from '../../db/database.js';
import type { StoredKey } from '../key/store.js';
import { completeTenant, writableTenant, type InheritedSettings } from './complete-tenant.js';
import type { PasswordValidationRules } from './model-configuration.js';
import type { TenantRequest } from './model-request.js';
import type { Tenant, TenantResponse } from './model.js';
import { presentSearchResult, presentTenant } from './present.js';
import type { StoredTenant, TenantSearch, TenantStore } from './store.js';
import type { MessageTemplateLookup } from '../message-template/references.js';
import { validateTenantReferences, validateWebhookIds, type EmailTemplateLookup, type KeyLookup, type MessengerLookup, type UserActionLookup } from './validation-references.js';
import { validateTenantConfiguration } from './validation.js';

/** The tenant a request named (header or tenant-locked key), if any. */
export type TenantScope = string | undefined;

export interface TenantService {
  create(scope: TenantScope, id: string | undefined, request: TenantRequest): Promise<TenantResponse>;
  retrieve(scope: TenantScope, id: string): Promise<TenantResponse>;
  list(scope: TenantScope): Promise<TenantResponse[]>;
  update(scope: TenantScope, id: string, request: TenantRequest): Promise<TenantResponse>;
  delete(scope: TenantScope, id: string): Promise<void>;
  search(criteria: TenantSearch): Promise<{ tenants: TenantResponse[]; total: number }>;
  passwordValidationRules(tenantId: string): Promise<PasswordValidationRules>;
}

/** The password schemes this server can hash with (`crypto/password`). */
export interface TenantPasswordSchemes {
  get(name: string): { readonly defaultFactor: number } | undefined;
  isValidFactor(name: string, factor: number): boolean;
}

interface Deps {
  readonly tenants: TenantStore;
  readonly keys: KeyLookup & { findByName(name: string): Promise<StoredKey | undefined> };
  readonly schemes: TenantPasswordSchemes;
  readonly clock: Clock;
  /** Email Templates, which the tenant's `…EmailTemplateId` settings must name. */
  readonly emailTemplates: EmailTemplateLookup;
  /** User Actions, which `failedAuthenticationConfiguration.userActionId` must name. */
  readonly userActions: UserActionLookup;
  /** Messengers, which `phoneConfiguration.messengerId` and the SMS/voice MFA settings must name. */
  readonly messengers: MessengerLookup;
  /** Message Templates, which the SMS/voice MFA `templateId` settings must name. */
  readonly messageTemplates: MessageTemplateLookup;
}

const missingTenant = () => fieldError('tenant', 'missing', 'You must specify the [tenant] property.');

/** Everything but identity, name and instants: what `sourceTenantId` copies. The SMTP password stays behind. */
function settingsOf(source: StoredTenant): Tenant {
  const copy = writableTenant(source);
  delete copy.name;
  if (copy.emailConfiguration !== undefined) delete copy.emailConfiguration.password;
  return copy;
}

export function createTenantService({ tenants, keys, schemes, clock, emailTemplates, userActions, messengers, messageTemplates }: Deps): TenantService {
  const schemeRules = { isKnown: (name: string) => schemes.get(name) !== undefined, isValidFactor: schemes.isValidFactor };
  const factors = { defaultFactor: (name: string) => schemes.get(name)?.defaultFactor };

  async function inheritedFrom(defaultTenant: StoredTenant | undefined): Promise<InheritedSettings> {
    const jwt = defaultTenant?.jwtConfiguration;
    const signingKey = jwt?.accessTokenKeyId === undefined || jwt.idTokenKeyId === undefined
      ? (await keys.findByName(DEFAULT_SIGNING_KEY_NAME))?.key.id
      : undefined;
    return {
      issuer: defaultTenant?.issuer,
      themeId: defaultTenant?.themeId,
      accessTokenKeyId: jwt?.accessTokenKeyId ?? signingKey,
      idTokenKeyId: jwt?.idTokenKeyId ?? signingKey,
    };
  }

  async function findVisible(scope: TenantScope, id: string): Promise<StoredTenant> {
    const found = scope === undefined || scope === id ? await tenants.find(id) : undefined;
    if (found === undefined) throw new NotFoundError();
    return found;
  }

  async function checkName(name: string, errors: ValidationError, exceptId?: string): Promise<void> {
    if (name === '') {
      errors.add('tenant.name', 'blank', 'You must specify the [tenant.name] property.');
      return;
    }
    const same = await tenants.findByName(name);
    if (same !== undefined && same.id !== exceptId) errors.add('tenant.name', 'duplicate', `A tenant with name [${name}] already exists.`);
  }

  /** Runs a write, turning a lost uniqueness race into the error the checks would have given. */
  const save = (write: () => Promise<void>, name: string): Promise<void> =>
    writeUnique(write, (constraint) => (constraint.includes('name')
      ? fieldError('tenant.name', 'duplicate', `A tenant with name [${name}] already exists.`)
      : fieldError('tenantId', 'duplicate', 'A tenant with this id already exists.')));

  /** The stored form: server-owned fields set, `userDeletePolicy.unverified.enabledInstant` kept while enabled. */
  function stamp(tenant: Tenant, id: string, name: string, now: number, previous?: StoredTenant): StoredTenant {
    const unverified = tenant.userDeletePolicy?.unverified;
    if (unverified !== undefined) {
      const since = previous?.userDeletePolicy?.unverified?.enabled === true ? previous.userDeletePolicy.unverified.enabledInstant : undefined;
      if (unverified.enabled === true) unverified.enabledInstant = since ?? now;
      else delete unverified.enabledInstant;
    }
    const { name: _requestedName, ...settings } = tenant;
    return {
      id,
      name,
      ...settings,
      state: previous?.state ?? 'Active',
      configured: true,
      insertInstant: previous?.insertInstant ?? now,
      lastUpdateInstant: now,
    };
  }

  /** Completes and validates the requested tenant; throws the collected errors, if any. */
  async function prepare(request: TenantRequest & { tenant: Tenant }, errors: ValidationError, existing?: StoredTenant): Promise<Tenant> {
    const tenant = completeTenant(request.tenant, await inheritedFrom(await tenants.findDefault()), factors);
    validateTenantConfiguration(tenant, errors, schemeRules);
    await validateTenantReferences(tenant, request.tenant, existing, keys, emailTemplates, userActions, messengers, messageTemplates, errors);
    validateWebhookIds([...new Set(request.webhookIds ?? [])], errors);
    errors.throwIfAny();
    return tenant;
  }

  /** `sourceTenantId`: the source's settings; the request contributes only the name (and webhooks). */
  async function copySource(sourceTenantId: string, webhookIds: readonly string[], errors: ValidationError): Promise<Tenant> {
    const source = isUuid(sourceTenantId) ? await tenants.find(normalizeId(sourceTenantId)) : undefined;
    if (source === undefined) errors.add('sourceTenantId', 'invalid', `The source tenant [${sourceTenantId}] does not exist.`);
    validateWebhookIds(webhookIds, errors);
    errors.throwIfAny();
    return settingsOf(source as StoredTenant);
  }

  return {
    async create(scope, id, request) {
      if (request.tenant === undefined) throw missingTenant();
      if (scope !== undefined) throw generalError('[restricted]', 'A request scoped to a tenant cannot create a tenant.');
      if (id !== undefined && !isUuid(id)) throw fieldError('tenantId', 'invalid', `The id [${id}] is not a valid UUID.`);
      const tenantId = id !== undefined ? normalizeId(id) : newId();
      const errors = new ValidationError();
      const name = request.tenant.name?.trim() ?? '';
      await checkName(name, errors);
      if (id !== undefined && (await tenants.exists(tenantId))) errors.add('tenantId', 'duplicate', `A tenant with id [${tenantId}] already exists.`);

      const settings = request.sourceTenantId !== undefined
        ? await copySource(request.sourceTenantId, request.webhookIds ?? [], errors)
        : await prepare({ ...request, tenant: request.tenant }, errors);
      // The Default tenant is the oldest (see TenantStore.findDefault): every other tenant is strictly younger.
      const defaultTenant = await tenants.findDefault();
      const now = Math.max(clock.now(), (defaultTenant?.insertInstant ?? -Infinity) + 1);
      const stored = stamp(settings, tenantId, name, now);
      await save(() => tenants.insert(stored), name);
      return presentTenant(stored);
    },

    async retrieve(scope, id) {
      return presentTenant(await findVisible(scope, id));
    },

    async list(scope) {
      if (scope !== undefined) throw generalError('[restricted]', 'A request scoped to a tenant cannot retrieve all tenants.');
      return (await tenants.list()).map(presentTenant);
    },

    async update(scope, id, request) {
      if (request.tenant === undefined) throw missingTenant();
      const existing = await findVisible(scope, id);
      const errors = new ValidationError();
      if (request.sourceTenantId !== undefined) {
        errors.add('sourceTenantId', 'notAllowed', 'The [sourceTenantId] property should not be specified on a PATCH or PUT request. This property may only be used on a POST request.');
      }
      const name = request.tenant.name?.trim() ?? '';
      await checkName(name, errors, existing.id);
      const tenant = await prepare({ ...request, tenant: request.tenant }, errors, existing);
      const stored = stamp(tenant, existing.id, name, clock.now(), existing);
      await save(() => tenants.update(stored), name);
      return presentTenant(stored);
    },

    async delete(scope, id) {
      if ((await tenants.findDefault())?.id === id) throw fieldError('tenantId', 'fusionAuth', 'The Default tenant cannot be deleted.');
      if (scope === id) throw fieldError('tenantId', 'restricted', 'A request scoped to a tenant cannot delete that tenant.');
      if (scope !== undefined || !(await tenants.delete(id))) throw new NotFoundError();
    },

    async search(criteria) {
      const { tenants: found, total } = await tenants.search(criteria);
      return { tenants: found.map(presentSearchResult), total };
    },

    async passwordValidationRules(tenantId) {
      const tenant = await tenants.find(tenantId);
      if (tenant === undefined) throw new NotFoundError();
      return presentTenant(tenant).passwordValidationRules ?? {};
    },
  };
}
