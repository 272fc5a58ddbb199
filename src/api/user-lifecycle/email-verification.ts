/**
 * Email verification (seed 001 "Verify a User's Email", "Resend Verification Email"; seed 002 212).
 *
 * A verification is started for the user's current address when the tenant verifies emails: on
 * create (unless `skipVerification`, or a set-password email goes out instead), when the address
 * changes under `verifyEmailWhenChanged`, on Resend, and for a FormField 212 login. The id (and with
 * the tenant's `verificationStrategy` FormField, a one-time code) goes out with the tenant's (or the
 * application's) verification template as `verificationId` / `verificationOneTimeCode`.
 *
 * Verifying spends the id, marks the user verified (the first `verifiedInstant` is kept) and ends the
 * user's other verification ids; an id issued for an address the user no longer has verifies nothing
 * (404). The tenant's `emailVerifiedEmailTemplateId`, when set, is sent once the address is verified.
 */
import { ForbiddenError, NotFoundError } from '../../core/errors.js';
import { scopedTo } from '../../db/database.js';
import { createFlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import { accountWrites } from './account-writes.js';
import { applicationIn, requireAccountUser, tenantOf, type AccountUser, type LifecycleDeps } from './context.js';
import type { EmailVerificationState, StartedVerification } from './model.js';
import { createVerification, loginAlias, presentedVerification } from './verification-flows.js';

export interface StartEmailVerification {
  readonly tenant: StoredTenant;
  readonly user: AccountUser;
  readonly application?: StoredApplication;
  /** Email the id (false: only issue it, for the caller to deliver). */
  readonly send: boolean;
}

export interface ResendEmailVerification {
  readonly tenantId: string;
  readonly email: string;
  readonly applicationId?: string;
  readonly send: boolean;
}

export interface EmailVerificationService {
  start(input: StartEmailVerification): Promise<StartedVerification>;
  verify(input: { verificationId: string; oneTimeCode?: string; explicitTenantId?: string }): Promise<void>;
  /** The API-key form: marks the user verified without a verification id. */
  verifyUser(userId: string, explicitTenantId?: string): Promise<void>;
  resend(input: ResendEmailVerification): Promise<StartedVerification>;
  /** The `emailVerificationId` of a 212 login: only with the FormField strategy. */
  idForLogin(tenant: StoredTenant, user: AccountUser, application?: StoredApplication): Promise<string | undefined>;
}

const isFormField = (tenant: StoredTenant): boolean => tenant.emailConfiguration?.verificationStrategy === 'FormField';

export function createEmailVerificationService(deps: LifecycleDeps): EmailVerificationService {
  const { flows, clock } = deps;

  async function start({ tenant, user, application, send }: StartEmailVerification): Promise<StartedVerification> {
    if (user.email === undefined) throw new Error('an email verification needs an email address');
    const state: EmailVerificationState = { email: user.email, ...(application !== undefined ? { applicationId: application.id } : {}) };
    const started = await createVerification(flows, { tenant, kind: 'emailVerification', userId: user.id, state, withCode: isFormField(tenant), now: clock.now() });
    if (send) {
      await deps.emails.send({
        email: 'emailVerification', tenant, to: user, ...(application !== undefined ? { application } : {}),
        data: { verificationId: started.verificationId, ...(started.oneTimeCode !== undefined ? { verificationOneTimeCode: started.oneTimeCode } : {}) },
      });
    }
    return started;
  }

  /** Marks verified inside one transaction with `spend`; then notifies. 404 when nothing matched. */
  async function markVerified(userId: string, email: string | undefined, spend?: { verificationId: string }): Promise<void> {
    const now = clock.now();
    const before = await deps.database.transaction(async (tx) => {
      const scoped = scopedTo(deps.database, tx);
      const scopedFlows = createFlowStore(scoped);
      if (spend !== undefined && (await scopedFlows.consume(spend.verificationId, 'emailVerification', now)) === undefined) return undefined;
      const previous = await accountWrites(scoped).verifyEmail(userId, email, now);
      if (previous !== undefined) await scopedFlows.deleteForUser(userId, ['emailVerification']);
      return previous;
    });
    if (before === undefined) throw new NotFoundError();
    if (before.user.verified !== true) await notifyVerified(userId, before.user.tenantId);
  }

  async function notifyVerified(userId: string, tenantId: string): Promise<void> {
    const tenant = await deps.tenants.find(tenantId);
    if (tenant === undefined) return;
    const user = await requireAccountUser(deps, userId);
    await deps.emails.send({ email: 'emailVerified', tenant, to: user });
  }

  return {
    start,

    async verify({ verificationId, oneTimeCode, explicitTenantId }) {
      const flow = await presentedVerification<EmailVerificationState>(flows, {
        kind: 'emailVerification', verificationId, now: clock.now(),
        ...(oneTimeCode !== undefined ? { oneTimeCode } : {}),
        ...(explicitTenantId !== undefined ? { explicitTenantId } : {}),
      });
      await markVerified(flow.userId, flow.state.email, { verificationId });
    },

    async verifyUser(userId, explicitTenantId) {
      const user = await requireAccountUser(deps, userId, explicitTenantId);
      await markVerified(user.id, undefined);
    },

    async resend({ tenantId, email, applicationId, send }) {
      const tenant = await tenantOf(deps, tenantId);
      // FusionAuth answers 403 when the tenant does not verify emails (fusionauth-netcore-client#64).
      if (tenant.emailConfiguration?.verifyEmail !== true) throw new ForbiddenError();
      const stored = await deps.findUserByLoginId(tenant.id, email.trim(), ['email']);
      if (stored === undefined) throw new NotFoundError();
      const user = await requireAccountUser(deps, stored.user.id);
      const application = await applicationIn(deps, tenant.id, applicationId);
      // Only a resend is limited: the verification a create or an email change starts is part of that write.
      deps.rateLimits.consume(tenant, 'sendEmailVerification', user.id);
      return start({ tenant, user, send, ...(application !== undefined ? { application } : {}) });
    },

    async idForLogin(tenant, user, application) {
      if (!isFormField(tenant) || user.email === undefined) return undefined;
      const email = user.email.toLowerCase();
      const alias = await loginAlias<EmailVerificationState>(flows, {
        tenant, kind: 'emailVerification', userId: user.id, now: clock.now(), matches: (state) => state.email.toLowerCase() === email,
      });
      if (alias !== undefined) return alias;
      // Nothing pending (expired, or never sent): start one, so the user receives a code for this id.
      return (await start({ tenant, user, send: true, ...(application !== undefined ? { application } : {}) })).verificationId;
    },
  };
}
