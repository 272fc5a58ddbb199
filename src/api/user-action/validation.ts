/**
 * A User Action definition's rules, in FusionAuth's order (its UserActionService.validate):
 *   [blank]userAction.name; on create an id already taken is [duplicate]userActionId, on update an
 *   inactive action is [inactive]userActionId (reactivate it first); another action of the same name is
 *   [inactive]userAction.name when that one is inactive, else [duplicate]userAction.name; an option
 *   without a name is [blank]userAction.option.name; emailing (`userEmailingEnabled` or
 *   `includeEmailInEventJSON`) needs a start template and, for a time-based action, the modify, cancel
 *   and end templates too ([missing]… when absent, [invalid]… when no such Email Template exists); an
 *   action that prevents login must be time-based ([invalid]userAction.temporal).
 * A template id that is not a UUID is [couldNotConvert]…, as the Users API answers malformed ids.
 */
import { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { EMAIL_TEMPLATE_FIELDS, type StoredUserAction, type UserAction } from './model.js';

export interface DefinitionLookups {
  find(id: string): Promise<StoredUserAction | undefined>;
  findByName(name: string): Promise<StoredUserAction | undefined>;
  /** Whether an Email Template with this (normalized) id exists. */
  emailTemplateExists(id: string): Promise<boolean>;
}

/** Create: the requested id, if any. Update: the action being replaced. */
export type Target = { readonly create: true; readonly id?: string } | { readonly create: false; readonly existing: StoredUserAction };

async function validateIdentity(target: Target, lookups: DefinitionLookups, errors: ValidationError): Promise<void> {
  if (target.create) {
    if (target.id === undefined) return;
    if (!isUuid(target.id)) errors.add('userActionId', 'invalid', `The [userActionId] value [${target.id}] is not a valid UUID.`);
    else if ((await lookups.find(normalizeId(target.id))) !== undefined) {
      errors.add('userActionId', 'duplicate', `A User Action with Id [${target.id}] already exists.`);
    }
  } else if (!target.existing.active) {
    errors.add('userActionId', 'inactive', `The User Action [${target.existing.id}] is inactive. Reactivate it before updating it.`);
  }
}

async function validateName(name: string, selfId: string | undefined, lookups: DefinitionLookups, errors: ValidationError): Promise<void> {
  if (name === '') {
    errors.add('userAction.name', 'blank', 'You must specify the [userAction.name] property.');
    return;
  }
  const same = await lookups.findByName(name);
  if (same === undefined || same.id === selfId) return;
  if (!same.active) errors.add('userAction.name', 'inactive', `An inactive User Action with name [${name}] already exists. Reactivate it or choose another name.`);
  else if (errors.isEmpty) errors.add('userAction.name', 'duplicate', `A User Action with name [${name}] already exists.`);
}

async function validateTemplates(action: UserAction, lookups: DefinitionLookups, errors: ValidationError): Promise<void> {
  for (const field of EMAIL_TEMPLATE_FIELDS) {
    const value = action[field];
    if (value !== undefined && !isUuid(value)) {
      errors.add(`userAction.${field}`, 'couldNotConvert', `The [userAction.${field}] property value [${value}] is not a valid UUID.`);
    }
  }
  if (action.userEmailingEnabled !== true && action.includeEmailInEventJSON !== true) return;
  const required = action.temporal === true ? EMAIL_TEMPLATE_FIELDS : EMAIL_TEMPLATE_FIELDS.slice(0, 1);
  for (const field of required) {
    const path = `userAction.${field}`;
    const value = action[field];
    if (value === undefined) errors.add(path, 'missing', `You must specify the [${path}] property when emailing is enabled for the User Action.`);
    else if (isUuid(value) && !(await lookups.emailTemplateExists(normalizeId(value)))) {
      errors.add(path, 'invalid', `The [${path}] value [${value}] does not identify an existing Email Template.`);
    }
  }
}

/** Validates `action` (its name already trimmed) for `target`; throws the collected errors, if any. */
export async function validateUserAction(action: UserAction & { name: string }, target: Target, lookups: DefinitionLookups): Promise<void> {
  const errors = new ValidationError();
  await validateIdentity(target, lookups, errors);
  const selfId = target.create ? (target.id !== undefined && isUuid(target.id) ? normalizeId(target.id) : undefined) : target.existing.id;
  await validateName(action.name, selfId, lookups, errors);
  if ((action.options ?? []).some((option) => (option.name ?? '').trim() === '')) {
    errors.add('userAction.option.name', 'blank', 'You must specify the [name] of every User Action option.');
  }
  await validateTemplates(action, lookups, errors);
  if (action.preventLogin === true && action.temporal !== true) {
    errors.add('userAction.temporal', 'invalid', 'A User Action that prevents login must be time-based: set [userAction.temporal] to true.');
  }
  errors.throwIfAny();
}
