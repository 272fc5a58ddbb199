/**
 * The tenant an object created through the API belongs to (FusionAuth "X-FusionAuth-TenantId" on create
 * operations): the tenant the request names (header or tenant-locked key); else the `tenantId` the body
 * gives, if it exists; else the only tenant; else `[TenantIdRequired]`. A body naming another tenant
 * than the request is refused. Shared by applications and groups.
 */
import { fieldError, tenantIdRequired } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { TenantDirectory } from '../../core/tenant-context.js';

export async function creationTenant(
  tenants: TenantDirectory,
  scope: string | undefined,
  requested: string | undefined,
  path: string,
): Promise<string> {
  const bodyTenant = requested === undefined ? undefined : normalizeId(requested);
  if (scope !== undefined) {
    if (!(await tenants.exists(scope))) throw fieldError('tenantId', 'invalid', `The tenant id [${scope}] does not exist.`);
    if (bodyTenant !== undefined && bodyTenant !== scope) {
      throw fieldError(path, 'invalid', `The [${path}] does not match the tenant of this request.`);
    }
    return scope;
  }
  if (bodyTenant !== undefined) {
    if (!isUuid(bodyTenant) || !(await tenants.exists(bodyTenant))) {
      throw fieldError(path, 'invalid', `The tenant id [${requested}] does not exist.`);
    }
    return bodyTenant;
  }
  const sole = await tenants.soleTenantId();
  if (sole === undefined) throw tenantIdRequired();
  return sole;
}
