/**
 * Sends an Email Template to one recipient: choose the localized variant, render it with the standard
 * variables (`user`, `tenant`, `application`, `baseUrl`) plus the caller's, then hand the message to
 * the mailer. As in FusionAuth, rendering happens now (so template errors reach the caller) and
 * delivery is queued: the caller gets `delivery`, a promise of the outcome that never rejects, and may
 * await it or not. Failed deliveries are logged (template, tenant, reason — never credentials).
 * The queue lives in this process; `idle()` waits for it, and the server drains it before it closes.
 */
import type { Application } from '../api/application/model.js';
import type { Tenant } from '../api/tenant/model.js';
import { composeEmail, hasErrors, type EmailTemplateContent, type EmailTemplateErrors } from './compose.js';
import type { DeliveryResult, EmailAddress, Mailer, OutgoingEmail } from './mailer.js';
import { smtpSettingsOf, type SmtpSettings } from './smtp-settings.js';
import { baseUrlFor, displayNameOf, secureApplication, secureTenant, type RecipientUser } from './template-data.js';

export interface StoredTemplate extends EmailTemplateContent {
  readonly id?: string;
  readonly fromEmail?: string;
}

export interface TemplateLookup {
  find(id: string): Promise<StoredTemplate | undefined>;
}

export interface SendToRecipient {
  /** The tenant whose SMTP settings and default sender apply; also the `tenant` variable. */
  readonly tenant: Tenant & { readonly id?: string };
  /** The user as the Users API returns it (the `user` variable); `email` is where the message goes. */
  readonly to: RecipientUser;
  readonly application?: Application;
  /** More template variables (`verificationId`, `changePasswordId`, `state`, `requestData` …). */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Overrides `to.preferredLanguages` when choosing the localized variant. */
  readonly preferredLanguages?: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
}

export interface SendTemplateRequest extends SendToRecipient {
  readonly templateId: string;
}

export type SendOutcome =
  | { readonly status: 'queued'; readonly locale?: string; readonly delivery: Promise<DeliveryResult> }
  | { readonly status: 'templateFailed'; readonly errors: EmailTemplateErrors }
  | { readonly status: 'templateNotFound' }
  /** The tenant's SMTP configuration is incomplete (no host, port or sender): nothing is sent. */
  | { readonly status: 'notConfigured' }
  | { readonly status: 'noRecipientAddress' };

export interface TemplateSender {
  sendTemplate(request: SendTemplateRequest): Promise<SendOutcome>;
  /** The same with the template already loaded (one template, many recipients). */
  sendLoaded(template: StoredTemplate, request: SendToRecipient): SendOutcome;
  /** Resolves once every queued delivery has finished. */
  idle(): Promise<void>;
}

export interface EmailLog {
  warn(details: Record<string, unknown>, message: string): void;
}

interface Deps {
  readonly templates: TemplateLookup;
  readonly mailer: Mailer;
  /** FUSIONAUTH_APP_URL: the last fallback for `baseUrl`. */
  readonly appUrl: string;
  readonly log: EmailLog;
  /** Deliveries in flight at once; the rest wait their turn. */
  readonly concurrency?: number;
}

/** A counting semaphore: at most `limit` tasks run at once. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export function createTemplateSender({ templates, mailer, appUrl, log, concurrency = 4 }: Deps): TemplateSender {
  const pending = new Set<Promise<DeliveryResult>>();
  const limit = limiter(concurrency);

  function queue(settings: SmtpSettings, email: OutgoingEmail, context: Record<string, unknown>): Promise<DeliveryResult> {
    const delivery = limit(() => mailer.deliver(settings, email))
      .catch((error: unknown): DeliveryResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))
      .then((result) => {
        if (!result.ok) log.warn({ ...context, error: result.error }, 'Email delivery failed');
        return result;
      });
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
    return delivery;
  }

  function sendLoaded(template: StoredTemplate, request: SendToRecipient): SendOutcome {
    const { tenant, to, application } = request;
    const address = to.email?.trim();
    if (address === undefined || address === '') return { status: 'noRecipientAddress' };
    const variables: Record<string, unknown> = {
      ...request.data,
      user: to,
      tenant: secureTenant(tenant),
      ...(application !== undefined ? { application: secureApplication(application) } : {}),
      baseUrl: baseUrlFor(tenant, application, appUrl),
    };
    const composed = composeEmail(template, request.preferredLanguages ?? to.preferredLanguages ?? [], variables);
    if (hasErrors(composed.errors)) return { status: 'templateFailed', errors: composed.errors };

    const settings = smtpSettingsOf(tenant.emailConfiguration);
    const fromAddress = template.fromEmail?.trim() || settings?.defaultFromEmail;
    if (settings === undefined || fromAddress === undefined) return { status: 'notConfigured' };
    const fromName = composed.rendered.from?.trim() || settings.defaultFromName;
    const display = displayNameOf(to);
    const recipient: EmailAddress = display !== undefined ? { address, display } : { address };
    const email: OutgoingEmail = {
      from: fromName !== undefined ? { address: fromAddress, display: fromName } : { address: fromAddress },
      to: [recipient],
      ...(request.cc !== undefined ? { cc: request.cc } : {}),
      ...(request.bcc !== undefined ? { bcc: request.bcc } : {}),
      subject: composed.rendered.subject ?? '',
      ...(composed.rendered.html !== undefined ? { html: composed.rendered.html } : {}),
      ...(composed.rendered.text !== undefined ? { text: composed.rendered.text } : {}),
    };
    const delivery = queue(settings, email, { emailTemplateId: template.id, tenantId: tenant.id });
    return { status: 'queued', ...(composed.locale !== undefined ? { locale: composed.locale } : {}), delivery };
  }

  return {
    sendLoaded,
    async sendTemplate(request) {
      const template = await templates.find(request.templateId);
      if (template === undefined) return { status: 'templateNotFound' };
      return sendLoaded(template, request);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
