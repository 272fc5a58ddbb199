/**
 * Turning a stored Message Template into the text of one message, as FusionAuth does for SMS and
 * voice codes: the variables are `user`, `tenant` and `application` (when there is one; secrets
 * removed, as for emails) plus the caller's (`code`, `phoneNumber` …), and the localized variant is
 * chosen from the user's preferred languages.
 */
import { secureApplication, secureTenant } from '../../email/template-data.js';
import type { Application } from '../application/model.js';
import type { Tenant } from '../tenant/model.js';
import type { MessageTemplateType } from './model.js';
import { renderMessage } from './render.js';
import type { MessageTemplateStore } from './store.js';

export interface MessageRequest {
  readonly templateId: string;
  /** The kind of message being sent: a template of another type is not used. */
  readonly type: MessageTemplateType;
  readonly tenant: Tenant;
  readonly application?: Application;
  /** The recipient as the Users API returns it (the `user` variable; its `preferredLanguages`). */
  readonly user?: { readonly preferredLanguages?: readonly string[] };
  readonly data: Readonly<Record<string, unknown>>;
}

export type ComposedMessage =
  | { readonly status: 'ok'; readonly text: string; readonly locale?: string }
  | { readonly status: 'templateNotFound' }
  | { readonly status: 'templateFailed'; readonly message: string };

export type ComposeMessage = (request: MessageRequest) => Promise<ComposedMessage>;

export function createMessageComposer(templates: Pick<MessageTemplateStore, 'find'>): ComposeMessage {
  return async ({ templateId, type, tenant, application, user, data }) => {
    const template = await templates.find(templateId.toLowerCase());
    if (template === undefined || template.type !== type) return { status: 'templateNotFound' };
    const variables: Record<string, unknown> = {
      ...data,
      ...(user !== undefined ? { user } : {}),
      tenant: secureTenant(tenant),
      ...(application !== undefined ? { application: secureApplication(application) } : {}),
    };
    const rendered = renderMessage(template, user?.preferredLanguages ?? [], variables);
    if (rendered.status === 'failed') return { status: 'templateFailed', message: rendered.message };
    return { status: 'ok', text: rendered.text, ...(rendered.locale !== undefined ? { locale: rendered.locale } : {}) };
  };
}
