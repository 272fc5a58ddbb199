/**
 * Start Forgot Password Workflow (seed 001). Creates a change-password id (a flow row living the
 * tenant's `changePasswordIdTimeToLiveInSeconds`) and, unless an API-key caller says
 * `sendForgotPasswordEmail: false`, emails it with the forgot-password template (application override,
 * else tenant) as `changePasswordId`, with the request's `state`.
 *
 *   404  no user has the login id
 *   403  an email is wanted but no forgot-password template is configured ("Feature Disabled")
 *   422  an email is wanted but the user has neither `email` nor `data.email`
 *   429  the tenant's `rateLimitConfiguration.forgotPassword` is exceeded for the user (for an unknown
 *        login id, for that login id: FusionAuth counts those too, then answers 404 until the limit)
 *
 * When the template is set but the SMTP configuration is incomplete, the workflow starts without an
 * email ("If the email configuration is complete, the user will be sent the forgot password email").
 * Only an API-key caller may choose the id or skip the email, and only it gets the id back.
 */
import { ApiError, fieldError, ForbiddenError, NotFoundError } from '../../core/errors.js';
import { asUniqueViolation, UniqueViolation } from '../../db/database.js';
import type { LoginIdType, User } from '../user/model.js';
import { accountTemplateId, canSendEmail } from './account-email.js';
import { applicationIn, requireAccountUser, tenantOf, type LifecycleDeps } from './context.js';
import { newIdentifier } from './identifiers.js';
import type { PasswordFlowState } from './model.js';

export interface ForgotPasswordInput {
  readonly tenantId: string;
  readonly loginId: string;
  readonly loginIdTypes: readonly LoginIdType[];
  readonly applicationId?: string;
  /** Caller-chosen id (API key only). */
  readonly changePasswordId?: string;
  readonly sendEmail: boolean;
  readonly state?: Record<string, unknown>;
}

export interface ForgotPasswordService {
  /** Answers the change-password id (the route shows it to API-key callers only). */
  start(input: ForgotPasswordInput): Promise<string>;
}

/** 422 with an empty body: "The User does not have an email address". */
class NoEmailAddress extends ApiError {
  constructor() {
    super(422);
  }
}

/** Where a forgot-password email goes: `email`, else a string `data.email` (seed 001). */
export function forgotPasswordAddress(user: User): string | undefined {
  const candidates = [user.email, user.data?.email];
  const found = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return found?.trim();
}

export function createForgotPasswordService(deps: LifecycleDeps): ForgotPasswordService {
  return {
    async start(input) {
      const tenant = await tenantOf(deps, input.tenantId);
      const stored = await deps.findUserByLoginId(tenant.id, input.loginId.trim(), input.loginIdTypes);
      if (stored === undefined) {
        deps.rateLimits.consume(tenant, 'forgotPassword', input.loginId);
        throw new NotFoundError();
      }
      const user = await requireAccountUser(deps, stored.user.id);
      const application = await applicationIn(deps, tenant.id, input.applicationId);

      const address = forgotPasswordAddress(user);
      if (input.sendEmail) {
        if (accountTemplateId('forgotPassword', tenant, application) === undefined) throw new ForbiddenError();
        if (address === undefined) throw new NoEmailAddress();
      }
      const sending = input.sendEmail && canSendEmail(tenant);
      deps.rateLimits.consume(tenant, 'forgotPassword', user.id);

      const now = deps.clock.now();
      const generated = newIdentifier(tenant, 'changePassword', now);
      const changePasswordId = input.changePasswordId ?? generated.value;
      const state: PasswordFlowState = {
        sentViaEmail: sending,
        ...(sending ? { email: address } : {}),
        ...(application !== undefined ? { applicationId: application.id } : {}),
        ...(input.state !== undefined ? { state: input.state } : {}),
      };
      try {
        await deps.flows.create(changePasswordId, { tenantId: tenant.id, userId: user.id, kind: 'changePassword', state, expiresInstant: generated.expiresInstant }, now);
      } catch (error) {
        if (asUniqueViolation(error) instanceof UniqueViolation) {
          throw fieldError('changePasswordId', 'duplicate', 'The [changePasswordId] is already in use. Omit it to let FusionAuth generate one.');
        }
        throw error;
      }

      if (sending) {
        const result = await deps.emails.send({
          email: 'forgotPassword', tenant, to: { ...user, email: address! }, ...(application !== undefined ? { application } : {}),
          data: { changePasswordId, ...(input.state !== undefined ? { state: input.state } : {}) },
        });
        if (result !== 'queued') {
          // The id cannot reach the user: spend it so it cannot be used as if it had been emailed.
          await deps.flows.consume(changePasswordId, 'changePassword', now);
          if (result === 'templateNotFound') throw new ForbiddenError();
          throw new Error(`the forgot password email could not be sent (${result})`);
        }
      }
      return changePasswordId;
    },
  };
}
