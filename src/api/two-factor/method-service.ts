/**
 * Managing a user's methods (Multi-Factor APIs "Enable", "Disable", "Generate a Secret", "Send a code",
 * recovery codes). Enabling proves possession: an authenticator code computed from the secret, or a
 * one-time code sent to the email address or phone beforehand (`POST /api/two-factor/send`). The first
 * method brings ten recovery codes, returned once; removing the last method clears them. Each change
 * is then emailed to the user when the tenant (or the named application) has a template for it
 * (method-emails.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { ApiError, fieldError, NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { hashSecret } from '../../flows/secrets.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { TwoFactorMethod } from '../user/model.js';
import type { StoredTwoFactor } from '../user/two-factor-methods.js';
import { generateRecoveryCodes, newOneTimeCode, type Destination, type OneTimeCodes } from './codes.js';
import type { CodeDelivery } from './delivery.js';
import type { PendingState } from './login-service.js';
import type { MethodEmails } from './method-emails.js';
import type { TwoFactorDisableRequest, TwoFactorRequest, TwoFactorSendRequest, TwoFactorUpdateRequest } from './model.js';
import type { TwoFactorStore, TwoFactorUser } from './store.js';
import { base32ToBytes, base64ToBytes, bytesToBase32, DEFAULT_AUTHENTICATOR, matchTotp } from './totp.js';
import type { CodeChecker } from './verify.js';

export interface MethodServiceDeps {
  readonly store: TwoFactorStore;
  readonly codes: OneTimeCodes;
  readonly checker: CodeChecker;
  readonly delivery: CodeDelivery;
  readonly emails: MethodEmails;
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  readonly clock: Clock;
}

export interface MethodService {
  generateSecret(): { secret: string; secretBase32Encoded: string };
  /**
   * With a `twoFactorId` (a pending login of this user) the answer also carries a `code` that completes
   * that login (docs: Enable Multi-Factor, `twoFactorId`).
   */
  enable(userId: string, request: TwoFactorRequest, explicitTenantId?: string): Promise<{ code?: string; recoveryCodes?: string[] }>;
  /**
   * The user a `twoFactorId` identifies in place of an API key or access token: the owner of a pending
   * login who has no method yet (the 242 of a `Required` login policy). A user with methods must prove
   * one instead — enrolling a new one would skip the second factor — so anything else is a 401.
   */
  enrollingUser(twoFactorId: string | undefined): Promise<string>;
  disable(userId: string, request: TwoFactorDisableRequest, explicitTenantId?: string): Promise<void>;
  /** PUT: renames a method (client `updateTwoFactor`). */
  rename(userId: string, request: TwoFactorUpdateRequest, explicitTenantId?: string): Promise<void>;
  sendForEnableDisable(request: TwoFactorSendRequest, explicitTenantId?: string): Promise<void>;
  regenerateRecoveryCodes(userId: string, explicitTenantId?: string): Promise<string[]>;
  /** The user's unused recovery codes; 404 when the user has no method. */
  recoveryCodes(userId: string, explicitTenantId?: string): Promise<string[]>;
}

/** 421: "The code request parameter is not valid" (FusionAuth's answer to a wrong code). */
export const invalidCode = (): ApiError => new ApiError(421);

const METHOD_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function newMethodId(taken: readonly TwoFactorMethod[]): string {
  for (;;) {
    const id = [...randomBytes(4)].map((b) => METHOD_ID_ALPHABET[b % METHOD_ID_ALPHABET.length]).join('');
    if (!taken.some((m) => m.id === id)) return id;
  }
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

export function createMethodService(deps: MethodServiceDeps): MethodService {
  const { store, codes, checker, clock } = deps;

  async function userIn(userId: string, explicitTenantId: string | undefined): Promise<TwoFactorUser> {
    const user = await store.findUser(userId);
    if (user === undefined || (explicitTenantId !== undefined && user.tenantId !== explicitTenantId)) throw new NotFoundError();
    return user;
  }

  async function tenantOf(user: TwoFactorUser): Promise<StoredTenant> {
    const tenant = await deps.tenants.find(user.tenantId);
    if (tenant === undefined) throw new NotFoundError();
    return tenant;
  }

  /** The application a request names, for its email templates (none when the id names nothing). */
  async function namedApplication(applicationId: string | undefined): Promise<StoredApplication | undefined> {
    return blank(applicationId) || !isUuid(applicationId!) ? undefined : deps.applications.find(normalizeId(applicationId!));
  }

  /** The method to add, after its proof of possession; throws 400 or 421. */
  /** `step`: the TOTP step the enabling code used, which must not log in again (codes are used once). */
  async function provenMethod(user: TwoFactorUser, tenant: StoredTenant, request: TwoFactorRequest, now: number): Promise<TwoFactorMethod & { step?: number }> {
    const errors = new ValidationError();
    const method = request.method?.trim();
    if (blank(method)) errors.add('method', 'blank', 'You must specify the [method] property.');
    else if (!['authenticator', 'email', 'sms'].includes(method!)) errors.add('method', 'invalid', 'The [method] property must be one of [authenticator, email, sms].');
    if (blank(request.code)) errors.add('code', 'blank', 'You must specify the [code] property.');
    const existing = user.twoFactor.methods;
    if (method === 'authenticator') {
      if (blank(request.secret) && blank(request.secretBase32Encoded)) errors.add('secret', 'blank', 'You must specify the [secret] or [secretBase32Encoded] property.');
      if (existing.some((m) => m.method === 'authenticator')) errors.add('method', 'duplicate', 'The user already has an [authenticator] method enabled.');
    }
    if (method === 'email' && blank(request.email)) errors.add('email', 'blank', 'You must specify the [email] property.');
    if (method === 'sms' && blank(request.mobilePhone)) errors.add('mobilePhone', 'blank', 'You must specify the [mobilePhone] property.');
    if (method === 'email' && existing.some((m) => m.method === 'email' && m.email?.toLowerCase() === request.email?.trim().toLowerCase())) {
      errors.add('email', 'duplicate', 'The user already has an [email] method for this address.');
    }
    if (method === 'sms' && existing.some((m) => m.method === 'sms' && m.mobilePhone === request.mobilePhone?.trim())) {
      errors.add('mobilePhone', 'duplicate', 'The user already has an [sms] method for this number.');
    }
    if (method !== undefined && tenant.multiFactorConfiguration?.[method as 'authenticator' | 'email' | 'sms']?.enabled === false) {
      errors.add('method', 'disabled', `The [${method}] method is not enabled for this tenant.`);
    }
    errors.throwIfAny();
    const code = request.code!.trim();
    const name = request.name !== undefined ? { name: request.name } : {};
    if (method === 'authenticator') {
      const configured = tenant.multiFactorConfiguration?.authenticator;
      const authenticator = {
        algorithm: configured?.algorithm ?? DEFAULT_AUTHENTICATOR.algorithm,
        codeLength: configured?.codeLength ?? DEFAULT_AUTHENTICATOR.codeLength,
        timeStep: configured?.timeStep ?? DEFAULT_AUTHENTICATOR.timeStep,
      };
      const bytes = !blank(request.secretBase32Encoded) ? base32ToBytes(request.secretBase32Encoded!) : base64ToBytes(request.secret!);
      const counter = bytes.length === 0 ? undefined : matchTotp(bytes, authenticator, code, now);
      if (counter === undefined) throw invalidCode();
      return { method: 'authenticator', authenticator, secret: Buffer.from(bytes).toString('base64'), ...name, step: counter };
    }
    const destination: Destination = method === 'email' ? { kind: 'email', value: request.email!.trim() } : { kind: 'sms', value: request.mobilePhone!.trim() };
    if (!(await codes.use(destination, code, now))) throw invalidCode();
    return method === 'email' ? { method: 'email', email: destination.value, ...name } : { method: 'sms', mobilePhone: destination.value, ...name };
  }

  return {
    generateSecret() {
      const bytes = new Uint8Array(randomBytes(20));
      return { secret: Buffer.from(bytes).toString('base64'), secretBase32Encoded: bytesToBase32(bytes) };
    },

    async enrollingUser(twoFactorId) {
      const pending = blank(twoFactorId) ? undefined : await store.flows.find(twoFactorId!.trim(), 'twoFactor', clock.now());
      const user = pending?.userId === undefined ? undefined : await store.findUser(pending.userId);
      if (user === undefined || user.twoFactor.methods.length > 0) throw new UnauthorizedError();
      return user.id;
    },

    async enable(userId, request, explicitTenantId) {
      const user = await userIn(userId, explicitTenantId);
      const now = clock.now();
      const tenant = await tenantOf(user);
      const pendingLogin = blank(request.twoFactorId) ? undefined : request.twoFactorId!.trim();
      if (pendingLogin !== undefined && (await store.flows.find(pendingLogin, 'twoFactor', now))?.userId !== user.id) {
        throw fieldError('twoFactorId', 'invalid', 'The [twoFactorId] is not a pending Multi-Factor login of this user.');
      }
      const { step, ...method } = await provenMethod(user, tenant, request, now);
      const id = newMethodId(user.twoFactor.methods);
      const result = await store.updateTwoFactor(userId, now, (current) => {
        if (current.methods.some((m) => m.id === id)) return undefined;
        const added = { ...method, id };
        const fresh = (current.recoveryCodes ?? []).length === 0 ? generateRecoveryCodes() : undefined;
        const next: StoredTwoFactor = { methods: [...current.methods, added], recoveryCodes: fresh ?? current.recoveryCodes ?? [] };
        return { next, result: fresh !== undefined ? { recoveryCodes: fresh } : {} };
      });
      if (result === undefined) throw new NotFoundError();
      if (step !== undefined) {
        const timeStep = (method.authenticator?.timeStep ?? DEFAULT_AUTHENTICATOR.timeStep) * 1000;
        await store.claimOnce(user.tenantId, user.id, `${id}:${step}`, Math.max((step + 2) * timeStep + 1, now + 1), now);
      }
      await deps.emails.send('added', tenant, await namedApplication(request.applicationId), user.id, { ...method, id });
      if (pendingLogin === undefined) return result;
      const code = newOneTimeCode(tenant);
      const enrolment: Partial<PendingState> = { enrolmentCode: hashSecret(code) };
      await store.patchFlowState(pendingLogin, enrolment);
      return { ...result, code };
    },

    async disable(userId, request, explicitTenantId) {
      const user = await userIn(userId, explicitTenantId);
      const errors = new ValidationError();
      if (blank(request.methodId)) errors.add('methodId', 'blank', 'You must specify the [methodId] property.');
      if (blank(request.code)) errors.add('code', 'blank', 'You must specify the [code] property.');
      errors.throwIfAny();
      const method = user.twoFactor.methods.find((m) => m.id === request.methodId!.trim());
      if (method === undefined) throw fieldError('methodId', 'invalid', `The [methodId] value [${request.methodId}] is not a method of this user.`);
      const now = clock.now();
      const proven = (await checker.methodCode(user, [method], request.code!, now)) || (await checker.recoveryCode(user, request.code!, now));
      if (!proven) throw invalidCode();
      await store.updateTwoFactor(userId, now, (current) => {
        const methods = current.methods.filter((m) => m.id !== method.id);
        // FusionAuth clears the recovery codes with the last method.
        return { next: { methods, recoveryCodes: methods.length === 0 ? [] : current.recoveryCodes ?? [] }, result: true };
      });
      await deps.emails.send('removed', await tenantOf(user), await namedApplication(request.applicationId), user.id, method);
    },

    async rename(userId, request, explicitTenantId) {
      const user = await userIn(userId, explicitTenantId);
      if (blank(request.methodId)) throw fieldError('methodId', 'blank', 'You must specify the [methodId] property.');
      const methodId = request.methodId!.trim();
      if (!user.twoFactor.methods.some((m) => m.id === methodId)) throw fieldError('methodId', 'invalid', `The [methodId] value [${methodId}] is not a method of this user.`);
      await store.updateTwoFactor(userId, clock.now(), (current) => ({
        next: {
          ...current,
          methods: current.methods.map((m) => {
            if (m.id !== methodId) return m;
            const { name: _name, ...rest } = m;
            return blank(request.name) ? rest : { ...rest, name: request.name!.trim() };
          }),
        },
        result: true,
      }));
    },

    async sendForEnableDisable(request, explicitTenantId) {
      const errors = new ValidationError();
      let destination: Destination | undefined;
      let user: TwoFactorUser | undefined;
      if (!blank(request.userId)) user = await userIn(request.userId!.trim(), explicitTenantId);
      if (!blank(request.methodId)) {
        if (user === undefined) errors.add('userId', 'blank', 'You must specify the [userId] property with a [methodId].');
        const method = user?.twoFactor.methods.find((m) => m.id === request.methodId!.trim());
        if (user !== undefined && method === undefined) errors.add('methodId', 'invalid', `The [methodId] value [${request.methodId}] is not a method of this user.`);
        if (method?.method === 'authenticator') errors.add('methodId', 'invalid', 'A code cannot be sent to an [authenticator] method.');
        if (method?.method === 'email' && method.email !== undefined) destination = { kind: 'email', value: method.email };
        if (method?.method === 'sms' && method.mobilePhone !== undefined) destination = { kind: 'sms', value: method.mobilePhone };
      } else if (!blank(request.email)) {
        destination = { kind: 'email', value: request.email!.trim() };
      } else if (!blank(request.mobilePhone)) {
        destination = { kind: 'sms', value: request.mobilePhone!.trim() };
      } else {
        errors.add('method', 'blank', 'You must specify an [email], a [mobilePhone] or a [methodId].');
      }
      if (user === undefined && explicitTenantId === undefined) errors.add('userId', 'blank', 'You must specify the [userId] property or a tenant.');
      errors.throwIfAny();
      const tenant = user !== undefined ? await tenantOf(user) : await deps.tenants.find(explicitTenantId!);
      if (tenant === undefined) throw new NotFoundError();
      const now = clock.now();
      const code = await codes.issue(tenant, destination!, user?.id, now);
      const application = await namedApplication(request.applicationId);
      await deps.delivery.deliver(tenant, user === undefined ? undefined : { id: user.id, ...(user.email !== undefined ? { email: user.email } : {}) }, destination!, code, application);
    },

    async regenerateRecoveryCodes(userId, explicitTenantId) {
      const user = await userIn(userId, explicitTenantId);
      if (user.twoFactor.methods.length === 0) throw fieldError('userId', 'invalid', 'The user does not have Multi-Factor authentication enabled.');
      const fresh = generateRecoveryCodes();
      await store.updateTwoFactor(userId, clock.now(), (current) => ({ next: { ...current, recoveryCodes: fresh }, result: true }));
      return fresh;
    },

    async recoveryCodes(userId, explicitTenantId) {
      const user = await userIn(userId, explicitTenantId);
      if (user.twoFactor.methods.length === 0) throw new NotFoundError();
      return user.twoFactor.recoveryCodes ?? [];
    },
  };
}
