/**
 * Builds the Two Factor APIs from what `server.ts` already has and registers their routes. SMS goes
 * through `sms`: the Messengers API's sender (src/api/messenger) with text rendered from the Message
 * Templates API's template (src/api/message-template); without it, sending an SMS code answers that
 * no messenger is configured.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../db/database.js';
import type { TemplateSender } from '../../email/template-sender.js';
import type { RateLimiter } from '../../flows/rate-limit.js';
import { createFlowStore } from '../../flows/store.js';
import type { ApplicationStore } from '../application/store.js';
import type { ComposeMessage } from '../message-template/compose.js';
import type { SendSms } from '../messenger/delivery.js';
import type { TokenService } from '../jwt/service.js';
import { createLockout } from '../login/lockout.js';
import type { LoginVerificationIds } from '../login/login-completion.js';
import { createLoginStore } from '../login/login-store.js';
import type { TenantStore } from '../tenant/store.js';
import type { LoginPrevention } from '../user-action/login-prevention.js';
import type { User } from '../user/model.js';
import { createUserStore } from '../user/store.js';
import { createOneTimeCodes } from './codes.js';
import { createCodeDelivery } from './delivery.js';
import { createTwoFactorLoginService } from './login-service.js';
import { createMethodEmails } from './method-emails.js';
import { createMethodService } from './method-service.js';
import { twoFactorRoutes } from './routes.js';
import { createTwoFactorStore } from './store.js';
import { createCodeChecker } from './verify.js';

export interface TwoFactorWiring {
  readonly database: Database;
  readonly tenants: TenantStore;
  readonly applications: ApplicationStore;
  readonly users: { retrieve(id: string): Promise<User> };
  readonly tokens: TokenService;
  readonly prevention: LoginPrevention;
  readonly sender: Pick<TemplateSender, 'sendTemplate'>;
  /** SMS codes: the messenger sender and the Message Templates renderer (both or neither). */
  readonly sms?: { readonly send: SendSms; readonly compose: ComposeMessage };
  readonly verificationIds?: LoginVerificationIds;
  readonly clock: Clock;
  /** The tenants' rate limits (`sendTwoFactor`). */
  readonly rateLimits: RateLimiter;
}

export function twoFactorApi(app: FastifyInstance, wiring: TwoFactorWiring): void {
  const { database, clock } = wiring;
  const flows = createFlowStore(database);
  const store = createTwoFactorStore(database, flows);
  const codes = createOneTimeCodes(flows);
  const checker = createCodeChecker(store, codes);
  const delivery = createCodeDelivery(wiring.sender, wiring.sms && { ...wiring.sms, retrieveUser: (id) => wiring.users.retrieve(id) }, wiring.rateLimits);
  const emails = createMethodEmails(wiring.sender, wiring.users, { warn: (details, message) => app.log.warn(details, message) });
  const userStore = createUserStore(database.db);
  const methods = createMethodService({ store, codes, checker, delivery, emails, tenants: wiring.tenants, applications: wiring.applications, clock });
  const logins = createTwoFactorLoginService({
    store, flows, codes, checker, delivery, clock,
    lockout: createLockout(database, wiring.prevention),
    logins: createLoginStore(database),
    tenants: wiring.tenants,
    applications: wiring.applications,
    users: {
      retrieve: (id) => wiring.users.retrieve(id),
      findIdByLoginId: async (tenantId, loginId, types) => (await userStore.findByLoginId(tenantId, loginId, types))?.user.id,
    },
    tokens: { issueLoginTokens: (input) => wiring.tokens.issueLoginTokens(input) },
    ...(wiring.verificationIds !== undefined ? { verificationIds: wiring.verificationIds } : {}),
  });
  twoFactorRoutes(app, {
    methods, logins, clock,
    verifyAccessToken: async (token) => (await wiring.tokens.verifyAccessToken(token)) as Record<string, unknown> | undefined,
  });
}
