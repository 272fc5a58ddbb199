/**
 * The issuer a generated certificate gets when the request names none: "the value of tenant.issuer on
 * the default tenant" (docs, Generate a Key, `key.issuer`). The default tenant is the one first start
 * created ("Default"); failing that, the first tenant by name; failing that, FusionAuth's `acme.com`.
 */
import { DEFAULT_TENANT_NAME } from '../../bootstrap/first-start.js';
import type { TenantStore } from '../tenant/store.js';
import { DEFAULT_ISSUER } from './model.js';

export function defaultTenantIssuer(tenants: Pick<TenantStore, 'findByName' | 'list'>): () => Promise<string> {
  return async () => {
    const tenant = (await tenants.findByName(DEFAULT_TENANT_NAME)) ?? (await tenants.list())[0];
    const issuer = tenant?.issuer?.trim();
    return issuer !== undefined && issuer !== '' ? issuer : DEFAULT_ISSUER;
  };
}
