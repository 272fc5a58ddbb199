/**
 * The second step of a login (seed 002 "Complete Two Factor Authentication") and its companions:
 * start a two-factor login for a known user (`/api/two-factor/start`), send a code for a pending login
 * (`/api/two-factor/send/{twoFactorId}`), and ask whether a trust id still covers a user
 * (`/api/two-factor/status`).
 *
 * Completing: 404 for an unknown, expired or used-up `twoFactorId`; 421 for a wrong code (the fifth
 * wrong code uses the id up); otherwise the remaining login checks run (423, 409, 410, 203) and the
 * login completes as the Login API's does (200, 202, 212, 213). A 203 the password step found (the
 * flow's `changePasswordReason`) is answered here, with an id Change Password accepts without a trust
 * token. A completed login returns a one-time `trustToken` (two-factor/trust.ts), bound to the Start
 * request's `trustChallenge`. With `trustComputer` a trust id (tenant
 * `twoFactorTrustIdTimeToLiveInSeconds`, default 30 days) is returned for the `fusionauth.trust` cookie
 * and later logins skip the challenge while it lives, as the application's trustPolicy allows.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { generateSecret, hashSecret } from '../../flows/secrets.js';
import type { Flow, FlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { Lockout } from '../login/lockout.js';
import { completeLogin, type CompletionDeps } from '../login/login-completion.js';
import type { LoginResponse } from '../login/model.js';
import { requiredPasswordChange } from '../login/password-change.js';
import { secondFactorRequired, type TwoFactorFlowState } from '../login/two-factor-challenge.js';
import type { StoredTenant } from '../tenant/store.js';
import type { LoginIdType, User } from '../user/model.js';
import { newOneTimeCode, type OneTimeCodes } from './codes.js';
import type { CodeDelivery } from './delivery.js';
import { invalidCode } from './method-service.js';
import { MAX_FAILED_CODES, type TwoFactorLoginRequest, type TwoFactorSendRequest, type TwoFactorStartRequest } from './model.js';
import type { TwoFactorStore } from './store.js';
import { coveringTrust, hashTrustChallenge, issueTrustId, issueTrustToken } from './trust.js';
import type { CodeChecker } from './verify.js';

type FullUser = User & { id: string; tenantId: string };

export interface LoginServiceDeps extends CompletionDeps {
  readonly store: TwoFactorStore;
  readonly flows: FlowStore;
  readonly codes: OneTimeCodes;
  readonly checker: CodeChecker;
  readonly delivery: CodeDelivery;
  readonly lockout: Lockout;
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined>; soleTenantId(): Promise<string | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  readonly users: { retrieve(id: string): Promise<User>; findIdByLoginId(tenantId: string, loginId: string, types: readonly LoginIdType[]): Promise<string | undefined> };
  readonly clock: Clock;
}

export interface TwoFactorLoginOutcome {
  readonly status: number;
  readonly body?: LoginResponse & { twoFactorTrustId?: string; trustToken?: string };
  readonly refreshTokenMaxAge?: number;
  /** Seconds the `fusionauth.trust` cookie lives, when a trust id was issued. */
  readonly trustMaxAge?: number;
}

export interface StatusOutcome {
  readonly status: 200 | 242;
  readonly body?: { trusts: { applicationId?: string; expiration: number; startInstant: number }[]; twoFactorTrustId: string };
}

export interface TwoFactorLoginService {
  start(request: TwoFactorStartRequest, explicitTenantId?: string): Promise<{ code: string; methods: LoginResponse['methods']; twoFactorId: string }>;
  sendForLogin(twoFactorId: string, request: TwoFactorSendRequest): Promise<void>;
  complete(request: TwoFactorLoginRequest, ipAddress: string | undefined, explicitTenantId?: string): Promise<TwoFactorLoginOutcome>;
  status(userId: string | undefined, applicationId: string | undefined, trustId: string | undefined, explicitTenantId?: string): Promise<StatusOutcome>;
}

export interface PendingState extends TwoFactorFlowState {
  /** A code `start` handed to the caller, usable for this login only (its SHA-256). */
  readonly startCode?: string;
  /** A code Enable Multi-Factor handed out when the user enrolled during this login (its SHA-256). */
  readonly enrolmentCode?: string;
  /** The Start request's `trustChallenge` (its SHA-256): the trust token of this login is bound to it. */
  readonly trustChallenge?: string;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** Whether `code` hashes to `stored` (a SHA-256 in hex), in constant time. */
const matchesHash = (stored: string | undefined, code: string): boolean =>
  stored !== undefined && timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(hashSecret(code), 'hex'));

export function createTwoFactorLoginService(deps: LoginServiceDeps): TwoFactorLoginService {
  const { flows, clock } = deps;

  async function fullUser(id: string): Promise<FullUser> {
    return (await deps.users.retrieve(id)) as FullUser;
  }

  async function application(id: string | undefined): Promise<StoredApplication | undefined> {
    return id === undefined ? undefined : deps.applications.find(id);
  }

  /**
   * The checks that follow the second factor (login-checks.ts order): 423, 409, 410, 203. The reason the
   * password step carried no longer holds once the password changed after the flow began.
   */
  async function afterSecondFactor(tenant: StoredTenant, app: StoredApplication | undefined, user: FullUser, flow: Flow<PendingState>, now: number): Promise<TwoFactorLoginOutcome | undefined> {
    if (user.active === false) return { status: 423 };
    const actions = await deps.lockout.preventing(user.id, app?.id, now);
    if (actions.length > 0) return { status: 409, body: { actions } };
    if (user.expiry !== undefined && user.expiry <= now) return { status: 410 };
    const carried = flow.state.changePasswordReason;
    const stillHolds = carried !== undefined && (user.passwordLastUpdateInstant ?? 0) <= flow.insertInstant;
    const change = await requiredPasswordChange(flows, deps.logins, {
      tenant, user, now, implicitTrust: true,
      ...(app !== undefined ? { applicationId: app.id } : {}),
      ...(stillHolds ? { carriedReason: carried } : {}),
    });
    return change === undefined ? undefined : { status: 203, body: { ...change } };
  }

  return {
    async start(request, explicitTenantId) {
      const errors = new ValidationError();
      if (blank(request.loginId) && blank(request.userId)) errors.add('loginId', 'blank', 'You must specify the [loginId] or the [userId] property.');
      if (!blank(request.applicationId) && !isUuid(request.applicationId!)) errors.add('applicationId', 'couldNotConvert', `Invalid [applicationId]. The value [${request.applicationId}] is not a valid UUID.`);
      if (!blank(request.userId) && !isUuid(request.userId!)) errors.add('userId', 'couldNotConvert', `Invalid [userId]. The value [${request.userId}] is not a valid UUID.`);
      errors.throwIfAny();
      const app = await application(request.applicationId === undefined ? undefined : normalizeId(request.applicationId));
      if (request.applicationId !== undefined && app === undefined) throw fieldError('applicationId', 'invalid', `The [applicationId] value [${request.applicationId}] is not valid.`);
      const tenantId = explicitTenantId ?? app?.tenantId ?? (await deps.tenants.soleTenantId());
      let userId = blank(request.userId) ? undefined : normalizeId(request.userId!);
      if (userId === undefined && tenantId !== undefined) {
        userId = await deps.users.findIdByLoginId(tenantId, request.loginId!.trim(), (request.loginIdTypes as LoginIdType[] | undefined) ?? ['email', 'username']);
      }
      const user = userId === undefined ? undefined : await deps.store.findUser(userId);
      if (user === undefined || (tenantId !== undefined && user.tenantId !== tenantId)) throw new NotFoundError();
      const tenant = await deps.tenants.find(user.tenantId);
      if (tenant === undefined) throw new NotFoundError();
      if (user.twoFactor.methods.length === 0) throw fieldError('userId', 'invalid', 'The user does not have Multi-Factor authentication enabled.');
      const now = clock.now();
      const code = blank(request.code) ? newOneTimeCode(tenant) : request.code!.trim();
      const twoFactorId = generateSecret();
      const state: PendingState = {
        authenticationType: 'PASSWORD',
        ...(app !== undefined ? { applicationId: app.id } : {}),
        ...(request.state !== undefined ? { state: request.state } : {}),
        ...(blank(request.trustChallenge) ? {} : { trustChallenge: hashTrustChallenge(request.trustChallenge!) }),
        startCode: hashSecret(code),
      };
      await flows.create(twoFactorId, {
        tenantId: tenant.id, userId: user.id, kind: 'twoFactor', state,
        expiresInstant: now + (tenant.externalIdentifierConfiguration?.twoFactorIdTimeToLiveInSeconds ?? 300) * 1000,
      }, now);
      const methods = user.twoFactor.methods.map(({ secret: _secret, ...visible }) => visible);
      return { code, methods, twoFactorId };
    },

    async sendForLogin(twoFactorId, request) {
      const flow = await flows.find<PendingState>(twoFactorId, 'twoFactor', clock.now());
      if (flow === undefined || flow.userId === undefined) throw new NotFoundError();
      const user = await deps.store.findUser(flow.userId);
      const tenant = await deps.tenants.find(flow.tenantId);
      if (user === undefined || tenant === undefined) throw new NotFoundError();
      const candidates = user.twoFactor.methods.filter((m) => m.method === 'email' || m.method === 'sms');
      const method = blank(request.methodId) ? candidates[0] : candidates.find((m) => m.id === request.methodId!.trim());
      if (method === undefined) throw fieldError('methodId', 'invalid', `The [methodId] value [${request.methodId ?? ''}] is not an email or sms method of this user.`);
      const destination = method.method === 'email' ? { kind: 'email' as const, value: method.email ?? '' } : { kind: 'sms' as const, value: method.mobilePhone ?? '' };
      const code = await deps.codes.issue(tenant, destination, user.id, clock.now());
      const app = await application(flow.state.applicationId);
      await deps.delivery.deliver(tenant, { id: user.id, ...(user.email !== undefined ? { email: user.email } : {}) }, destination, code, app);
    },

    async complete(request, ipAddress, explicitTenantId) {
      const errors = new ValidationError();
      if (blank(request.twoFactorId)) errors.add('twoFactorId', 'blank', 'You must specify the [twoFactorId] property.');
      if (blank(request.code)) errors.add('code', 'blank', 'You must specify the [code] property.');
      if (!blank(request.applicationId) && !isUuid(request.applicationId!)) {
        errors.add('applicationId', 'couldNotConvert', `Invalid [applicationId]. The value [${request.applicationId}] is not a valid UUID.`);
      }
      errors.throwIfAny();
      const twoFactorId = request.twoFactorId!.trim();
      const now = clock.now();
      const pending = await flows.find<PendingState>(twoFactorId, 'twoFactor', now);
      if (pending === undefined || pending.userId === undefined) return { status: 404 };
      if (explicitTenantId !== undefined && pending.tenantId !== explicitTenantId) return { status: 404 };
      const owner = await deps.store.findUser(pending.userId);
      if (owner === undefined) return { status: 404 };
      const code = request.code!.trim();
      const valid = matchesHash(pending.state.startCode, code) || matchesHash(pending.state.enrolmentCode, code)
        || (await deps.checker.methodCode(owner, owner.twoFactor.methods, code, now))
        || (await deps.checker.recoveryCode(owner, code, now));
      if (!valid) {
        await deps.store.recordFailure(twoFactorId, MAX_FAILED_CODES);
        throw invalidCode();
      }
      // Exactly once: of two completions racing with good codes, only one gets the flow.
      const flow = await flows.consume<PendingState>(twoFactorId, 'twoFactor', now);
      if (flow === undefined) return { status: 404 };
      const { state } = flow;
      const tenant = await deps.tenants.find(flow.tenantId);
      if (tenant === undefined) return { status: 404 };
      const applicationId = blank(request.applicationId) ? state.applicationId : normalizeId(request.applicationId!);
      const app = await application(applicationId);
      const user = await fullUser(flow.userId!);
      const ended = await afterSecondFactor(tenant, app, user, flow, now);
      if (ended !== undefined) return ended;

      const ip = request.ipAddress ?? ipAddress ?? state.ipAddress;
      const metaData = request.metaData ?? state.metaData;
      const completed = await completeLogin(deps, {
        tenant, user,
        ...(app !== undefined ? { application: app } : {}),
        authenticationType: state.authenticationType as Parameters<typeof completeLogin>[1]['authenticationType'],
        noJWT: request.noJWT ?? state.noJWT === true,
        // A step-up started by `start` (startCode) proves no password: the forgot-password id it
        // typically precedes (docs: Start → trustToken → Change Password) must survive it.
        endsPasswordFlows: state.authenticationType === 'PASSWORD' && state.startCode === undefined,
        now,
        ...(state.loginId !== undefined ? { loginId: state.loginId } : {}),
        ...(ip !== undefined ? { ipAddress: ip } : {}),
        ...(metaData !== undefined ? { metaData: metaData as NonNullable<TwoFactorLoginRequest['metaData']> } : {}),
        ...(state.state !== undefined ? { state: state.state } : {}),
        ...(state.refreshTokenAllowed === false ? { refreshTokenAllowed: false } : {}),
      });
      const trustToken = await issueTrustToken(flows, tenant, user.id, state.trustChallenge, now);
      if (request.trustComputer !== true) return { ...completed, body: { ...completed.body, trustToken } };
      const issued = await issueTrustId(flows, tenant, user.id, app?.id, now);
      return { ...completed, body: { ...completed.body, trustToken, twoFactorTrustId: issued.id }, trustMaxAge: issued.maxAge };
    },

    async status(userId, applicationId, trustId, explicitTenantId) {
      if (blank(userId) || !isUuid(userId!)) throw fieldError('userId', 'blank', 'You must specify a valid [userId].');
      const now = clock.now();
      const user = await fullUser(normalizeId(userId!));
      if (explicitTenantId !== undefined && user.tenantId !== explicitTenantId) throw new NotFoundError();
      const tenant = await deps.tenants.find(user.tenantId);
      if (tenant === undefined) throw new NotFoundError();
      const app = await application(blank(applicationId) || !isUuid(applicationId!) ? undefined : normalizeId(applicationId!));
      const found = await coveringTrust(flows, trustId, user.id, app, now);
      if (found === undefined) return { status: secondFactorRequired(tenant, app, user) ? 242 : 200 };
      return {
        status: 200,
        body: {
          trusts: [{ ...(found.state.applicationId !== undefined ? { applicationId: found.state.applicationId } : {}), expiration: found.expiresInstant, startInstant: found.state.startInstant }],
          twoFactorTrustId: trustId!.trim(),
        },
      };
    },
  };
}
