/**
 * The Users API's email side effects (seed 001 "Create a User", "Update a User"), layered over the
 * Users service so its rules stay about users:
 *
 * - `sendSetPasswordEmail`: the user gets the set-password email (application override, else tenant
 *   `setPasswordEmailTemplateId`) with a set-password id as `changePasswordId`. "If the SMTP email
 *   configuration is not complete, or disabled, this value is ignored": without complete SMTP settings
 *   or without a template (the admin UI's "Feature disabled") the request is handled as if the flag
 *   were false, so a password is then required.
 * - Verification on create: when the tenant verifies emails, the user has an email and the request
 *   neither skips verification nor sends a set-password email ("only the setup password email will be
 *   sent"), a verification is started and emailed; the response carries `emailVerificationId` (and
 *   `emailVerificationOneTimeCode` with FormField).
 * - Verification on update: the same when the email changed under `verifyEmailWhenChanged`.
 */
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { UserRequest, UserResponse } from '../user/model.js';
import type { UserService } from '../user/service.js';
import { accountTemplateId, canSendEmail } from './account-email.js';
import { applicationIn, type AccountUser, type LifecycleDeps } from './context.js';
import type { EmailVerificationService } from './email-verification.js';
import { newIdentifier } from './identifiers.js';
import type { PasswordFlowState } from './model.js';

const sameAddress = (a: string | undefined, b: string | undefined): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export function withAccountEmails(users: UserService, deps: LifecycleDeps, verification: EmailVerificationService): UserService {
  async function sendSetPassword(tenant: StoredTenant, user: AccountUser, application: StoredApplication | undefined): Promise<void> {
    const now = deps.clock.now();
    const { value, expiresInstant } = newIdentifier(tenant, 'setupPassword', now);
    const state: PasswordFlowState = { sentViaEmail: true, email: user.email!, ...(application !== undefined ? { applicationId: application.id } : {}) };
    await deps.flows.create(value, { tenantId: tenant.id, userId: user.id, kind: 'setupPassword', state, expiresInstant }, now);
    await deps.emails.send({ email: 'setPassword', tenant, to: user, ...(application !== undefined ? { application } : {}), data: { changePasswordId: value } });
  }

  async function withVerification(response: UserResponse, tenant: StoredTenant, application: StoredApplication | undefined): Promise<UserResponse> {
    const user = response.user as AccountUser;
    const started = await verification.start({ tenant, user, send: true, ...(application !== undefined ? { application } : {}) });
    return {
      ...response,
      emailVerificationId: started.verificationId,
      ...(started.oneTimeCode !== undefined ? { emailVerificationOneTimeCode: started.oneTimeCode } : {}),
    };
  }

  const verifiesEmails = (tenant: StoredTenant): boolean => tenant.emailConfiguration?.verifyEmail === true;

  return {
    ...users,

    async create(tenantId, id, request, options) {
      const tenant = await deps.tenants.find(tenantId);
      // An unknown tenant is the Users service's error to report.
      if (tenant === undefined) return users.create(tenantId, id, request, options);
      const application = await applicationIn(deps, tenantId, request.applicationId);
      const setPassword = request.sendSetPasswordEmail === true && canSendEmail(tenant) && accountTemplateId('setPassword', tenant, application) !== undefined;
      const effective: UserRequest = request.sendSetPasswordEmail === true && !setPassword ? { ...request, sendSetPasswordEmail: false } : request;
      const response = await users.create(tenantId, id, effective, options);
      const user = response.user as AccountUser;
      if (setPassword) {
        await sendSetPassword(tenant, user, application);
        return response;
      }
      if (verifiesEmails(tenant) && request.skipVerification !== true && user.email !== undefined && user.verified !== true) {
        return withVerification(response, tenant, application);
      }
      return response;
    },

    async update(id, request, explicitTenantId) {
      const before = await deps.findStoredUser(id);
      const response = await users.update(id, request, explicitTenantId);
      const user = response.user as AccountUser;
      const tenant = await deps.tenants.find(user.tenantId);
      const changed = before !== undefined && user.email !== undefined && !sameAddress(before.user.email, user.email);
      if (tenant === undefined || !changed || request.skipVerification === true || user.verified === true) return response;
      if (!verifiesEmails(tenant) || tenant.emailConfiguration?.verifyEmailWhenChanged !== true) return response;
      // The old address's pending verifications verify nothing now; start one for the new address.
      await deps.flows.deleteForUser(user.id, ['emailVerification']);
      return withVerification(response, tenant, await applicationIn(deps, user.tenantId, request.applicationId));
    },
  };
}
