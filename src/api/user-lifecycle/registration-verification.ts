/**
 * Registration verification (docs apis/registrations "Verify a User Registration", "Resend a User
 * Registration Verification Email"; seed 002 213). An application with `verifyRegistration` leaves new
 * registrations unverified (unless `skipRegistrationVerification`); a verification id (and with the
 * application's `verificationStrategy` FormField, a one-time code) is issued and sent with the
 * application's `verificationEmailTemplateId` as `verificationId` / `verificationOneTimeCode`, with
 * `registration` and `application` available to the template.
 */
import { ForbiddenError, NotFoundError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { scopedTo } from '../../db/database.js';
import { createFlowStore } from '../../flows/store.js';
import type { StoredApplication } from '../application/store.js';
import type { UserRegistration } from '../registration/model.js';
import type { StoredTenant } from '../tenant/store.js';
import { accountWrites } from './account-writes.js';
import { requireAccountUser, tenantOf, type AccountUser, type LifecycleDeps } from './context.js';
import type { RegistrationVerificationState, StartedVerification } from './model.js';
import { createVerification, loginAlias, presentedVerification } from './verification-flows.js';

export interface StartRegistrationVerification {
  readonly tenant: StoredTenant;
  readonly user: AccountUser;
  readonly application: StoredApplication;
  readonly send: boolean;
}

export interface RegistrationVerificationService {
  /** After a registration is created: starts its verification when it is unverified. */
  afterRegistration(userId: string, registration: UserRegistration & { applicationId: string }): Promise<StartedVerification | undefined>;
  start(input: StartRegistrationVerification): Promise<StartedVerification>;
  verify(input: { verificationId: string; oneTimeCode?: string; explicitTenantId?: string }): Promise<void>;
  resend(input: { tenantId: string; email: string; applicationId: string; send: boolean }): Promise<StartedVerification>;
  /** The `registrationVerificationId` of a 213 login: only with the application's FormField strategy. */
  idForLogin(tenant: StoredTenant, user: AccountUser, application: StoredApplication): Promise<string | undefined>;
}

const isFormField = (application: StoredApplication): boolean => application.verificationStrategy === 'FormField';

export function createRegistrationVerificationService(deps: LifecycleDeps): RegistrationVerificationService {
  const { flows, clock } = deps;

  async function start({ tenant, user, application, send }: StartRegistrationVerification): Promise<StartedVerification> {
    const state: RegistrationVerificationState = { applicationId: application.id };
    const started = await createVerification(flows, { tenant, kind: 'registrationVerification', userId: user.id, state, withCode: isFormField(application), now: clock.now() });
    if (send && user.email !== undefined) {
      const registration = user.registrations?.find((r) => r.applicationId === application.id);
      await deps.emails.send({
        email: 'registrationVerification', tenant, application, to: user,
        data: {
          verificationId: started.verificationId,
          ...(started.oneTimeCode !== undefined ? { verificationOneTimeCode: started.oneTimeCode } : {}),
          ...(registration !== undefined ? { registration } : {}),
        },
      });
    }
    return started;
  }

  return {
    start,

    async afterRegistration(userId, registration) {
      if (registration.verified === true) return undefined;
      const application = await deps.applications.find(registration.applicationId);
      if (application === undefined || application.verifyRegistration !== true) return undefined;
      const tenant = await tenantOf(deps, application.tenantId);
      const user = await requireAccountUser(deps, userId);
      return start({ tenant, user, application, send: true });
    },

    async verify({ verificationId, oneTimeCode, explicitTenantId }) {
      const now = clock.now();
      const flow = await presentedVerification<RegistrationVerificationState>(flows, {
        kind: 'registrationVerification', verificationId, now,
        ...(oneTimeCode !== undefined ? { oneTimeCode } : {}),
        ...(explicitTenantId !== undefined ? { explicitTenantId } : {}),
      });
      const verified = await deps.database.transaction(async (tx) => {
        const scoped = scopedTo(deps.database, tx);
        if ((await createFlowStore(scoped).consume(verificationId, 'registrationVerification', now)) === undefined) return undefined;
        return accountWrites(scoped).verifyRegistration(flow.userId, flow.state.applicationId, now);
      });
      // "The User does not exist or is not registered to the requested Application."
      if (verified === undefined) throw new NotFoundError();
    },

    async resend({ tenantId, email, applicationId, send }) {
      const tenant = await tenantOf(deps, tenantId);
      const application = isUuid(applicationId) ? await deps.applications.find(normalizeId(applicationId)) : undefined;
      if (application === undefined || application.tenantId !== tenant.id) throw new NotFoundError();
      // As Resend Verification Email does for a tenant that does not verify emails.
      if (application.verifyRegistration !== true) throw new ForbiddenError();
      const stored = await deps.findUserByLoginId(tenant.id, email.trim(), ['email']);
      if (stored === undefined) throw new NotFoundError();
      const user = await requireAccountUser(deps, stored.user.id);
      if (user.registrations?.some((r) => r.applicationId === application.id) !== true) throw new NotFoundError();
      deps.rateLimits.consume(tenant, 'sendRegistrationVerification', user.id);
      return start({ tenant, user, application, send });
    },

    async idForLogin(tenant, user, application) {
      if (!isFormField(application)) return undefined;
      const alias = await loginAlias<RegistrationVerificationState>(flows, {
        tenant, kind: 'registrationVerification', userId: user.id, now: clock.now(), matches: (state) => state.applicationId === application.id,
      });
      return alias ?? (await start({ tenant, user, application, send: true })).verificationId;
    },
  };
}
