/**
 * Send an Email (docs apis/emails; FusionAuth's SendAction and UserService.sendEmail):
 *  - at least one of `userIds` / `toAddresses` (`[empty]userIds`), an existing `applicationId`
 *    (`[invalid]applicationId`), then the template must exist (404);
 *  - user ids that name no user (in the request's tenant), and users without an email, are skipped;
 *    with nobody left to send to the answer is 200 with an empty body;
 *  - otherwise each recipient's email is rendered now and queued, and the answer is 202 with the
 *    template errors of those that could not be rendered (`results` by user id, `anonymousResults` by
 *    address) — an empty body means every email was queued. SMTP failures happen later and are logged.
 *
 * Templates see `user`, `tenant`, `application` (with `applicationId`), `baseUrl` and `requestData`;
 * the variables only FusionAuth's own flows provide (`verificationId`, `changePasswordId` …) hold
 * FusionAuth's "for testing purposes only" placeholder, so stock templates can be test-sent.
 */
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { EmailTemplateErrors } from '../../email/compose.js';
import type { RecipientUser } from '../../email/template-data.js';
import type { SendOutcome, TemplateSender } from '../../email/template-sender.js';
import type { Application } from '../application/model.js';
import type { Tenant } from '../tenant/model.js';
import type { SendRequest } from './model.js';
import type { EmailTemplateStore } from './store.js';

type TenantWithId = Tenant & { id: string };
type UserWithTenant = RecipientUser & { id?: string; tenantId?: string };

export interface SendDeps {
  readonly templates: Pick<EmailTemplateStore, 'find'>;
  readonly sender: TemplateSender;
  /** The user as the Users API returns it, if it exists (in `tenantId` when given). */
  readonly findUser: (id: string, tenantId: string | undefined) => Promise<UserWithTenant | undefined>;
  readonly findTenant: (id: string) => Promise<TenantWithId | undefined>;
  /** FusionAuth's default tenant: where anonymous recipients' email goes out when nothing else decides. */
  readonly defaultTenant: () => Promise<TenantWithId | undefined>;
  readonly findApplication: (id: string, tenantId: string | undefined) => Promise<(Application & { tenantId?: string }) | undefined>;
}

export interface SendResponse {
  results?: Record<string, Partial<EmailTemplateErrors>>;
  anonymousResults?: Record<string, Partial<EmailTemplateErrors>>;
}

/** The value of the flow-only variables when a template is sent through this API. */
export const FOR_TESTING_ONLY = '{{For testing purposes only. This template should be configured to be sent by FusionAuth with a generated value.}}';

const FLOW_VARIABLES = ['breachResult', 'code', 'changePasswordId', 'method', 'verificationId', 'verificationOneTimeCode'];

/** The errors of a recipient whose email could not be rendered, with empty maps left out. */
function errorsOf(outcome: SendOutcome): Partial<EmailTemplateErrors> | undefined {
  if (outcome.status !== 'templateFailed') return undefined;
  const { parseErrors, renderErrors } = outcome.errors;
  return {
    ...(Object.keys(parseErrors).length > 0 ? { parseErrors } : {}),
    ...(Object.keys(renderErrors).length > 0 ? { renderErrors } : {}),
  };
}

export function createEmailSendService(deps: SendDeps) {
  async function validate(request: SendRequest, toAddresses: readonly { address: string }[], tenantId: string | undefined) {
    const errors = new ValidationError();
    if (toAddresses.length === 0 && (request.userIds ?? []).length === 0) {
      errors.add('userIds', 'empty', 'You must specify at least one of [userIds] or [toAddresses].');
    }
    let application: (Application & { tenantId?: string }) | undefined;
    if (request.applicationId !== undefined) {
      application = isUuid(request.applicationId) ? await deps.findApplication(normalizeId(request.applicationId), tenantId) : undefined;
      if (application === undefined) errors.add('applicationId', 'invalid', `The Application [${request.applicationId}] does not exist.`);
    }
    errors.throwIfAny();
    return application;
  }

  return {
    async send(explicitTenantId: string | undefined, templateId: string, request: SendRequest): Promise<{ status: 200 | 202; body: SendResponse }> {
      // A blank address names nobody (FusionAuth normalizes the request before validating it).
      const toAddresses = (request.toAddresses ?? [])
        .filter((a): a is { address: string; display?: string } => a.address !== undefined && a.address.trim() !== '');
      const application = await validate(request, toAddresses, explicitTenantId);
      const template = isUuid(templateId) ? await deps.templates.find(normalizeId(templateId)) : undefined;
      if (template === undefined) throw new NotFoundError();

      const users: UserWithTenant[] = [];
      for (const id of new Set((request.userIds ?? []).filter(isUuid).map(normalizeId))) {
        const user = await deps.findUser(id, explicitTenantId);
        if (user?.email !== undefined && user.email.trim() !== '') users.push(user);
      }
      if (users.length === 0 && toAddresses.length === 0) return { status: 200, body: {} };

      const tenants = new Map<string, TenantWithId | undefined>();
      const tenantOf = async (id: string | undefined): Promise<TenantWithId | undefined> => {
        if (id === undefined) return undefined;
        if (!tenants.has(id)) tenants.set(id, await deps.findTenant(id));
        return tenants.get(id);
      };
      const requestTenant = (await tenantOf(explicitTenantId ?? users[0]?.tenantId ?? application?.tenantId)) ?? (await deps.defaultTenant());
      const common = {
        ...(application !== undefined ? { application } : {}),
        data: { ...Object.fromEntries(FLOW_VARIABLES.map((name) => [name, FOR_TESTING_ONLY])), registration: {}, event: { type: 'UserLoginSuspicious' }, requestData: request.requestData ?? {} },
        ...(request.ccAddresses !== undefined ? { cc: request.ccAddresses } : {}),
        ...(request.bccAddresses !== undefined ? { bcc: request.bccAddresses } : {}),
      };

      const body: SendResponse = {};
      for (const user of users) {
        const tenant = (await tenantOf(user.tenantId)) ?? requestTenant;
        if (tenant === undefined) continue;
        const errors = errorsOf(deps.sender.sendLoaded(template, { ...common, tenant, to: user }));
        if (errors !== undefined && user.id !== undefined) (body.results ??= {})[user.id] = errors;
      }
      for (const { address, display } of toAddresses) {
        if (requestTenant === undefined) continue;
        const to = { email: address.trim(), ...(display !== undefined && display.trim() !== '' ? { fullName: display } : {}), tenantId: requestTenant.id };
        const errors = errorsOf(deps.sender.sendLoaded(template, { ...common, tenant: requestTenant, to, preferredLanguages: request.preferredLanguages ?? [] }));
        if (errors !== undefined) (body.anonymousResults ??= {})[address] = errors;
      }
      return { status: 202, body };
    },
  };
}

export type EmailSendService = ReturnType<typeof createEmailSendService>;
