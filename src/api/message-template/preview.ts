/**
 * Preview a Message Template (docs apis/message-templates, Preview): render the template in the
 * request with FusionAuth's sample values — `code` is always `123456`, `user` a sample user — and
 * return the message with any template errors. The template may be partial; its `type` defaults to
 * SMS. `locale` picks the localized variant it names (the default otherwise). A template that fails
 * keeps its source as the text, and the error is reported under `messageTemplate.defaultTemplate`,
 * as the Email Template preview reports under the default field.
 *
 * The response carries `previewMessage` (1.65) and the deprecated `message`, which is SMS-shaped.
 */
import { ValidationError, type ErrorsBody } from '../../core/errors.js';
import { normalizeLocale } from '../../email/compose.js';
import { previewParameters } from '../email/preview.js';
import type { MessageTemplateType, PreviewMessageTemplateRequest } from './model.js';
import { renderVariant } from './render.js';
import { missingMessageTemplate } from './service.js';
import { typeOf } from './validation.js';

const SAMPLE_CODE = '123456';

export interface PreviewMessageResponse {
  previewMessage: { type: MessageTemplateType; textMessage?: string; message?: string; locale?: string };
  message: { type: MessageTemplateType; textMessage?: string };
  errors: ErrorsBody;
}

/** The localized key matching `locale` (FusionAuth looks the Locale up as given). */
function localeKey(localized: Readonly<Record<string, string>>, locale: string | undefined): string | undefined {
  if (locale === undefined || locale.trim() === '') return undefined;
  const wanted = normalizeLocale(locale);
  return Object.keys(localized).find((key) => normalizeLocale(key) === wanted);
}

export function previewMessageTemplate(request: PreviewMessageTemplateRequest): PreviewMessageResponse {
  const template = request.messageTemplate;
  if (template === undefined) throw missingMessageTemplate();
  const invalid = new ValidationError();
  const type = template.type === undefined ? 'SMS' : typeOf(template, invalid);
  if (type === undefined) throw invalid;

  const locale = localeKey(template.localizedTemplates ?? {}, request.locale);
  const rendered = renderVariant(template, locale, { code: SAMPLE_CODE, user: previewParameters().user });
  const errors = new ValidationError();
  if (rendered.status === 'failed') errors.add('messageTemplate.defaultTemplate', 'invalidTemplate', rendered.message);
  const text = rendered.status === 'ok' ? rendered.text : rendered.source;
  const used = rendered.locale !== undefined ? { locale: rendered.locale } : {};
  return {
    previewMessage: type === 'SMS' ? { type, textMessage: text, ...used } : { type, message: text, ...used },
    message: type === 'SMS' ? { type, textMessage: text } : { type },
    errors: errors.body(),
  };
}
