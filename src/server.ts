/**
 * Builds the HTTP application: the core edge (body parsing, authentication, tenant resolution, error
 * mapping), then every API group, each handed exactly the services it uses. Nothing here is global:
 * tests build as many independent servers as they like.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { apiKeyRoutes } from './api/api-key/routes.js';
import { createApiKeyService, type ApiKeyService } from './api/api-key/service.js';
import { createApiKeyStore } from './api/api-key/store.js';
import { createRoleService } from './api/application/role-service.js';
import { applicationRoleRoutes, applicationRoutes } from './api/application/routes.js';
import { createApplicationService } from './api/application/service.js';
import { createApplicationStore, type ApplicationStore, type ReferenceCleaner } from './api/application/store.js';
import { createEmailTemplateStore } from './api/email/store.js';
import { emailApi, type EmailApi } from './api/email/wiring.js';
import { createMemberService } from './api/group/member-service.js';
import { groupMemberRoutes, groupRoutes } from './api/group/routes.js';
import { createGroupService } from './api/group/service.js';
import { createGroupStore, type GroupStore } from './api/group/store.js';
import { createIdentityProviderStore } from './api/identity-provider/store.js';
import { identityProviderApi, type IdentityProviderApi } from './api/identity-provider/wiring.js';
import { samlLoginApi } from './api/identity-provider/samlv2/login-wiring.js';
import { eventLogApi } from './api/event-log/wiring.js';
import { createMessengerStore } from './api/messenger/store.js';
import { messengerApi, type MessengerApi } from './api/messenger/wiring.js';
import { createMessageTemplateStore } from './api/message-template/store.js';
import { messageTemplateApi } from './api/message-template/wiring.js';
import { jwtRoutes } from './api/jwt/routes.js';
import { loginApi } from './api/login/wiring.js';
import { twoFactorApi } from './api/two-factor/wiring.js';
import type { TokenService } from './api/jwt/service.js';
import { createTokens } from './api/jwt/wiring.js';
import { defaultTenantIssuer } from './api/key/default-issuer.js';
import { keyRoutes } from './api/key/routes.js';
import { createKeyService } from './api/key/service.js';
import { createKeyStore } from './api/key/store.js';
import { createKeyUsageFinder } from './api/key/usage.js';
import { createCombinedRegistration } from './api/registration/combined.js';
import { registrationRoutes } from './api/registration/routes.js';
import { createRegistrationService } from './api/registration/service.js';
import { createRegistrationStore } from './api/registration/store.js';
import { systemRoutes } from './api/system/routes.js';
import { userRoutes } from './api/user/routes.js';
import { createUserService } from './api/user/service.js';
import { createUserStore } from './api/user/store.js';
import { userLifecycleApi } from './api/user-lifecycle/wiring.js';
import { userImportRoutes } from './api/user-import/routes.js';
import { createUserImportService } from './api/user-import/service.js';
import { createUserImportStore } from './api/user-import/store.js';
import { userSearchRoutes } from './api/user-search/routes.js';
import { createUserActionStore } from './api/user-action/store.js';
import { userActionApi } from './api/user-action/wiring.js';
import { createUserSearchService } from './api/user-search/service.js';
import { tenantRoutes } from './api/tenant/routes.js';
import { createTenantService } from './api/tenant/service.js';
import { createTenantStore, type TenantStore } from './api/tenant/store.js';
import type { Config } from './config.js';
import { registerAuthentication } from './core/auth.js';
import { MAX_BODY_BYTES, registerBodyParsers } from './core/body-parsers.js';
import { systemClock, type Clock } from './core/clock.js';
import { createRateLimiter } from './flows/rate-limit.js';
import { registerErrorHandler, registerNotFound } from './core/error-handler.js';
import { stringifyWithoutNulls } from './core/json.js';
import { builtInPasswordSchemes } from './crypto/password/index.js';
import { registerTenantContext, requireTenantId } from './core/tenant-context.js';
import type { Database } from './db/database.js';

export interface ServerOptions {
  readonly logLevel?: string;
  readonly clock?: Clock;
}

/** What the rest of the process (start-up, Kickstart, tests) needs from a built server. */
export interface Gatehouse {
  readonly app: FastifyInstance;
  readonly tenants: TenantStore;
  readonly apiKeys: ApiKeyService;
  readonly applications: ApplicationStore;
  readonly groups: GroupStore;
  /** Access and refresh tokens (the JWT API's machinery; used by the Login API). */
  readonly tokens: TokenService;
  /** Identity providers: the SAML login verifier the Login API's `/api/identity-provider/login` calls. */
  readonly identityProviders: IdentityProviderApi;
  /** Email Templates and the sender the account flows use: `email.sender.sendTemplate({tenant, templateId, to, data})`. */
  readonly email: EmailApi;
  /** Messengers and the SMS sender the Two Factor API calls: `messengers.sendSms({messengerId, phoneNumber, textMessage, type})`. */
  readonly messengers: MessengerApi;
  apiKeyCount(): Promise<number>;
}

export function buildServer(config: Config, database: Database, options: ServerOptions = {}): Gatehouse {
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    // Request URLs can carry secrets (change-password ids, tokens in query strings): log routes, not URLs.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  app.setReplySerializer(stringifyWithoutNulls);
  registerBodyParsers(app);
  registerErrorHandler(app);
  registerNotFound(app);

  // Deleting a tenant or hard-deleting an application also removes identity providers' entries for them, in the same transaction.
  const forgetRemoved: ReferenceCleaner = (scoped, removed) => createIdentityProviderStore(scoped).forgetRemoved(removed);
  const tenants = createTenantStore(database, forgetRemoved);
  const apiKeyStore = createApiKeyStore(database);
  const apiKeys = createApiKeyService({ keys: apiKeyStore, tenants, clock });
  registerAuthentication(app, apiKeys);
  registerTenantContext(app);

  // A hook costs every request a promise and an object even when the level drops the line (≈5 µs of a
  // 90 µs GET /api/user): only added when debug lines are written (the level is fixed at start-up).
  if (app.log.level === 'debug' || app.log.level === 'trace') {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    });
  }

  systemRoutes(app, database);
  apiKeyRoutes(app, apiKeys);
  keyRoutes(app, createKeyService({
    keys: createKeyStore(database), usages: createKeyUsageFinder(database), defaultIssuer: defaultTenantIssuer(tenants), clock,
  }));
  // Message Templates: tenants and applications name them, so the store exists before their APIs.
  const messageTemplateStore = createMessageTemplateStore(database);
  tenantRoutes(app, createTenantService({
    tenants, keys: createKeyStore(database), schemes: builtInPasswordSchemes(), clock, emailTemplates: createEmailTemplateStore(database),
    userActions: createUserActionStore(database), messengers: createMessengerStore(database), messageTemplates: messageTemplateStore,
  }), tenants);
  const applications = createApplicationStore(database, forgetRemoved);
  const groups = createGroupStore(database);
  applicationRoutes(app, createApplicationService({ applications, tenants, clock, messageTemplates: messageTemplateStore }));
  applicationRoleRoutes(app, createRoleService({ applications, clock }));
  groupRoutes(app, createGroupService({ groups, applications, tenants, clock }));
  groupMemberRoutes(app, createMemberService({ groups, clock }));
  // Emails (issue 4). `users` is only called once requests arrive, after it is built below.
  const email = emailApi(app, { database, tenants, applications, retrieveUser: (id, tenantId) => users.retrieve(id, tenantId), clock, appUrl: config.appUrl });
  const registrationStore = createRegistrationStore(database);
  const registrations = createRegistrationService({ registrations: registrationStore, applications, clock });
  const users = createUserService({
    database,
    tenants,
    schemes: builtInPasswordSchemes(),
    clock,
    registrationsOf: (userId) => registrationStore.listForUser(userId),
    membershipsOf: (userId) => groups.membershipsForUser(userId),
    groupTenants: async (groupIds) => new Map((await groups.findMany(groupIds)).map((g) => [g.id, g.tenantId])),
    addMemberships: (scoped, members) => createGroupStore(scoped).addMembers(members),
  });
  // Account lifecycle (issue 4): set-password and verification emails layered over the Users service;
  // forgot/change password and verification routes. `tokens` is only called once requests arrive.
  // The tenants' rate limits (flows/rate-limit.ts): one count per server, shared by every limited request.
  const rateLimits = createRateLimiter(clock);
  const lifecycle = userLifecycleApi(app, {
    database, tenants, applications, users, sender: email.sender, schemes: builtInPasswordSchemes(), clock, rateLimits,
    revokeRefreshTokens: (userId) => tokens.revoke({ userId }, {}),
    verifyAccessToken: async (token) => (await tokens.verifyAccessToken(token)) as Record<string, unknown> | undefined,
  });
  userRoutes(app, lifecycle.users, tenants, lifecycle.lookup);
  userImportRoutes(app, createUserImportService({
    store: createUserImportStore(database), tenants, applications, groups, schemes: builtInPasswordSchemes(), clock,
  }), tenants);
  userSearchRoutes(app, createUserSearchService({
    database,
    users: createUserStore(database.db),
    registrationsOf: (userIds) => registrationStore.listForUsers(userIds),
    membershipsOf: (userIds) => groups.membershipsForUsers(userIds),
  }));
  const combined = createCombinedRegistration({ registrations, users: lifecycle.users, storeOn: createRegistrationStore });
  registrationRoutes(app, { registrations, combined, tenants, verification: (userId, registration) => lifecycle.registrationVerification(userId, registration) });
  const tokens = createTokens({ database, tenants, applications, groups, registrations: registrationStore, users, clock });
  jwtRoutes(app, { tokens, clock, requireTenantId: (request) => requireTenantId(request, tenants) });
  // User Actions (issue 3): the Login API's 409 and the failed-authentication action.
  const userActions = userActionApi(app, {
    database, tenants, applications, users, clock,
    emailTemplateExists: (id) => email.templates.exists(id),
    revokeRefreshTokens: (userId) => tokens.revoke({ userId }, {}),
  });
  loginApi(app, {
    database, tenants, applications, registrations: registrationStore, users, tokens, schemes: builtInPasswordSchemes(), prevention: userActions.prevention, clock, rateLimits,
    verificationIds: lifecycle.loginVerificationIds,
  });
  // Message Templates: the Message Templates API and the renderer of SMS codes' text.
  const messageTemplates = messageTemplateApi(app, { store: messageTemplateStore, tenants, applications, clock });
  // Multi-factor authentication (issue 5): methods, codes, the second login step, trusted devices.
  twoFactorApi(app, {
    database, tenants, applications, users, tokens, prevention: userActions.prevention, sender: email.sender, clock, rateLimits,
    verificationIds: lifecycle.loginVerificationIds,
    // `messengers` is built below; SMS codes are only sent once requests arrive.
    sms: { send: (message) => messengers.sendSms(message), compose: messageTemplates.compose },
  });
  // Identity providers (issue 6). `identityProviders.verifySamlLogin` is for the Login API's /api/identity-provider/login.
  const identityProviders = identityProviderApi(app, { database, tenants, applications, clock, baseUrl: config.appUrl });
  // The Event Log (a SAML v2 provider's debug output) and "Complete a SAML v2 Login" (issue 6 item 4).
  const eventLog = eventLogApi(app, { database, clock });
  // Messengers (issue 5): the Generic and Twilio configurations and SMS delivery for the Two Factor API.
  const messengers = messengerApi(app, { database, tenants, clock, events: eventLog });
  samlLoginApi(app, {
    database, tenants, applications, users, registrations, registrationStore, tokens, prevention: userActions.prevention,
    verify: identityProviders.verifySamlLogin, events: eventLog, clock,
  });
  void config;
  return { app, tenants, apiKeys, applications, groups, tokens, identityProviders, email, messengers, apiKeyCount: () => apiKeyStore.count() };
}
