/**
 * `POST /api/user/registration[/{userId}]` with a `user`: FusionAuth's "Create a User and Registration
 * (combined)". The registration is validated first, so a bad registration creates nothing; the user is
 * then created by the Users service and the registration inserted inside that same transaction, so
 * either both exist afterwards or neither does.
 */
import type { User, UserRequest } from '../user/model.js';
import type { UserService } from '../user/service.js';
import type { Database } from '../../db/database.js';
import type { RegistrationRequest, StoredRegistration } from './model.js';
import type { RegistrationService } from './service.js';
import type { RegistrationStore } from './store.js';

export interface CombinedRegistration {
  create(
    tenantId: string, userId: string | undefined, request: RegistrationRequest, userRequest: UserRequest, urlApplicationId?: string,
  ): Promise<{ user: User; registration: StoredRegistration }>;
}

interface Deps {
  readonly registrations: RegistrationService;
  readonly users: Pick<UserService, 'create'>;
  /** Builds a registration store on the user-create transaction. */
  readonly storeOn: (scoped: Database) => RegistrationStore;
}

/** The Users API half of a combined request: the user and the side fields both APIs share. */
export function userRequestOf(request: RegistrationRequest): Record<string, unknown> {
  const { registration: _r, generateAuthenticationToken: _g, skipRegistrationVerification: _s, ...shared } = request;
  return shared;
}

export function createCombinedRegistration({ registrations, users, storeOn }: Deps): CombinedRegistration {
  return {
    async create(tenantId, userId, request, userRequest, urlApplicationId) {
      const prepared = await registrations.prepare(tenantId, request, urlApplicationId);
      // The registration's application chooses application-specific email templates (set password, verification).
      const withApplication: UserRequest = { ...userRequest, applicationId: prepared.registration.applicationId };
      const { user } = await users.create(tenantId, userId, withApplication, {
        withinTransaction: async (scoped, created) => {
          if (created.id === undefined) throw new Error('the Users service created a user without an id');
          await registrations.insertPrepared(storeOn(scoped), tenantId, created.id, prepared);
        },
      });
      // `user` is read after the commit, so its `registrations` already include this one.
      return { user, registration: prepared.registration };
    },
  };
}
