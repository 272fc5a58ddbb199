/**
 * The Emails API's JSON shapes (FusionAuth docs apis/emails: _email-template-request-body,
 * _email-template-response-body-base, preview and send; client types EmailTemplate,
 * EmailTemplateRequest, PreviewRequest, SendRequest, EmailTemplateSearchCriteria). Email Templates are
 * global objects: they have no tenant.
 */
import { Type, type Static } from '@sinclair/typebox';

const Localized = () => Type.Optional(Type.Record(Type.String(), Type.String()));

export const EmailTemplateSchema = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  defaultSubject: Type.Optional(Type.String()),
  defaultFromName: Type.Optional(Type.String()),
  defaultHtmlTemplate: Type.Optional(Type.String()),
  defaultTextTemplate: Type.Optional(Type.String()),
  fromEmail: Type.Optional(Type.String()),
  localizedFromNames: Localized(),
  localizedHtmlTemplates: Localized(),
  localizedSubjects: Localized(),
  localizedTextTemplates: Localized(),
  insertInstant: Type.Optional(Type.Integer()),
  lastUpdateInstant: Type.Optional(Type.Integer()),
});
export type EmailTemplate = Static<typeof EmailTemplateSchema>;

/** The fields a client writes (id and instants are the server's). */
export const WRITABLE_FIELDS = [
  'name', 'defaultSubject', 'defaultFromName', 'defaultHtmlTemplate', 'defaultTextTemplate', 'fromEmail',
  'localizedFromNames', 'localizedHtmlTemplates', 'localizedSubjects', 'localizedTextTemplates',
] as const;

export const LOCALIZED_FIELDS = ['localizedSubjects', 'localizedFromNames', 'localizedHtmlTemplates', 'localizedTextTemplates'] as const;

export const EmailTemplateRequestSchema = Type.Object({ emailTemplate: Type.Optional(EmailTemplateSchema) });
export type EmailTemplateRequest = Static<typeof EmailTemplateRequestSchema>;

export const PreviewRequestSchema = Type.Object({
  emailTemplate: Type.Optional(EmailTemplateSchema),
  locale: Type.Optional(Type.String()),
});
export type PreviewRequest = Static<typeof PreviewRequestSchema>;

export const SendRequestSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  bccAddresses: Type.Optional(Type.Array(Type.String())),
  ccAddresses: Type.Optional(Type.Array(Type.String())),
  preferredLanguages: Type.Optional(Type.Array(Type.String())),
  requestData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  toAddresses: Type.Optional(Type.Array(Type.Object({ address: Type.Optional(Type.String()), display: Type.Optional(Type.String()) }))),
  userIds: Type.Optional(Type.Array(Type.String())),
});
export type SendRequest = Static<typeof SendRequestSchema>;

export const EMAIL_TEMPLATE_ORDER_FIELDS = ['id', 'insertInstant', 'name'] as const;
export type EmailTemplateOrderField = (typeof EMAIL_TEMPLATE_ORDER_FIELDS)[number];

export const EmailTemplateSearchCriteriaSchema = Type.Object({
  name: Type.Optional(Type.String()),
  orderBy: Type.Optional(Type.String()),
  startRow: Type.Optional(Type.Integer()),
  numberOfResults: Type.Optional(Type.Integer()),
});
export type EmailTemplateSearchCriteria = Static<typeof EmailTemplateSearchCriteriaSchema>;

export const EmailTemplateSearchRequestSchema = Type.Object({ search: Type.Optional(EmailTemplateSearchCriteriaSchema) });
