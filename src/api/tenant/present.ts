/**
 * The Tenant object as FusionAuth returns it. `TenantResponseSchema` is an allow-list: anything stored
 * that FusionAuth does not return (e.g. `jwtConfiguration.enabled`) is dropped here, recursively.
 */
import { Value } from '@sinclair/typebox/value';
import { TenantResponseSchema, type TenantResponse } from './model.js';
import type { StoredTenant } from './store.js';

export function presentTenant(tenant: StoredTenant): TenantResponse {
  return Value.Clean(TenantResponseSchema, structuredClone(tenant)) as TenantResponse;
}

/** Search results leave out the SMTP password (docs: the search response body has no `emailConfiguration.password`). */
export function presentSearchResult(tenant: StoredTenant): TenantResponse {
  const presented = presentTenant(tenant);
  if (presented.emailConfiguration !== undefined) delete presented.emailConfiguration.password;
  return presented;
}
