/**
 * "Complete a SAML v2 Login" (`POST /api/identity-provider/login`, seed 003): verify the SAMLResponse
 * against a started request (login-verifier.ts: 400, 401), reconcile the user (reconcile.ts: 401, 404),
 * then finish exactly as a password login does, with the Login API's own code: the 409 of a User
 * Action preventing login (checked first, as a password login checks it before the password), the
 * ordered checks of login-checks.ts (423, 410, 242, 203) and login-completion.ts (200, 202, 212, 213:
 * the login record, `lastLoginInstant`, the tokens). The body is the Login API's, with the `state`
 * given to the start API.
 *
 * When the provider has `debug`, each request writes one Debug entry to the Event Log: how the user was
 * reconciled (or why not) and the status answered — never the SAMLResponse, a token or another secret.
 */
import type { Clock } from '../../../core/clock.js';
import { ApiError, ValidationError } from '../../../core/errors.js';
import { isUuid, normalizeId } from '../../../core/ids.js';
import type { EventLogWriter } from '../../event-log/service.js';
import type { RefreshTokenMetaData } from '../../jwt/model.js';
import type { StoredApplication } from '../../application/store.js';
import { completeLogin, recordedLoginId, type CompletionDeps } from '../../login/login-completion.js';
import { runLoginChecks, type CheckDeps } from '../../login/login-checks.js';
import type { LoginResponse } from '../../login/model.js';
import type { StoredTenant } from '../../tenant/store.js';
import type { User } from '../../user/model.js';
import type { IdentityProvider } from '../model.js';
import type { SamlLoginVerifier, VerifiedSamlLogin } from './login-verifier.js';
import type { Reconciler } from './reconcile.js';
import { UserNotReconciled } from './reconcile.js';
import { SamlResponseRejected } from './rejection.js';

/** FusionAuth's `authenticationType` for a login through a SAML v2 identity provider. */
export const SAMLV2_AUTHENTICATION_TYPE = 'SAMLv2';

export interface SamlCompleteLoginRequest {
  readonly applicationId?: string;
  readonly identityProviderId?: string;
  /** `samlResponse` (required); `relayState` and anything else are accepted and not used. */
  readonly data?: Readonly<Record<string, string>>;
  readonly metaData?: RefreshTokenMetaData;
  readonly noJWT?: boolean;
  readonly noLink?: boolean;
}

export interface SamlCompleteLoginInput {
  readonly request: SamlCompleteLoginRequest;
  /** The tenant a locked key or `X-FusionAuth-TenantId` names, if any. */
  readonly explicitTenantId?: string;
  /** The body's `ipAddress`, else `X-Forwarded-For`, else the peer. */
  readonly ipAddress: string;
}

export interface SamlLoginOutcome {
  readonly status: number;
  readonly body?: LoginResponse;
  readonly refreshTokenMaxAge?: number;
}

export interface SamlCompleteLoginDeps extends CheckDeps, CompletionDeps {
  readonly verify: SamlLoginVerifier;
  /** Any provider by id (the verifier refuses what is not SAML v2): for its `debug` flag when verification fails. */
  readonly provider: (id: string) => Promise<IdentityProvider | undefined>;
  readonly reconciler: Reconciler;
  readonly tenants: { find(id: string): Promise<StoredTenant | undefined> };
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  readonly users: { retrieve(id: string): Promise<User> };
  readonly events: EventLogWriter;
  readonly clock: Clock;
}

export interface SamlCompleteLogin {
  login(input: SamlCompleteLoginInput): Promise<SamlLoginOutcome>;
}

/** `identityProviderId` and `applicationId` are required before anything is looked up. */
function checkRequest(request: SamlCompleteLoginRequest): void {
  const errors = new ValidationError();
  for (const name of ['applicationId', 'identityProviderId'] as const) {
    const value = request[name];
    if (value === undefined || value.trim() === '') errors.add(name, 'missing', `You must specify the [${name}] property.`);
    else if (!isUuid(value)) errors.add(name, 'couldNotConvert', `Invalid [${name}]. The value [${value}] is not a valid UUID.`);
  }
  errors.throwIfAny();
}

function reasonOf(error: unknown): string | undefined {
  if (error instanceof SamlResponseRejected || error instanceof UserNotReconciled) return error.reason;
  if (error instanceof ValidationError) {
    return `The request is invalid: ${[...Object.values(error.fieldErrors).flat(), ...error.generalErrors].map((e) => e.code).join(', ')}.`;
  }
  return error instanceof ApiError ? undefined : 'An unexpected error occurred.';
}

export function createSamlCompleteLogin(deps: SamlCompleteLoginDeps): SamlCompleteLogin {
  const { clock } = deps;

  /** One Debug entry per login through a provider with `debug` on. */
  async function debugLog(provider: IdentityProvider | undefined, applicationId: string, lines: readonly string[]): Promise<void> {
    if (provider?.debug !== true) return;
    const head = `SAML v2 identity provider [${provider.name}] with Id [${provider.id}], login to the application [${applicationId}].`;
    try {
      await deps.events.write({ type: 'Debug', message: [head, ...lines].join('\n') });
    } catch {
      // A diagnostic that cannot be written must not change the login's answer.
    }
  }

  async function finish(login: VerifiedSamlLogin, input: SamlCompleteLoginInput, userId: string, now: number): Promise<SamlLoginOutcome> {
    const { request } = input;
    const tenant = await deps.tenants.find(login.tenantId);
    const application = await deps.applications.find(login.request.applicationId);
    if (tenant === undefined || application === undefined) throw new SamlResponseRejected('The tenant or application no longer exists.');
    const user = (await deps.users.retrieve(userId)) as User & { id: string; tenantId: string };
    const state = login.request.state.state;
    const loginId = recordedLoginId(user, undefined);

    const actions = await deps.lockout.preventing(user.id, application.id, now);
    if (actions.length > 0) return { status: 409, body: { actions } };
    const ended = await runLoginChecks({
      tenant,
      application,
      user,
      oneTimePassword: false,
      twoFactorState: {
        authenticationType: SAMLV2_AUTHENTICATION_TYPE,
        applicationId: application.id,
        ipAddress: input.ipAddress,
        ...(loginId !== undefined ? { loginId } : {}),
        ...(request.noJWT !== undefined ? { noJWT: request.noJWT } : {}),
        ...(request.metaData !== undefined ? { metaData: request.metaData } : {}),
        ...(state !== undefined ? { state } : {}),
      },
      now,
    }, deps);
    if (ended !== undefined) return ended;
    return completeLogin(deps, {
      tenant,
      application,
      user,
      authenticationType: SAMLV2_AUTHENTICATION_TYPE,
      noJWT: request.noJWT === true,
      // Not a password login: outstanding change-password ids and one-time passwords stay valid.
      endsPasswordFlows: false,
      now,
      ipAddress: input.ipAddress,
      ...(loginId !== undefined ? { loginId } : {}),
      ...(request.metaData !== undefined ? { metaData: request.metaData } : {}),
      ...(state !== undefined ? { state } : {}),
    });
  }

  return {
    async login(input) {
      const { request } = input;
      checkRequest(request);
      const providerId = normalizeId(request.identityProviderId!);
      const applicationId = normalizeId(request.applicationId!);
      const now = clock.now();
      let login: VerifiedSamlLogin | undefined;
      const notes: string[] = [];
      try {
        login = await deps.verify({
          identityProviderId: providerId,
          applicationId,
          ...(request.data?.samlResponse !== undefined ? { samlResponse: request.data.samlResponse } : {}),
          ...(input.explicitTenantId !== undefined ? { tenantId: input.explicitTenantId } : {}),
        });
        notes.push(`The SAML response was verified; the user's Id at the identity provider is [${login.identityProviderUserId}].`);
        const reconciled = await deps.reconciler.reconcile({ login, applicationId, noLink: request.noLink === true, now });
        notes.push(...reconciled.notes);
        const outcome = reconciled.outcome === 'notFound' ? { status: 404 } : await finish(login, input, reconciled.userId, now);
        notes.push(`Answered ${outcome.status}.`);
        await debugLog(login.identityProvider, applicationId, notes);
        return outcome;
      } catch (error) {
        const reason = reasonOf(error);
        if (reason !== undefined) {
          notes.push(`The login failed: ${reason}`);
          await debugLog(login?.identityProvider ?? (await deps.provider(providerId)), applicationId, notes);
        }
        throw error;
      }
    },
  };
}
