/**
 * Where tenants, applications and User Actions name an Email Template (FusionAuth's delete check): a
 * tenant's `emailConfiguration.*EmailTemplateId`, family-configuration templates, the breached-password
 * notification and the email MFA template; an application's `emailConfiguration.*EmailTemplateId`,
 * `verificationEmailTemplateId` and email MFA template; a User Action's start, modify, cancel and end
 * templates (active or not: a reactivated action would email with them).
 */
import { valueAt } from '../tenant/validation.js';
import { EMAIL_TEMPLATE_ID_FIELDS } from '../tenant/model-configuration.js';
import { EMAIL_TEMPLATE_FIELDS } from '../user-action/model.js';

/** Paths under `tenant` that hold an Email Template id. */
export const TENANT_EMAIL_TEMPLATE_PATHS: readonly string[] = [
  ...EMAIL_TEMPLATE_ID_FIELDS.map((field) => `emailConfiguration.${field}`),
  'familyConfiguration.confirmChildEmailTemplateId',
  'familyConfiguration.familyRequestEmailTemplateId',
  'familyConfiguration.parentRegistrationEmailTemplateId',
  'passwordValidationRules.breachDetection.notifyUserEmailTemplateId',
  'multiFactorConfiguration.email.templateId',
];

interface Named {
  readonly id?: string;
  readonly name?: string;
}

export interface TemplateUse {
  readonly kind: 'tenant' | 'application' | 'userAction';
  readonly name: string;
  readonly path: string;
}

function applicationPaths(application: object): string[] {
  const email = valueAt(application, 'emailConfiguration');
  const emailFields = typeof email === 'object' && email !== null ? Object.keys(email).filter((k) => k.endsWith('TemplateId')) : [];
  return [...emailFields.map((k) => `emailConfiguration.${k}`), 'verificationEmailTemplateId', 'multiFactorConfiguration.email.templateId'];
}

/** Who may name a template, each as the API returns it. */
export interface TemplateHolders {
  readonly tenants: readonly Named[];
  readonly applications: readonly Named[];
  readonly userActions: readonly Named[];
}

export function templateReferences(templateId: string, { tenants, applications, userActions }: TemplateHolders): TemplateUse[] {
  const uses: TemplateUse[] = [];
  const matches = (value: unknown): boolean => typeof value === 'string' && value.toLowerCase() === templateId;
  for (const tenant of tenants) {
    for (const path of TENANT_EMAIL_TEMPLATE_PATHS) {
      if (matches(valueAt(tenant, path))) uses.push({ kind: 'tenant', name: tenant.name ?? tenant.id ?? '', path: `tenant.${path}` });
    }
  }
  for (const application of applications) {
    for (const path of applicationPaths(application)) {
      if (matches(valueAt(application, path))) uses.push({ kind: 'application', name: application.name ?? application.id ?? '', path: `application.${path}` });
    }
  }
  for (const action of userActions) {
    for (const field of EMAIL_TEMPLATE_FIELDS) {
      if (matches(valueAt(action, field))) uses.push({ kind: 'userAction', name: action.name ?? action.id ?? '', path: `userAction.${field}` });
    }
  }
  return uses;
}
