/**
 * Reading a Login API request before anyone is looked up: which application and tenant it acts in,
 * whether it needs an API key (401), and whether it is well formed (400).
 *
 * - `applicationId` must be a UUID (`[couldNotConvert]`) naming an application of the request's tenant
 *   (`[invalid]applicationId`).
 * - The tenant: a locked key or `X-FusionAuth-TenantId`, else the application's, else a one-time
 *   password's, else the only tenant; otherwise `[TenantIdRequired]` (FusionAuth answers that for a login
 *   without an application when several tenants exist).
 * - 401: `application.loginConfiguration.requireAuthentication`, or without an application the tenant's
 *   `loginConfiguration.requireAuthentication` (both default true), when no API key was presented.
 * - 400: `[blank]loginId` and `[blank]password`, unless a `oneTimePassword` takes their place;
 *   `[invalid]loginIdTypes` for a type that is not a login id type.
 */
import { fieldError, tenantIdRequired, UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { LoginIdType } from '../user/model.js';
import { LOGIN_ID_TYPES } from './model.js';

export interface RequestScopeDeps {
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined>; soleTenantId(): Promise<string | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
}

export interface RequestScope {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
}

export interface ScopeInput {
  readonly applicationId?: string;
  readonly explicitTenantId?: string;
  /** The tenant a presented one-time password belongs to, when there is one. */
  readonly flowTenantId?: string;
  readonly hasApiKey: boolean;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** The application named by the request, if it exists in the tenant the request is scoped to. */
async function namedApplication(deps: RequestScopeDeps, applicationId: string | undefined, explicitTenantId: string | undefined): Promise<StoredApplication | undefined> {
  if (applicationId === undefined) return undefined;
  const found = await deps.applications.find(applicationId);
  return found !== undefined && (explicitTenantId === undefined || found.tenantId === explicitTenantId) ? found : undefined;
}

/**
 * The tenant and application of a request, after the API-key requirement. Errors that concern the
 * application are thrown only after the 401 decision, so a caller without a key learns nothing.
 */
export async function resolveScope(deps: RequestScopeDeps, input: ScopeInput): Promise<RequestScope> {
  if (input.applicationId !== undefined && !isUuid(input.applicationId)) {
    throw fieldError('applicationId', 'couldNotConvert', `Invalid [applicationId]. The value [${input.applicationId}] is not a valid UUID.`);
  }
  const applicationId = input.applicationId === undefined ? undefined : normalizeId(input.applicationId);
  const application = await namedApplication(deps, applicationId, input.explicitTenantId);
  const tenantId = input.explicitTenantId ?? application?.tenantId ?? input.flowTenantId ?? (await deps.tenants.soleTenantId());
  const tenant = tenantId === undefined ? undefined : await deps.tenants.find(tenantId);
  const requireKey = application !== undefined
    ? application.loginConfiguration?.requireAuthentication !== false
    : tenant?.loginConfiguration?.requireAuthentication !== false;
  if (requireKey && !input.hasApiKey) throw new UnauthorizedError();
  if (applicationId !== undefined && application === undefined) {
    throw fieldError('applicationId', 'invalid', `The [applicationId] value [${applicationId}] is not valid. No application exists with that Id.`);
  }
  if (tenant === undefined) {
    if (input.explicitTenantId !== undefined) throw fieldError('tenantId', 'invalid', `The tenant id [${input.explicitTenantId}] does not exist.`);
    throw tenantIdRequired();
  }
  return application === undefined ? { tenant } : { tenant, application };
}

export interface PasswordCredentials {
  readonly loginId: string;
  readonly password: string;
  readonly loginIdTypes: LoginIdType[];
}

/** The login id, password and login id types of a password login, or the Errors of seed 002's 400. */
export function passwordCredentials(request: { loginId?: string; password?: string; loginIdTypes?: string[] }): PasswordCredentials {
  const errors = new ValidationError();
  if (blank(request.loginId)) errors.add('loginId', 'blank', 'You must specify the [loginId] property.');
  if (blank(request.password)) errors.add('password', 'blank', 'You must specify the [password] property.');
  const types = request.loginIdTypes ?? [];
  const unknown = types.filter((t) => !(LOGIN_ID_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    errors.add('loginIdTypes', 'invalid', `The [loginIdTypes] values [${unknown.join(', ')}] are not valid. Valid values are [${LOGIN_ID_TYPES.join(', ')}].`);
  }
  errors.throwIfAny();
  return {
    loginId: request.loginId!,
    password: request.password!,
    loginIdTypes: types.length > 0 ? (types as LoginIdType[]) : ['email', 'username'],
  };
}

export const blankValue = blank;
