/**
 * What a Message Template must hold (FusionAuth docs apis/message-templates, "Request Body"): a
 * `name` and a `defaultTemplate` (`[blank]messageTemplate.<field>`), a `type` of SMS or Voice
 * (`[blank]` / `[invalid]messageTemplate.type`), and templates that parse
 * (`[invalidTemplate]messageTemplate.defaultTemplate`, and per locale under
 * `messageTemplate.localizedTemplates[<locale>]`). Uniqueness of id and name is the service's.
 *
 * Only syntax is checked when saving: the variables (`code`, `user` …) are the data of each send.
 */
import type { ValidationError } from '../../core/errors.js';
import { templateSyntaxError } from '../../email/compose.js';
import { addCoded } from '../application/search-support.js';
import { MESSAGE_TEMPLATE_TYPES, type MessageTemplate, type MessageTemplateType } from './model.js';

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** The template's type, or undefined after adding why it has none. */
export function typeOf(template: MessageTemplate, errors: ValidationError): MessageTemplateType | undefined {
  const supported = `Supported types are ${MESSAGE_TEMPLATE_TYPES.join(', ')}.`;
  if (isBlank(template.type)) {
    errors.add('messageTemplate.type', 'blank', `You must specify the [messageTemplate.type] property. ${supported}`);
    return undefined;
  }
  if ((MESSAGE_TEMPLATE_TYPES as readonly string[]).includes(template.type!)) return template.type as MessageTemplateType;
  errors.add('messageTemplate.type', 'invalid', `The message template type [${template.type}] is not supported. ${supported}`);
  return undefined;
}

/** Syntax errors of the default and localized templates. */
export function validateTemplateSyntax(template: MessageTemplate, errors: ValidationError): void {
  const error = template.defaultTemplate === undefined ? undefined : templateSyntaxError(template.defaultTemplate);
  if (error !== undefined) errors.add('messageTemplate.defaultTemplate', 'invalidTemplate', error.message);
  for (const [locale, source] of Object.entries(template.localizedTemplates ?? {})) {
    const localizedError = templateSyntaxError(source);
    if (localizedError !== undefined) {
      addCoded(errors, `messageTemplate.localizedTemplates[${locale}]`, '[invalidTemplate]messageTemplate.localizedTemplates', `[${locale}] ${localizedError.message}`);
    }
  }
}

export function validateMessageTemplate(template: MessageTemplate, errors: ValidationError): void {
  if (isBlank(template.name)) errors.add('messageTemplate.name', 'blank', 'You must specify the [messageTemplate.name] property.');
  if (isBlank(template.defaultTemplate)) {
    errors.add('messageTemplate.defaultTemplate', 'blank', 'You must specify the [messageTemplate.defaultTemplate] property.');
  }
  validateTemplateSyntax(template, errors);
}
