/**
 * Fixtures for the Users API tests: unique login ids, and tenant configuration (password rules,
 * blocked domains) changed or a tenant added through the Tenants API.
 */
import { randomBytes } from 'node:crypto';
import type { Tenant } from '@fusionauth/typescript-client';
import type { StoredTenant } from '../../src/api/tenant/store.js';
import type { TestServer } from './gatehouse.js';

export const PASSWORD = 'password-1234';

export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
export const uniqueName = (prefix = 'user'): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/** PATCHes the tenant (objects merge; application/json PATCH appends to arrays). */
export async function configureTenant(server: TestServer, tenantId: string, patch: Tenant): Promise<void> {
  const response = await server.client.patchTenant(tenantId, { tenant: patch });
  if (response.statusCode !== 200) throw new Error(`could not configure tenant ${tenantId}: ${response.statusCode}`);
}

/**
 * Changes the stored tenant directly, bypassing the Tenants API's validation: for states that API
 * refuses (an incomplete SMTP configuration, a strategy without its prerequisites), or to switch email
 * verification on in a test that does not care about the emails (the API then requires a verification
 * email template; tests of the emails themselves create templates and PATCH the tenant, see
 * lifecycle-fixtures.ts).
 */
export async function configureStoredTenant(server: TestServer, tenantId: string, change: (tenant: StoredTenant) => StoredTenant): Promise<void> {
  const tenants = server.running.server.tenants;
  const tenant = await tenants.find(tenantId);
  if (tenant === undefined) throw new Error(`no tenant ${tenantId}`);
  await tenants.update({ ...change(structuredClone(tenant)), lastUpdateInstant: Date.now() });
}
