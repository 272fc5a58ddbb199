/**
 * What a fresh FusionAuth has before anyone calls it: a tenant named "Default" with FusionAuth's
 * default configuration, signing its JWTs with an HS256 "Default signing key". Created once, in one
 * transaction, when the database holds no tenant.
 */
import { createKeyStore, type StoredKey } from '../api/key/store.js';
import { tenantDefaults } from '../api/tenant/model.js';
import { createTenantStore, type StoredTenant } from '../api/tenant/store.js';
import type { Clock } from '../core/clock.js';
import { generateHmacSecret, randomKid } from '../crypto/keys/generate.js';
import { newId } from '../core/ids.js';
import { scopedTo, type Database } from '../db/database.js';

export const DEFAULT_TENANT_NAME = 'Default';
export const DEFAULT_SIGNING_KEY_NAME = 'Default signing key';

function defaultSigningKey(now: number): StoredKey {
  return {
    key: { id: newId(), name: DEFAULT_SIGNING_KEY_NAME, algorithm: 'HS256', type: 'HMAC', kid: randomKid(), insertInstant: now, lastUpdateInstant: now },
    secret: generateHmacSecret('HS256'),
  };
}

/** Returns true when this call created the defaults (the database was empty). */
export async function ensureFirstStart(database: Database, clock: Clock, defaultTenantId?: string): Promise<boolean> {
  return database.transaction(async (tx) => {
    const existing = await tx.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
    if (existing !== undefined) return false;
    const scoped = scopedTo(database, tx);
    const now = clock.now();
    const key = defaultSigningKey(now);
    await createKeyStore(scoped).insert(key);
    const defaults = tenantDefaults();
    const tenant: StoredTenant = {
      ...defaults,
      id: defaultTenantId ?? newId(),
      name: DEFAULT_TENANT_NAME,
      jwtConfiguration: { ...defaults.jwtConfiguration, accessTokenKeyId: key.key.id, idTokenKeyId: key.key.id },
      insertInstant: now,
      lastUpdateInstant: now,
    };
    await createTenantStore(scoped).insert(tenant);
    return true;
  });
}
