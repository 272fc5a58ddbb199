/**
 * Where tenants and applications name a Message Template, and the type it must have there (the same
 * paths on both): the SMS multi-factor template is an SMS template, the voice one a Voice template,
 * and the phone account messages (`phoneConfiguration.*TemplateId`) are SMS templates. Tenant and
 * application validation check these paths against the store; the delete refuses while any tenant or
 * application still names the template, as FusionAuth's does for these same paths.
 */
import type { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { PHONE_TEMPLATE_FIELDS, valueAt } from '../tenant/validation.js';
import type { MessageTemplateType } from './model.js';

export const MESSAGE_TEMPLATE_PATHS: readonly { readonly path: string; readonly type: MessageTemplateType }[] = [
  { path: 'multiFactorConfiguration.sms.templateId', type: 'SMS' },
  { path: 'multiFactorConfiguration.voice.templateId', type: 'Voice' },
  ...PHONE_TEMPLATE_FIELDS.map((field) => ({ path: `phoneConfiguration.${field}`, type: 'SMS' as const })),
];

export interface MessageTemplateLookup {
  find(id: string): Promise<{ readonly type: string } | undefined>;
}

/**
 * Each Message Template id `owner` (a tenant or an application, named by `prefix`) holds must name an
 * existing template of that setting's type; otherwise `[invalid]<prefix>.<path>`, as for Email Templates.
 */
export async function validateMessageTemplateReferences(
  owner: object, prefix: 'tenant' | 'application', templates: MessageTemplateLookup, errors: ValidationError,
): Promise<void> {
  for (const { path: reference, type } of MESSAGE_TEMPLATE_PATHS) {
    const value = valueAt(owner, reference);
    const path = `${prefix}.${reference}`;
    if (value === undefined || errors.fieldErrors[path] !== undefined) continue;
    const template = typeof value === 'string' && isUuid(value) ? await templates.find(normalizeId(value)) : undefined;
    if (template === undefined) errors.add(path, 'invalid', `The [${path}] value [${String(value)}] does not identify an existing Message Template.`);
    else if (template.type !== type) errors.add(path, 'invalid', `The Message Template [${String(value)}] named by [${path}] is not a ${type} template.`);
  }
}

interface Named {
  readonly id?: string;
  readonly name?: string;
}

export interface MessageTemplateUse {
  readonly kind: 'tenant' | 'application';
  readonly name: string;
  readonly path: string;
}

/** The tenants' and applications' settings naming `templateId` (lower-case). */
export function messageTemplateReferences(templateId: string, tenants: readonly Named[], applications: readonly Named[]): MessageTemplateUse[] {
  const uses: MessageTemplateUse[] = [];
  const owners = [...tenants.map((o) => ['tenant', o] as const), ...applications.map((o) => ['application', o] as const)];
  for (const [kind, owner] of owners) {
    for (const { path } of MESSAGE_TEMPLATE_PATHS) {
      const value = valueAt(owner, path);
      if (typeof value === 'string' && value.toLowerCase() === templateId) uses.push({ kind, name: owner.name ?? owner.id ?? '', path: `${kind}.${path}` });
    }
  }
  return uses;
}
