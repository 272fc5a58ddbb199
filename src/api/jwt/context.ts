/**
 * What the token services read from other groups, passed in once by `server.ts`, and a per-call memo
 * over it: a listing of one user's refresh tokens resolves each tenant and application only once.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors.js';
import type { StoredApplication } from '../application/store.js';
import type { KeyMaterial } from '../key/service.js';
import type { PublicKeyDirectory } from '../key/public-keys.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import { jwtSettings, type JwtSettings } from './jwt-settings.js';
import type { RefreshTokenStore } from './store.js';

export interface TokenServiceDeps {
  readonly refreshTokens: RefreshTokenStore;
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  /** The full user (registrations, memberships); throws NotFoundError when there is none. */
  readonly users: { retrieve(id: string): Promise<User> };
  /** user id → tenant id, for the users among `userIds` that exist. */
  readonly userTenants: (userIds: readonly string[]) => Promise<Map<string, string>>;
  /** user id → the application ids the user is registered to. */
  readonly registeredApplications: (userIds: readonly string[]) => Promise<Map<string, readonly string[]>>;
  /** The role ids of these groups (their members inherit them). */
  readonly groupRoleIds: (groupIds: readonly string[]) => Promise<string[]>;
  readonly keys: KeyMaterial;
  readonly publicKeys: PublicKeyDirectory;
  readonly clock: Clock;
}

export type IdentifiedUser = User & { id: string; tenantId: string };

export interface TokenScope {
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  readonly settings: JwtSettings;
}

export interface Lookups {
  tenant(id: string): Promise<StoredTenant | undefined>;
  application(id: string): Promise<StoredApplication | undefined>;
  /** The tenant, application and JWT settings a token lives under; undefined if either is gone. */
  scopeOf(token: { tenantId: string; applicationId?: string }): Promise<TokenScope | undefined>;
  /** The user, or undefined. */
  user(id: string): Promise<IdentifiedUser | undefined>;
}

function memo<T>(load: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (id) => {
    let found = cache.get(id);
    if (found === undefined) cache.set(id, (found = load(id)));
    return found;
  };
}

export function lookups(deps: TokenServiceDeps): Lookups {
  const tenant = memo((id) => deps.tenants.find(id));
  const application = memo((id) => deps.applications.find(id));
  return {
    tenant,
    application,
    async scopeOf(token) {
      const found = await tenant(token.tenantId);
      if (found === undefined) return undefined;
      if (token.applicationId === undefined) return { tenant: found, settings: jwtSettings(found) };
      const app = await application(token.applicationId);
      if (app === undefined || app.tenantId !== found.id) return undefined;
      return { tenant: found, application: app, settings: jwtSettings(found, app) };
    },
    async user(id) {
      try {
        const user = await deps.users.retrieve(id);
        return user.id !== undefined && user.tenantId !== undefined ? (user as IdentifiedUser) : undefined;
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  };
}
