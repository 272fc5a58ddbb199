/**
 * The Identity Providers API's rules (seed 003; fusionauth-site apis/identity-providers): create with or
 * without an id, retrieve one / all / by type, update (PUT and PATCH), delete, and look a provider up by
 * the email domain it manages. The `type` picks the per-type half (kinds.ts); this file is the shared half.
 *
 * Tenancy (since 1.62): a provider is global or scoped to one tenant. A request that names a tenant (a
 * tenant-locked key or `X-FusionAuth-TenantId`) sees the global providers and its tenant's, and what it
 * creates belongs to its tenant.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import { writeUnique } from '../../db/database.js';
import { completeBase, validateBase, type BaseValidationDirectory } from './base.js';
import type { IdentityProviderKind, IdentityProviderKinds, KeyDirectory } from './kinds.js';
import { IDENTITY_PROVIDER_TYPES, type IdentityProvider, type IdentityProviderDetails, type IdentityProviderInput } from './model.js';
import type { IdentityProviderStore } from './store.js';

export interface IdentityProviderService {
  /** The type's module for a request's `type` (or the stored provider's), or a 400. */
  kindOf(type: unknown): IdentityProviderKind;
  create(scope: string | undefined, id: string | undefined, input: IdentityProviderInput): Promise<IdentityProvider>;
  retrieve(scope: string | undefined, id: string): Promise<IdentityProvider>;
  list(scope: string | undefined, type?: string): Promise<IdentityProvider[]>;
  update(scope: string | undefined, id: string, input: IdentityProviderInput): Promise<IdentityProvider>;
  delete(scope: string | undefined, id: string): Promise<void>;
  /** The enabled provider managing the domain of `domainOrEmail`; 404 when none does. */
  lookup(domainOrEmail: string, tenantId: string | undefined): Promise<IdentityProviderDetails>;
}

interface Deps {
  readonly providers: IdentityProviderStore;
  readonly kinds: IdentityProviderKinds;
  readonly keys: KeyDirectory;
  readonly directory: Omit<BaseValidationDirectory, 'providerNamed'>;
  readonly clock: Clock;
}

const visibleIn = (scope: string | undefined, provider: IdentityProvider): boolean =>
  scope === undefined || provider.tenantId === undefined || provider.tenantId === scope;

export function createIdentityProviderService({ providers, kinds, keys, directory, clock }: Deps): IdentityProviderService {
  const fullDirectory: BaseValidationDirectory = { ...directory, providerNamed: (name) => providers.findByName(name) };

  function kindOf(type: unknown): IdentityProviderKind {
    if (type === undefined || type === '') {
      throw new ValidationError().add('identityProvider.type', 'missing', 'You must specify the [identityProvider.type] property.');
    }
    const kind = typeof type === 'string' ? kinds[type] : undefined;
    if (kind !== undefined) return kind;
    const known = (IDENTITY_PROVIDER_TYPES as readonly unknown[]).includes(type);
    throw new ValidationError().add('identityProvider.type', 'invalid', known
      ? `Identity providers of type [${String(type)}] are not supported yet. Supported: ${Object.keys(kinds).join(', ')}.`
      : `The [identityProvider.type] [${String(type)}] is not valid. Valid values: ${IDENTITY_PROVIDER_TYPES.join(', ')}.`);
  }

  async function visible(scope: string | undefined, id: string): Promise<IdentityProvider> {
    const provider = await providers.find(id);
    if (provider === undefined || !visibleIn(scope, provider)) throw new NotFoundError();
    return provider;
  }

  /** Builds, validates and returns the provider to store; throws the collected errors. */
  async function prepare(id: string, input: IdentityProviderInput, tenantId: string | undefined, existing: IdentityProvider | undefined, errors: ValidationError) {
    const kind = kindOf(existing?.type ?? input.type);
    if (existing !== undefined && input.type !== undefined && input.type !== existing.type) {
      errors.add('identityProvider.type', 'invalid', `The [identityProvider.type] of an existing Identity Provider cannot change from [${existing.type}].`);
    }
    const now = clock.now();
    const provider: IdentityProvider = {
      id,
      type: kind.type,
      ...completeBase(input, tenantId),
      insertInstant: existing?.insertInstant ?? now,
      lastUpdateInstant: now,
    };
    Object.assign(provider, kind.complete(input, existing));
    await validateBase(provider, fullDirectory, errors);
    await kind.validate(provider, {
      errors,
      keys,
      ...(existing !== undefined ? { existing } : {}),
      domainClaims: (domains) => providers.domainClaims(domains, id, provider.tenantId),
    });
    errors.throwIfAny();
    return { provider, domains: kind.domains(provider) };
  }

  /** A lost race on a unique column gives the same error the checks give. */
  const save = (write: () => Promise<void>, provider: IdentityProvider) => writeUnique(write, (constraint) => constraint.includes('name')
    ? new ValidationError().add('identityProvider.name', 'duplicate', `An Identity Provider with name [${provider.name}] already exists.`)
    : new ValidationError().add('identityProviderId', 'duplicate', `An Identity Provider with Id [${provider.id}] already exists.`));

  return {
    kindOf,

    async create(scope, requestedId, input) {
      const errors = new ValidationError();
      if (requestedId !== undefined && !isUuid(requestedId)) errors.add('identityProviderId', 'invalid', `The Id [${requestedId}] is not a valid UUID.`);
      const id = requestedId !== undefined && isUuid(requestedId) ? normalizeId(requestedId) : newId();
      if (requestedId !== undefined && (await providers.find(id)) !== undefined) {
        errors.add('identityProviderId', 'duplicate', `An Identity Provider with Id [${id}] already exists.`);
      }
      const requestedTenant = input.tenantId !== undefined ? normalizeId(input.tenantId) : undefined;
      if (scope !== undefined && requestedTenant !== undefined && requestedTenant !== scope) {
        errors.add('identityProvider.tenantId', 'invalid', 'The [identityProvider.tenantId] must be the tenant this request is scoped to.');
      }
      const { provider, domains } = await prepare(id, input, requestedTenant ?? scope, undefined, errors);
      await save(() => providers.insert(provider, domains), provider);
      return provider;
    },

    retrieve: visible,

    async list(scope, type) {
      return providers.list({ ...(type !== undefined ? { type } : {}), ...(scope !== undefined ? { visibleInTenant: scope } : {}) });
    },

    async update(scope, id, input) {
      const existing = await visible(scope, id);
      const errors = new ValidationError();
      const { provider, domains } = await prepare(existing.id, input, existing.tenantId, existing, errors);
      await save(() => providers.update(provider, domains), provider);
      return provider;
    },

    async delete(scope, id) {
      const existing = await visible(scope, id);
      await providers.delete(existing.id);
    },

    async lookup(domainOrEmail, tenantId) {
      const domain = domainOrEmail.slice(domainOrEmail.lastIndexOf('@') + 1).trim().toLowerCase();
      const candidates = domain === '' ? [] : (await providers.findByDomain(domain, tenantId)).filter((p) => p.enabled);
      // In a tenant, its own provider wins over a global one for the same domain; outside any, the global one.
      const provider = candidates.find((p) => (tenantId !== undefined) === (p.tenantId !== undefined)) ?? candidates[0];
      if (provider === undefined) throw new NotFoundError();
      const kind = kinds[provider.type];
      return {
        id: provider.id,
        name: provider.name,
        type: provider.type,
        applicationIds: Object.entries(provider.applicationConfiguration).filter(([, c]) => c.enabled).map(([applicationId]) => applicationId),
        ...(kind?.details(provider) ?? {}),
        ...(provider.tenantId !== undefined ? { tenantId: provider.tenantId } : {}),
        insertInstant: provider.insertInstant,
        lastUpdateInstant: provider.lastUpdateInstant,
      };
    },
  };
}
