/**
 * The Message Templates API's rules (FusionAuth docs apis/message-templates): create with an optional
 * id, retrieve one or all, update (PUT replaces the template; its type stays what it was, because
 * tenants and applications name it for that type of message), delete unless a tenant or application
 * still names it (`[inUse]messageTemplateId`, as for Email Templates and Messengers).
 */
import type { Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import { newId, normalizeId } from '../../core/ids.js';
import { namedDocumentRules } from '../../core/named-documents.js';
import { writeUnique } from '../../db/database.js';
import { WRITABLE_FIELDS, type MessageTemplate, type MessageTemplateType, type StoredMessageTemplate } from './model.js';
import { messageTemplateReferences } from './references.js';
import type { MessageTemplateStore } from './store.js';
import { typeOf, validateMessageTemplate } from './validation.js';

export interface MessageTemplateService {
  create(id: string | undefined, input: MessageTemplate | undefined): Promise<StoredMessageTemplate>;
  retrieve(id: string): Promise<StoredMessageTemplate>;
  list(): Promise<StoredMessageTemplate[]>;
  update(id: string, input: MessageTemplate | undefined): Promise<StoredMessageTemplate>;
  delete(id: string): Promise<void>;
}

/** Who may name a template: every tenant and application (active or not). */
export interface MessageTemplateUsers {
  tenants(): Promise<readonly { id?: string; name?: string }[]>;
  applications(): Promise<readonly { id?: string; name?: string }[]>;
}

interface Deps {
  readonly templates: MessageTemplateStore;
  readonly users: MessageTemplateUsers;
  readonly clock: Clock;
}

export const missingMessageTemplate = (): ValidationError =>
  new ValidationError().add('messageTemplate', 'missing', 'You must specify the [messageTemplate] property.');

/** Only the writable fields; the name trimmed, absent `localizedTemplates` and `data` become `{}`. */
function writable(input: MessageTemplate): MessageTemplate {
  const out: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS) if (input[field] !== undefined) out[field] = input[field];
  out.localizedTemplates ??= {};
  out.data ??= {};
  if (typeof out.name === 'string') out.name = out.name.trim();
  return out as MessageTemplate;
}

export function createMessageTemplateService({ templates, users, clock }: Deps): MessageTemplateService {
  const { find, checkNewId, checkName, duplicate } = namedDocumentRules(templates, { property: 'messageTemplate', title: 'A Message Template' });

  const stamp = (template: MessageTemplate, base: { id: string; type: MessageTemplateType; insertInstant: number }, now: number): StoredMessageTemplate => ({
    ...template,
    id: base.id,
    name: template.name!,
    type: base.type,
    defaultTemplate: template.defaultTemplate!,
    localizedTemplates: template.localizedTemplates!,
    insertInstant: base.insertInstant,
    lastUpdateInstant: now,
  });

  return {
    async create(id, input) {
      if (input === undefined) throw missingMessageTemplate();
      const template = writable(input);
      const errors = new ValidationError();
      const type = typeOf(template, errors);
      validateMessageTemplate(template, errors);
      await checkNewId(id, errors);
      await checkName(template.name, undefined, errors);
      errors.throwIfAny();
      const now = clock.now();
      const stored = stamp(template, { id: id !== undefined ? normalizeId(id) : newId(), type: type!, insertInstant: now }, now);
      await writeUnique(() => templates.insert(stored), duplicate(errors));
      return stored;
    },

    retrieve: find,

    list: () => templates.list(),

    async update(id, input) {
      const existing = await find(id);
      if (input === undefined) throw missingMessageTemplate();
      const template = writable(input);
      const errors = new ValidationError();
      const type = template.type === undefined ? existing.type : typeOf(template, errors);
      if (type !== undefined && type !== existing.type) {
        errors.add('messageTemplate.type', 'invalid', `The [messageTemplate.type] cannot be changed from [${existing.type}] to [${type}].`);
      }
      validateMessageTemplate(template, errors);
      await checkName(template.name, existing.id, errors);
      errors.throwIfAny();
      const updated = stamp(template, existing, clock.now());
      await writeUnique(() => templates.update(updated), duplicate(errors));
      return updated;
    },

    async delete(id) {
      const existing = await find(id);
      const errors = new ValidationError();
      const [tenants, applications] = await Promise.all([users.tenants(), users.applications()]);
      for (const use of messageTemplateReferences(existing.id, tenants, applications)) {
        errors.add('messageTemplateId', 'inUse', `The Message Template [${existing.id}] is in use by the ${use.kind} [${use.name}] (${use.path}) and cannot be deleted.`);
      }
      errors.throwIfAny();
      await templates.delete(existing.id);
    },
  };
}
