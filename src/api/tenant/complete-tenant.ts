/**
 * From the tenant a client sent to the tenant as it is validated and stored: the fields the server
 * owns are dropped, FusionAuth's defaults fill every gap (`mergeTenantDefaults`), and the few
 * normalizations FusionAuth applies on the way in are made.
 *
 * FusionAuth takes `issuer`, `themeId` and the JWT signing keys of a tenant that leaves them out from
 * the Default tenant (the tenant of the FusionAuth application), not from constants: a new tenant signs
 * with the Default tenant's keys and, until told otherwise, uses its issuer.
 */
import { isUuid, normalizeId } from '../../core/ids.js';
import { FUSIONAUTH_CONNECTOR_ID, mergeTenantDefaults, type Tenant } from './model.js';

/** The Default tenant's settings a new tenant inherits when it names none. */
export interface InheritedSettings {
  readonly issuer?: string;
  readonly themeId?: string;
  readonly accessTokenKeyId?: string;
  readonly idTokenKeyId?: string;
}

export interface SchemeFactors {
  /** The factor a scheme uses when none is given, if the scheme is known. */
  defaultFactor(scheme: string): number | undefined;
}

/** The tenant without what only the server sets: identity, state, instants and the ignored `jwtConfiguration.enabled`. */
export function writableTenant(input: Tenant): Tenant {
  const { id: _id, state: _state, configured: _configured, insertInstant: _i, lastUpdateInstant: _u, ...rest } = structuredClone(input);
  if (rest.jwtConfiguration !== undefined) {
    const { enabled: _enabled, ...jwt } = rest.jwtConfiguration;
    rest.jwtConfiguration = jwt;
  }
  return rest;
}

const canonicalId = (id: string): string => (isUuid(id) ? normalizeId(id) : id);

function normalize(tenant: Tenant): Tenant {
  if (tenant.name !== undefined) tenant.name = tenant.name.trim();
  const jwt = tenant.jwtConfiguration;
  if (jwt !== undefined) {
    if (jwt.accessTokenKeyId !== undefined) jwt.accessTokenKeyId = canonicalId(jwt.accessTokenKeyId);
    if (jwt.idTokenKeyId !== undefined) jwt.idTokenKeyId = canonicalId(jwt.idTokenKeyId);
    jwt.accessTokenVerificationKeyIds = [...new Set((jwt.accessTokenVerificationKeyIds ?? []).map(canonicalId))];
    jwt.idTokenVerificationKeyIds = [...new Set((jwt.idTokenVerificationKeyIds ?? []).map(canonicalId))];
  }
  // FusionAuth authenticates against its own user database when no connector policy is given.
  const policies = tenant.connectorPolicies ?? [];
  tenant.connectorPolicies = (policies.length > 0 ? policies : [{ connectorId: FUSIONAUTH_CONNECTOR_ID }])
    .map((policy) => ({ ...policy, domains: policy.domains ?? ['*'], migrate: policy.migrate ?? false }));
  // Verifying a changed email only makes sense when emails are verified at all.
  if (tenant.emailConfiguration !== undefined && tenant.emailConfiguration.verifyEmail !== true) {
    tenant.emailConfiguration.verifyEmailWhenChanged = false;
  }
  const events = tenant.eventConfiguration?.events ?? {};
  for (const [type, settings] of Object.entries(events)) {
    events[type] = { enabled: settings.enabled ?? false, transactionType: settings.transactionType ?? 'None' };
  }
  return tenant;
}

/** The tenant `input` describes, completed as FusionAuth stores it. `input` is not modified. */
export function completeTenant(input: Tenant, inherited: InheritedSettings, schemes: SchemeFactors): Tenant {
  const requested = writableTenant(input);
  if (requested.issuer === undefined && inherited.issuer !== undefined) requested.issuer = inherited.issuer;
  if (requested.themeId === undefined && inherited.themeId !== undefined) requested.themeId = inherited.themeId;
  const jwt = (requested.jwtConfiguration ??= {});
  if (jwt.accessTokenKeyId === undefined && inherited.accessTokenKeyId !== undefined) jwt.accessTokenKeyId = inherited.accessTokenKeyId;
  if (jwt.idTokenKeyId === undefined && inherited.idTokenKeyId !== undefined) jwt.idTokenKeyId = inherited.idTokenKeyId;
  // A scheme named without a factor gets that scheme's own default, not the default scheme's.
  const encryption = requested.passwordEncryptionConfiguration;
  if (encryption?.encryptionScheme !== undefined && encryption.encryptionSchemeFactor === undefined) {
    const factor = schemes.defaultFactor(encryption.encryptionScheme);
    if (factor !== undefined) encryption.encryptionSchemeFactor = factor;
  }
  return normalize(mergeTenantDefaults(requested));
}
