/**
 * The Actioning Users API's request rules, in FusionAuth's order (its ActionService.validate and
 * validateUpdateOrEnd). Taking an action:
 *   [missing]action.userActionId, [missing]action.actionerUserId, [missing]action.actioneeUserId;
 *   [invalid]action.reasonId (Gatehouse serves no User Action Reasons yet, so no id names one);
 *   [invalid]action.actionerUserId / action.actioneeUserId for an unknown user (in the request's tenant);
 *   [invalid]action.applicationIds for an unknown application; [invalid]action.userActionId for an
 *   unknown or inactive User Action. Then, against the definition: an action that is not time-based
 *   takes an `option` from its options ([invalid]action.option; [blank]action.option when it has
 *   options and none was chosen) and no `expiry`; a time-based one needs an `expiry`
 *   ([missing]action.expiry) in the future ([inPast]action.expiry) and takes no option; `notifyUser`
 *   needs `userNotificationsEnabled` ([disabled]action.notifyUser); `emailUser` needs
 *   `userEmailingEnabled` ([emailingNotSupported]action.emailUser) and the phase's template
 *   ([actionIsMissingTemplateDefinition]action.emailUser).
 * Modifying or canceling: [missing]/[invalid]action.actionerUserId, and for a modify
 * [missing]/[inPast]action.expiry, then the notify and email rules.
 * FusionAuth's code for a value that must be absent (an option on a time-based action, an expiry on
 * one that is not) is not documented; Gatehouse answers [invalid].
 */
import { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import type { ActionData, StoredUserAction } from './model.js';

export interface ActioningLookups {
  /** The user, if it exists in the request's tenant (any tenant without one). */
  user(id: string): Promise<{ id: string; tenantId: string; preferredLanguages?: string[] } | undefined>;
  applicationExists(id: string): Promise<boolean>;
  /** The User Action if it exists and is active. */
  activeAction(id: string): Promise<StoredUserAction | undefined>;
}

export type FoundUser = NonNullable<Awaited<ReturnType<ActioningLookups['user']>>>;

const findUser = async (lookups: ActioningLookups, id: string) => (isUuid(id) ? lookups.user(normalizeId(id)) : undefined);

/** The phase whose email template an `emailUser` request needs. */
type Phase = 'start' | 'modify' | 'cancel';
const TEMPLATE_OF: Record<Phase, keyof StoredUserAction> = { start: 'startEmailTemplateId', modify: 'modifyEmailTemplateId', cancel: 'cancelEmailTemplateId' };

function validateNotifications(action: StoredUserAction, data: ActionData, phase: Phase, errors: ValidationError): void {
  if (data.notifyUser === true && action.userNotificationsEnabled !== true) {
    errors.add('action.notifyUser', 'disabled', 'The User Action does not allow notifying the user: [userAction.userNotificationsEnabled] is false.');
  }
  if (data.emailUser !== true) return;
  if (action.userEmailingEnabled !== true) errors.add('action.emailUser', 'emailingNotSupported', 'The User Action does not allow emailing the user.');
  if (action[TEMPLATE_OF[phase]] === undefined) {
    errors.add('action.emailUser', 'actionIsMissingTemplateDefinition', `The User Action has no [${TEMPLATE_OF[phase]}] to email the user with.`);
  }
}

function validateExpiry(expiry: number | undefined, now: number, errors: ValidationError): void {
  if (expiry === undefined) errors.add('action.expiry', 'missing', 'You must specify the [action.expiry] property for a time-based User Action.');
  else if (expiry <= now) errors.add('action.expiry', 'inPast', `The [action.expiry] value [${expiry}] is in the past.`);
}

function validateAgainstDefinition(action: StoredUserAction, data: ActionData, now: number, errors: ValidationError): void {
  if (action.temporal) {
    validateExpiry(data.expiry, now, errors);
    if (data.option !== undefined) errors.add('action.option', 'invalid', 'A time-based User Action takes no [action.option].');
  } else {
    if (data.option !== undefined && !action.options.some((o) => o.name === data.option)) {
      errors.add('action.option', 'invalid', `The [action.option] value [${data.option}] is not an option of the User Action.`);
    } else if (data.option === undefined && action.options.length > 0) {
      errors.add('action.option', 'blank', 'You must specify the [action.option] property: the User Action has options.');
    }
    if (data.expiry !== undefined) errors.add('action.expiry', 'invalid', 'A User Action that is not time-based takes no [action.expiry].');
  }
  validateNotifications(action, data, 'start', errors);
}

export interface ValidTake {
  readonly action: StoredUserAction;
  readonly actionee: FoundUser;
}

/** Validates a take; answers the definition and the actionee, or throws the collected errors. */
export async function validateTake(data: ActionData, lookups: ActioningLookups, now: number): Promise<ValidTake> {
  const errors = new ValidationError();
  const missing = (field: 'userActionId' | 'actionerUserId' | 'actioneeUserId') =>
    errors.add(`action.${field}`, 'missing', `You must specify the [action.${field}] property.`);
  if (data.userActionId === undefined) missing('userActionId');
  if (data.actionerUserId === undefined) missing('actionerUserId');
  if (data.actioneeUserId === undefined) missing('actioneeUserId');
  if (data.reasonId !== undefined) errors.add('action.reasonId', 'invalid', `The User Action Reason [${data.reasonId}] does not exist.`);
  if (data.actionerUserId !== undefined && (await findUser(lookups, data.actionerUserId)) === undefined) {
    errors.add('action.actionerUserId', 'invalid', `The user [${data.actionerUserId}] does not exist.`);
  }
  const actionee = data.actioneeUserId === undefined ? undefined : await findUser(lookups, data.actioneeUserId);
  if (data.actioneeUserId !== undefined && actionee === undefined) errors.add('action.actioneeUserId', 'invalid', `The user [${data.actioneeUserId}] does not exist.`);
  for (const id of (data.applicationIds ?? []).filter((value) => value !== '')) {
    if (!(isUuid(id) && (await lookups.applicationExists(normalizeId(id))))) {
      errors.add('action.applicationIds', 'invalid', `The application [${id}] does not exist.`);
    }
  }
  const action = data.userActionId !== undefined && isUuid(data.userActionId) ? await lookups.activeAction(normalizeId(data.userActionId)) : undefined;
  if (data.userActionId !== undefined && action === undefined) errors.add('action.userActionId', 'invalid', `The User Action [${data.userActionId}] does not exist.`);
  if (action !== undefined) validateAgainstDefinition(action, data, now, errors);
  errors.throwIfAny();
  return { action: action!, actionee: actionee! };
}

/** Validates a modify (`expiry` required) or a cancel of a log of `action`; throws the collected errors. */
export async function validateChange(data: ActionData, phase: 'modify' | 'cancel', action: StoredUserAction | undefined, lookups: ActioningLookups, now: number): Promise<void> {
  const errors = new ValidationError();
  if (data.actionerUserId === undefined) errors.add('action.actionerUserId', 'missing', 'You must specify the [action.actionerUserId] property.');
  else if ((await findUser(lookups, data.actionerUserId)) === undefined) {
    errors.add('action.actionerUserId', 'invalid', `The user [${data.actionerUserId}] does not exist.`);
  }
  if (phase === 'modify') validateExpiry(data.expiry, now, errors);
  if (action !== undefined) validateNotifications(action, data, phase, errors);
  errors.throwIfAny();
}
