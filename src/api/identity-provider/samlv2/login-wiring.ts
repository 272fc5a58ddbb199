/**
 * Builds "Complete a SAML v2 Login" from what `server.ts` already has and registers its route, so the
 * wiring there stays one call. The Login API's stores (flows, login records, the lockout's User
 * Action check) are stateless views of the database, so building them here shares every row with the
 * Login API's own.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../../core/clock.js';
import type { Database } from '../../../db/database.js';
import { createFlowStore } from '../../../flows/store.js';
import type { StoredApplication } from '../../application/store.js';
import type { EventLogWriter } from '../../event-log/service.js';
import type { TokenService } from '../../jwt/service.js';
import { createLockout } from '../../login/lockout.js';
import { createLoginStore } from '../../login/login-store.js';
import type { RegistrationService } from '../../registration/service.js';
import { createRegistrationStore, type RegistrationStore } from '../../registration/store.js';
import type { StoredTenant } from '../../tenant/store.js';
import type { LoginPrevention } from '../../user-action/login-prevention.js';
import type { UserService } from '../../user/service.js';
import { createUserStore } from '../../user/store.js';
import { createIdentityProviderLinkStore } from '../link-store.js';
import { createIdentityProviderStore } from '../store.js';
import { createSamlCompleteLogin } from './complete-login.js';
import type { SamlLoginVerifier } from './login-verifier.js';
import { samlLoginRoutes } from './login-routes.js';
import { createReconciler } from './reconcile.js';

export interface SamlLoginWiring {
  readonly database: Database;
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  readonly users: Pick<UserService, 'create' | 'retrieve'>;
  readonly registrations: Pick<RegistrationService, 'prepare' | 'insertPrepared'>;
  readonly registrationStore: Pick<RegistrationStore, 'find'>;
  readonly tokens: Pick<TokenService, 'issueLoginTokens'>;
  /** The User Actions preventing login (the 409), as the Login API uses them. */
  readonly prevention: LoginPrevention;
  /** `identityProviders.verifySamlLogin`. */
  readonly verify: SamlLoginVerifier;
  readonly events: EventLogWriter;
  readonly clock: Clock;
}

export function samlLoginApi(app: FastifyInstance, wiring: SamlLoginWiring): void {
  const { database, users, registrations } = wiring;
  const userStore = createUserStore(database.db);
  const providers = createIdentityProviderStore(database);
  const reconciler = createReconciler({
    database,
    links: createIdentityProviderLinkStore,
    findUser: async (tenantId, loginId, type) => (await userStore.findByLoginId(tenantId, loginId, [type]))?.user,
    createUser: (tenantId, request, options) => users.create(tenantId, undefined, request, options),
    isRegistered: async (userId, applicationId) => (await wiring.registrationStore.find(userId, applicationId)) !== undefined,
    prepareRegistration: (tenantId, applicationId) => registrations.prepare(tenantId, { registration: { applicationId } }),
    insertRegistration: (scoped, tenantId, userId, prepared) => registrations.insertPrepared(createRegistrationStore(scoped), tenantId, userId, prepared),
  });
  const service = createSamlCompleteLogin({
    verify: wiring.verify,
    provider: (id) => providers.find(id),
    reconciler,
    tenants: wiring.tenants,
    applications: wiring.applications,
    users: { retrieve: (id) => users.retrieve(id) },
    flows: createFlowStore(database),
    lockout: createLockout(database, wiring.prevention),
    logins: createLoginStore(database),
    tokens: wiring.tokens,
    events: wiring.events,
    clock: wiring.clock,
  });
  samlLoginRoutes(app, service, wiring.clock);
}
