/**
 * The "a multi-factor method was added / removed" emails: after a method is enabled or disabled, the
 * user is sent the template named by the application's `emailConfiguration.twoFactorMethodAddEmailTemplateId`
 * / `twoFactorMethodRemoveEmailTemplateId` (when the request names an application of the user's tenant
 * that sets one), else the tenant's. The template sees `method` — the method without its secret, as
 * FusionAuth's secure copy — besides the usual `user`, `tenant` and `application`.
 *
 * The change is already stored when the email goes out, so a failure to send never fails the request:
 * it is logged, like the account emails (user-lifecycle/account-email.ts). No template: nothing is sent.
 * The phone equivalents (`phoneConfiguration.twoFactorMethodAdd/RemoveTemplateId`) need Message
 * Templates, which Gatehouse does not serve yet.
 */
import type { TemplateSender } from '../../email/template-sender.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';
import type { TwoFactorMethod, User } from '../user/model.js';

export type MethodChange = 'added' | 'removed';

export interface MethodEmails {
  /** Emails the user about `method` when a template is configured for `change`. */
  send(change: MethodChange, tenant: StoredTenant, application: StoredApplication | undefined, userId: string, method: TwoFactorMethod): Promise<void>;
}

export interface MethodEmailLog {
  warn(details: Record<string, unknown>, message: string): void;
}

function templateIdOf(change: MethodChange, tenant: StoredTenant, application: StoredApplication | undefined): string | undefined {
  const fromApplication = application?.tenantId === tenant.id ? application.emailConfiguration : undefined;
  return change === 'added'
    ? fromApplication?.twoFactorMethodAddEmailTemplateId ?? tenant.emailConfiguration?.twoFactorMethodAddEmailTemplateId
    : fromApplication?.twoFactorMethodRemoveEmailTemplateId ?? tenant.emailConfiguration?.twoFactorMethodRemoveEmailTemplateId;
}

export function createMethodEmails(
  sender: Pick<TemplateSender, 'sendTemplate'>,
  users: { retrieve(id: string): Promise<User> },
  log: MethodEmailLog,
): MethodEmails {
  return {
    async send(change, tenant, application, userId, method) {
      const templateId = templateIdOf(change, tenant, application);
      if (templateId === undefined) return;
      const { secret: _secret, ...visible } = method;
      try {
        const user = await users.retrieve(userId);
        const outcome = await sender.sendTemplate({
          tenant, templateId, to: user, data: { method: visible },
          ...(application?.tenantId === tenant.id ? { application } : {}),
        });
        if (outcome.status !== 'queued') log.warn({ change, emailTemplateId: templateId, tenantId: tenant.id, userId, outcome: outcome.status }, 'Multi-factor method email not sent');
      } catch (error) {
        log.warn({ change, emailTemplateId: templateId, tenantId: tenant.id, userId, error: error instanceof Error ? error.message : String(error) }, 'Multi-factor method email not sent');
      }
    },
  };
}
