/**
 * Builds the token service from the stores and services `server.ts` already has, so the wiring there
 * stays one line: each dependency is narrowed to the one question the token code asks of it.
 */
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../db/database.js';
import type { ApplicationStore } from '../application/store.js';
import type { GroupStore } from '../group/store.js';
import { createPublicKeyDirectory } from '../key/public-keys.js';
import { createKeyMaterial } from '../key/service.js';
import { createKeyStore } from '../key/store.js';
import type { RegistrationStore } from '../registration/store.js';
import type { TenantStore } from '../tenant/store.js';
import type { User } from '../user/model.js';
import { createTokenService, type TokenService } from './service.js';
import { createRefreshTokenStore } from './store.js';

export interface TokenWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  readonly groups: GroupStore;
  readonly registrations: RegistrationStore;
  readonly users: { retrieve(id: string): Promise<User> };
  readonly clock: Clock;
}

export function createTokens({ database, tenants, applications, groups, registrations, users, clock }: TokenWiring): TokenService {
  const keyStore = createKeyStore(database);
  return createTokenService({
    refreshTokens: createRefreshTokenStore(database),
    tenants,
    applications,
    users,
    userTenants: (userIds) => groups.userTenants(userIds),
    registeredApplications: async (userIds) => {
      const byUser = await registrations.listForUsers(userIds);
      return new Map([...byUser].map(([userId, list]) => [userId, list.map((r) => r.applicationId)]));
    },
    groupRoleIds: async (groupIds) => (await groups.findMany(groupIds)).flatMap((g) => g.roleIds),
    keys: createKeyMaterial(keyStore),
    publicKeys: createPublicKeyDirectory(keyStore),
    clock,
  });
}
