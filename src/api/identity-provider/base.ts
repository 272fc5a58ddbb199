/**
 * The base half of every provider: defaults (FusionAuth's `BaseIdentityProvider` initialisers) and the
 * rules every type shares — a unique name, known applications in `applicationConfiguration` (of the
 * provider's tenant when it has one), known tenants, and a linking strategy the type supports.
 */
import type { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { ApplicationConfiguration, IdentityProvider, IdentityProviderBase, IdentityProviderInput } from './model.js';

export interface BaseValidationDirectory {
  applicationTenant(applicationId: string): Promise<string | undefined>;
  tenantExists(tenantId: string): Promise<boolean>;
  providerNamed(name: string): Promise<IdentityProvider | undefined>;
}

/** Per-application settings with their defaults: disabled, and registrations created on first login. */
function applicationConfiguration(input: IdentityProviderInput['applicationConfiguration']): Record<string, ApplicationConfiguration> {
  const out: Record<string, ApplicationConfiguration> = {};
  for (const [applicationId, config] of Object.entries(input ?? {})) {
    out[isUuid(applicationId) ? normalizeId(applicationId) : applicationId] = { ...config, enabled: config.enabled ?? false, createRegistration: config.createRegistration ?? true };
  }
  return out;
}

/** The base fields after defaults; `tenantId` is the resolved one (read-only once created). */
export function completeBase(input: IdentityProviderInput, tenantId: string | undefined): Omit<IdentityProviderBase, 'id' | 'type' | 'insertInstant' | 'lastUpdateInstant'> {
  return {
    name: input.name ?? '',
    enabled: input.enabled ?? false,
    debug: input.debug ?? false,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(input.source !== undefined ? { source: input.source } : {}),
    data: input.data ?? {},
    applicationConfiguration: applicationConfiguration(input.applicationConfiguration),
    tenantConfiguration: input.tenantConfiguration ?? {},
    linkingStrategy: input.linkingStrategy ?? 'LinkByEmail',
    lambdaConfiguration: input.lambdaConfiguration ?? {},
    ...(input.attributeMappings !== undefined ? { attributeMappings: input.attributeMappings } : {}),
  };
}

export async function validateBase(provider: IdentityProvider, directory: BaseValidationDirectory, errors: ValidationError): Promise<void> {
  if (provider.name.trim() === '') errors.add('identityProvider.name', 'blank', 'You must specify the [identityProvider.name] property.');
  else {
    const holder = await directory.providerNamed(provider.name);
    if (holder !== undefined && holder.id !== provider.id) {
      errors.add('identityProvider.name', 'duplicate', `An Identity Provider with name [${provider.name}] already exists.`);
    }
  }
  if (provider.tenantId !== undefined && !(isUuid(provider.tenantId) && (await directory.tenantExists(provider.tenantId)))) {
    errors.add('identityProvider.tenantId', 'invalid', `The tenant [${provider.tenantId}] does not exist.`);
  }
  for (const applicationId of Object.keys(provider.applicationConfiguration)) {
    const tenant = isUuid(applicationId) ? await directory.applicationTenant(applicationId) : undefined;
    if (tenant === undefined || (provider.tenantId !== undefined && tenant !== provider.tenantId)) {
      errors.add('identityProvider.applicationConfiguration', 'invalid',
        `The application [${applicationId}] in [identityProvider.applicationConfiguration] does not exist${provider.tenantId !== undefined ? ' in the tenant of this Identity Provider' : ''}.`);
    }
  }
  for (const tenantId of Object.keys(provider.tenantConfiguration)) {
    if (!(isUuid(tenantId) && (await directory.tenantExists(tenantId)))) {
      errors.add('identityProvider.tenantConfiguration', 'invalid', `The tenant [${tenantId}] in [identityProvider.tenantConfiguration] does not exist.`);
    }
  }
  if (provider.linkingStrategy === 'Unsupported') {
    errors.add('identityProvider.linkingStrategy', 'invalid', 'The [identityProvider.linkingStrategy] [Unsupported] is only for identity providers that do not link users.');
  }
}
