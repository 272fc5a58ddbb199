/**
 * The Email Templates API's rules (FusionAuth docs apis/emails; DefaultEmailTemplateService): create
 * with an optional id, retrieve one or all, update (PUT replaces the whole template), search by name,
 * delete unless a tenant, application or User Action still uses the template (`[inUse]emailTemplateId`).
 */
import type { Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import { newId, normalizeId } from '../../core/ids.js';
import { namedDocumentRules } from '../../core/named-documents.js';
import { pageOf } from '../../core/pagination.js';
import { writeUnique } from '../../db/database.js';
import type { Application } from '../application/model.js';
import { parseOrderBy } from '../application/search-support.js';
import type { Tenant } from '../tenant/model.js';
import type { UserAction } from '../user-action/model.js';
import { EMAIL_TEMPLATE_ORDER_FIELDS, LOCALIZED_FIELDS, WRITABLE_FIELDS, type EmailTemplate, type EmailTemplateSearchCriteria } from './model.js';
import type { EmailTemplateStore, StoredEmailTemplate } from './store.js';
import { validateEmailTemplate } from './validation.js';
import { templateReferences } from './references.js';

export interface EmailTemplateService {
  create(id: string | undefined, input: EmailTemplate | undefined): Promise<StoredEmailTemplate>;
  retrieve(id: string): Promise<StoredEmailTemplate>;
  list(): Promise<StoredEmailTemplate[]>;
  update(id: string, input: EmailTemplate | undefined): Promise<StoredEmailTemplate>;
  delete(id: string): Promise<void>;
  search(criteria: EmailTemplateSearchCriteria, prefix: string): Promise<{ emailTemplates: StoredEmailTemplate[]; total: number }>;
}

/** Who may refer to a template: every tenant, application and User Action (active or not). */
export interface TemplateUsers {
  tenants(): Promise<readonly (Tenant & { id?: string; name?: string })[]>;
  applications(): Promise<readonly (Application & { id?: string; name?: string })[]>;
  userActions(): Promise<readonly UserAction[]>;
}

interface Deps {
  readonly templates: EmailTemplateStore;
  readonly users: TemplateUsers;
  readonly clock: Clock;
}

const missingTemplate = (): ValidationError => new ValidationError().add('emailTemplate', 'missing', 'You must specify the [emailTemplate] property.');

/** Only the writable fields, trimmed where FusionAuth's form would; absent localized maps become `{}`. */
function writable(input: EmailTemplate): EmailTemplate {
  const out: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS) if (input[field] !== undefined) out[field] = input[field];
  for (const field of LOCALIZED_FIELDS) out[field] ??= {};
  if (typeof out.fromEmail === 'string' && out.fromEmail.trim() === '') delete out.fromEmail;
  return out as EmailTemplate;
}

export function createEmailTemplateService({ templates, users, clock }: Deps): EmailTemplateService {
  const { find, checkNewId, checkName, duplicate } = namedDocumentRules(templates, { property: 'emailTemplate', title: 'An Email Template' });

  return {
    async create(id, input) {
      if (input === undefined) throw missingTemplate();
      const template = writable(input);
      const errors = new ValidationError();
      validateEmailTemplate(template, errors);
      await checkNewId(id, errors);
      await checkName(template.name, undefined, errors);
      errors.throwIfAny();
      const now = clock.now();
      const stored: StoredEmailTemplate = {
        ...template,
        id: id !== undefined ? normalizeId(id) : newId(),
        name: template.name!,
        insertInstant: now,
        lastUpdateInstant: now,
      };
      await writeUnique(() => templates.insert(stored), duplicate(errors));
      return stored;
    },

    retrieve: find,

    list: () => templates.list(),

    async update(id, input) {
      const existing = await find(id);
      if (input === undefined) throw missingTemplate();
      const template = writable(input);
      const errors = new ValidationError();
      validateEmailTemplate(template, errors);
      await checkName(template.name, existing.id, errors);
      errors.throwIfAny();
      const updated: StoredEmailTemplate = {
        ...template,
        id: existing.id,
        name: template.name!,
        insertInstant: existing.insertInstant,
        lastUpdateInstant: clock.now(),
      };
      await writeUnique(() => templates.update(updated), duplicate(errors));
      return updated;
    },

    async delete(id) {
      const existing = await find(id);
      const errors = new ValidationError();
      const [tenants, applications, userActions] = await Promise.all([users.tenants(), users.applications(), users.userActions()]);
      for (const use of templateReferences(existing.id, { tenants, applications, userActions })) {
        errors.add('emailTemplateId', 'inUse', `The Email Template [${existing.id}] is in use by the ${use.kind} [${use.name}] (${use.path}) and cannot be deleted.`);
      }
      errors.throwIfAny();
      await templates.delete(existing.id);
    },

    async search(criteria, prefix) {
      const orderBy = parseOrderBy(criteria.orderBy, EMAIL_TEMPLATE_ORDER_FIELDS, `${prefix}orderBy`);
      const page = pageOf(criteria, prefix.replace(/\.$/, '') || 'search');
      return templates.search({ ...(criteria.name !== undefined ? { name: criteria.name } : {}), orderBy, ...page });
    },
  };
}
