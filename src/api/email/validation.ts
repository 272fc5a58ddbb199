/**
 * FusionAuth's Email Template rules (DefaultEmailTemplateService.validate): `name`, `defaultTextTemplate`,
 * `defaultHtmlTemplate` and `defaultSubject` must not be blank (`[blank]emailTemplate.<field>`); a
 * `fromEmail` must be an email address (`[notEmail]`); every template part — subject, from name, both
 * bodies, and each localized value — must be a valid template (`[invalidTemplate]emailTemplate.<field>`,
 * the message carrying the syntax error). Uniqueness of the id and name is checked by the service.
 *
 * Only syntax is checked when saving: variables are the data of each send, so a template may name
 * `${verificationId}` although nothing defines it yet.
 */
import { ValidationError } from '../../core/errors.js';
import { templateSyntaxError } from '../../email/compose.js';
import { addCoded } from '../application/search-support.js';
import { LOCALIZED_FIELDS, type EmailTemplate } from './model.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REQUIRED = ['name', 'defaultTextTemplate', 'defaultHtmlTemplate', 'defaultSubject'] as const;
const TEMPLATE_FIELDS = ['defaultSubject', 'defaultFromName', 'defaultHtmlTemplate', 'defaultTextTemplate'] as const;

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

export function validateEmailTemplate(template: EmailTemplate, errors: ValidationError): void {
  for (const field of REQUIRED) {
    if (isBlank(template[field])) errors.add(`emailTemplate.${field}`, 'blank', `You must specify the [emailTemplate.${field}] property.`);
  }
  if (template.fromEmail !== undefined && !EMAIL.test(template.fromEmail.trim())) {
    errors.add('emailTemplate.fromEmail', 'notEmail', `The [emailTemplate.fromEmail] value [${template.fromEmail}] is not a valid email address.`);
  }
  for (const field of TEMPLATE_FIELDS) {
    const source = template[field];
    const error = source === undefined ? undefined : templateSyntaxError(source);
    if (error !== undefined) errors.add(`emailTemplate.${field}`, 'invalidTemplate', error.message);
  }
  for (const field of LOCALIZED_FIELDS) {
    for (const [locale, source] of Object.entries(template[field] ?? {})) {
      const error = templateSyntaxError(source);
      if (error !== undefined) {
        addCoded(errors, `emailTemplate.${field}[${locale}]`, `[invalidTemplate]emailTemplate.${field}`, `[${locale}] ${error.message}`);
      }
    }
  }
}
