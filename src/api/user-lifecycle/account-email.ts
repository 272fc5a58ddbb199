/**
 * The transactional emails of the account flows: which template applies (the application's override,
 * else the tenant's, as FusionAuth resolves "an application specific email template"), whether the
 * tenant can send at all (a complete SMTP configuration), and the send itself through the template
 * sender. A template that fails to render is logged and reported as not sent; the flow that wanted it
 * decides what that means for its caller.
 */
import { emailConfigured } from '../../email/smtp-settings.js';
import type { SendOutcome, TemplateSender } from '../../email/template-sender.js';
import type { RecipientUser } from '../../email/template-data.js';
import type { StoredApplication } from '../application/store.js';
import type { StoredTenant } from '../tenant/store.js';

/** The emails these flows send, by the tenant's template-id field. */
export type AccountEmail =
  | 'setPassword' | 'forgotPassword' | 'emailVerification' | 'emailVerified'
  | 'passwordUpdate' | 'passwordResetSuccess' | 'registrationVerification';

export interface AccountEmailLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** The template configured for this email: application override first, then the tenant. */
export function accountTemplateId(email: AccountEmail, tenant: StoredTenant, application?: StoredApplication): string | undefined {
  const fromTenant = tenant.emailConfiguration;
  const fromApplication = application?.emailConfiguration;
  switch (email) {
    case 'setPassword': return fromApplication?.setPasswordEmailTemplateId ?? fromTenant?.setPasswordEmailTemplateId;
    case 'forgotPassword': return fromApplication?.forgotPasswordEmailTemplateId ?? fromTenant?.forgotPasswordEmailTemplateId;
    case 'emailVerification': return fromApplication?.emailVerificationEmailTemplateId ?? fromTenant?.verificationEmailTemplateId;
    case 'emailVerified': return fromApplication?.emailVerifiedEmailTemplateId ?? fromTenant?.emailVerifiedEmailTemplateId;
    case 'passwordUpdate': return fromApplication?.passwordUpdateEmailTemplateId ?? fromTenant?.passwordUpdateEmailTemplateId;
    case 'passwordResetSuccess': return fromApplication?.passwordResetSuccessEmailTemplateId ?? fromTenant?.passwordResetSuccessEmailTemplateId;
    // Registration verification is the application's own setting (`application.verificationEmailTemplateId`).
    case 'registrationVerification': return application?.verificationEmailTemplateId;
  }
}

/** Whether the tenant's SMTP configuration is complete enough to send anything. */
export const canSendEmail = (tenant: StoredTenant): boolean => emailConfigured(tenant.emailConfiguration);

export interface AccountEmailRequest {
  readonly email: AccountEmail;
  readonly tenant: StoredTenant;
  readonly application?: StoredApplication;
  /** The user as the Users API returns it; `email` is where the message goes. */
  readonly to: RecipientUser & { readonly id?: string };
  readonly data?: Readonly<Record<string, unknown>>;
}

export type AccountEmailResult = 'queued' | 'notConfigured' | 'noTemplate' | 'templateNotFound' | 'failed';

export interface AccountEmailSender {
  /** Sends when the tenant can send and a template is configured; says what happened. */
  send(request: AccountEmailRequest): Promise<AccountEmailResult>;
}

function resultOf(outcome: SendOutcome): AccountEmailResult {
  switch (outcome.status) {
    case 'queued': return 'queued';
    case 'templateNotFound': return 'templateNotFound';
    case 'notConfigured': return 'notConfigured';
    default: return 'failed';
  }
}

export function createAccountEmailSender(sender: TemplateSender, log: AccountEmailLog): AccountEmailSender {
  return {
    async send({ email, tenant, application, to, data }) {
      const templateId = accountTemplateId(email, tenant, application);
      if (templateId === undefined) return 'noTemplate';
      if (!canSendEmail(tenant)) return 'notConfigured';
      const outcome = await sender.sendTemplate({ tenant, templateId, to, ...(application !== undefined ? { application } : {}), ...(data !== undefined ? { data } : {}) });
      const result = resultOf(outcome);
      if (result !== 'queued') {
        log.warn({ email, emailTemplateId: templateId, tenantId: tenant.id, userId: to.id, outcome: outcome.status }, 'Account email not sent');
      }
      return result;
    },
  };
}
