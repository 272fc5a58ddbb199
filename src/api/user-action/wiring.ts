/**
 * Builds the User Actions and Actioning Users APIs from what `server.ts` already has, registers their
 * routes, and hands back what the Login API needs (`prevention`: the 409 check and the
 * failed-authentication action).
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { NotFoundError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import type { ApplicationStore } from '../application/store.js';
import type { TenantStore } from '../tenant/store.js';
import type { User } from '../user/model.js';
import { createActioningService } from './actioning.js';
import { actioningRoutes } from './actioning-routes.js';
import { createUserActionLogStore } from './log-store.js';
import { createLoginPrevention, type LoginPrevention } from './login-prevention.js';
import { userActionRoutes } from './routes.js';
import { createUserActionService } from './service.js';
import { createUserActionStore } from './store.js';

export interface UserActionWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  /** The user as the Users API returns it; NotFoundError when there is none (in the tenant). */
  readonly users: { retrieve(id: string, explicitTenantId?: string): Promise<User> };
  /** Whether an Email Template exists (the Emails API). */
  readonly emailTemplateExists: (id: string) => Promise<boolean>;
  /** Revokes every refresh token of the user (the JWT API). */
  readonly revokeRefreshTokens: (userId: string) => Promise<void>;
  readonly clock: Clock;
}

export interface UserActionApi {
  readonly prevention: LoginPrevention;
}

export function userActionApi(app: FastifyInstance, wiring: UserActionWiring): UserActionApi {
  const { database, tenants, applications, clock } = wiring;
  const actions = createUserActionStore(database);
  const logs = createUserActionLogStore(database);
  const prevention = createLoginPrevention({
    logs,
    onLoginPrevented: async (tenantId, userId) => {
      const tenant = await tenants.find(tenantId);
      // FusionAuth's default for `refreshTokenRevocationPolicy.onLoginPrevented` is true.
      if (tenant?.jwtConfiguration?.refreshTokenRevocationPolicy?.onLoginPrevented !== false) await wiring.revokeRefreshTokens(userId);
    },
  });
  userActionRoutes(app, createUserActionService({ actions, emailTemplateExists: wiring.emailTemplateExists, clock }));
  actioningRoutes(app, createActioningService({
    actions,
    logs,
    findUser: async (id, explicitTenantId) => {
      try {
        const user = await wiring.users.retrieve(id, explicitTenantId);
        return { id, tenantId: user.tenantId!, ...(user.preferredLanguages !== undefined ? { preferredLanguages: user.preferredLanguages } : {}) };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    applicationExists: async (id, explicitTenantId) => {
      const application = await applications.find(id);
      return application !== undefined && (explicitTenantId === undefined || application.tenantId === explicitTenantId);
    },
    prevention,
    clock,
  }));
  return { prevention };
}
