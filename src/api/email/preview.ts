/**
 * Preview an Email Template (docs, apis/emails Preview): render the template in the request with
 * sample data and return the email together with any template errors. As FusionAuth does: the
 * localized values of `locale` are used (defaults otherwise); a part that fails keeps its raw source in
 * the response and its error is reported under the *default* field's name
 * (`[invalidTemplate]emailTemplate.defaultHtmlTemplate`); the from address is the template's
 * `fromEmail` as given.
 *
 * The sample data mirrors FusionAuth's preview parameters: placeholder strings (`{{verificationId}}`)
 * for values only a real send has, a sample user and tenant, `baseUrl` `https://example.com`, a
 * `state` with a `client_id`, and a `requestData` whose every member is a placeholder. There is no
 * `application`, so templates must guard it, as they must for FusionAuth.
 */
import type { ErrorsBody } from '../../core/errors.js';
import { ValidationError } from '../../core/errors.js';
import { normalizeLocale, renderParts, sourcesFor, type EmailPart, type RenderedParts } from '../../email/compose.js';
import { Placeholder } from '../../email/render/index.js';
import type { PreviewRequest } from './model.js';

const SAMPLE_USER_ID = '00000000-0000-0000-0000-000000000001';
const SAMPLE_TENANT_ID = '00000000-0000-0000-0000-00000000000a';

const placeholder = (path: string): string => `{{${path}}}`;

function sampleUser(): Record<string, unknown> {
  const fields = ['email', 'firstName', 'lastName', 'fullName', 'middleName', 'username', 'mobilePhone', 'phoneNumber', 'imageUrl'];
  return {
    id: SAMPLE_USER_ID,
    tenantId: SAMPLE_TENANT_ID,
    active: true,
    verified: true,
    birthDate: '1970-01-01',
    ...Object.fromEntries(fields.map((field) => [field, placeholder(`user.${field}`)])),
    preferredLanguages: [],
    data: {},
    registrations: [],
    memberships: [],
    twoFactor: { methods: [], recoveryCodes: [] },
  };
}

export function previewParameters(): Record<string, unknown> {
  return {
    user: sampleUser(),
    tenant: { id: SAMPLE_TENANT_ID, name: placeholder('tenant.name'), issuer: placeholder('tenant.issuer') },
    baseUrl: 'https://example.com',
    changePasswordId: placeholder('changePasswordId'),
    code: placeholder('code'),
    verificationId: placeholder('verificationId'),
    state: { client_id: 'ab1f10dc-37a6-4f5b-9ebf-07d2118f9914' },
    requestData: new Placeholder('requestData'),
    method: { id: placeholder('method.id'), method: 'email', email: placeholder('method.email'), name: placeholder('method.name') },
    registration: { applicationId: placeholder('registration.applicationId'), roles: [], data: {} },
    event: { type: 'UserLoginSuspicious', info: {} },
    breachResult: { match: 'None', loginIds: [] },
    phase: 'start',
  };
}

const FIELD_OF: Readonly<Record<EmailPart, string>> = {
  subject: 'emailTemplate.defaultSubject',
  from: 'emailTemplate.defaultFromName',
  html: 'emailTemplate.defaultHtmlTemplate',
  text: 'emailTemplate.defaultTextTemplate',
};

export interface PreviewResponse {
  email: { from: { address?: string; display?: string }; subject?: string; html?: string; text?: string };
  errors: ErrorsBody;
}

/** The localized key matching `locale` exactly (FusionAuth looks the Locale up as given). */
function localeKey(request: PreviewRequest): string | undefined {
  if (request.locale === undefined || request.locale.trim() === '') return undefined;
  const wanted = normalizeLocale(request.locale);
  const template = request.emailTemplate ?? {};
  const keys = [template.localizedSubjects, template.localizedFromNames, template.localizedHtmlTemplates, template.localizedTextTemplates]
    .flatMap((map) => Object.keys(map ?? {}));
  return keys.find((key) => normalizeLocale(key) === wanted);
}

export function previewEmailTemplate(request: PreviewRequest): PreviewResponse {
  const template = request.emailTemplate ?? {};
  const sources: RenderedParts = sourcesFor(template, localeKey(request));
  const { rendered, errors } = renderParts(sources, previewParameters());
  const reported = new ValidationError();
  for (const [part, message] of [...Object.entries(errors.parseErrors), ...Object.entries(errors.renderErrors)] as [EmailPart, string][]) {
    reported.add(FIELD_OF[part], 'invalidTemplate', message);
  }
  const pick = (part: EmailPart): string | undefined => rendered[part] ?? sources[part];
  const display = pick('from');
  return {
    email: {
      from: { ...(template.fromEmail !== undefined ? { address: template.fromEmail } : {}), ...(display !== undefined ? { display } : {}) },
      ...(pick('subject') !== undefined ? { subject: pick('subject') } : {}),
      ...(pick('html') !== undefined ? { html: pick('html') } : {}),
      ...(pick('text') !== undefined ? { text: pick('text') } : {}),
    },
    errors: reported.body(),
  };
}
