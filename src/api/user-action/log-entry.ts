/**
 * Building and changing a UserActionLog as FusionAuth does (its ActionService): the log copies the
 * definition's name, localized for the actionee's `preferredLanguages`; modify and cancel push the
 * previous actioner, comment, instant and expiry onto `history.historyItems` and move `insertInstant`
 * to now; a cancel ends the action now.
 */
import { newId, normalizeId } from '../../core/ids.js';
import type { ActionData, StoredUserAction, UserActionLog } from './model.js';

/**
 * The value for the first preferred language that has one: an exact match (`de_CH`), then the
 * language alone (`de`); otherwise the default. Locale keys compare case-insensitively, `-` as `_`.
 */
export function localize(preferredLanguages: readonly string[] | undefined, localized: Readonly<Record<string, string>> | undefined, fallback: string | undefined): string | undefined {
  if (localized === undefined) return fallback;
  const canonical = (locale: string) => locale.replace('-', '_').toLowerCase();
  const byLocale = new Map(Object.entries(localized).map(([locale, value]) => [canonical(locale), value]));
  for (const language of preferredLanguages ?? []) {
    const wanted = canonical(language);
    const value = byLocale.get(wanted) ?? byLocale.get(wanted.split('_')[0]!);
    if (value !== undefined) return value;
  }
  return fallback;
}

export interface Actionee {
  readonly id: string;
  readonly preferredLanguages?: readonly string[];
}

/** The log of `action` taken on `actionee` with `data` (already validated). */
export function newLog(action: StoredUserAction, actionee: Actionee, data: ActionData, now: number): UserActionLog {
  const option = data.option === undefined ? undefined : action.options.find((o) => o.name === data.option);
  const comment = data.comment?.trim();
  return {
    id: newId(),
    actioneeUserId: actionee.id,
    ...(data.actionerUserId !== undefined ? { actionerUserId: normalizeId(data.actionerUserId) } : {}),
    applicationIds: [...new Set((data.applicationIds ?? []).filter((id) => id !== '').map(normalizeId))],
    ...(comment !== undefined && comment !== '' ? { comment } : {}),
    emailUserOnEnd: data.emailUser === true,
    // FusionAuth owes an end event for a time-based action whose definition sends one.
    ...(data.expiry !== undefined && action.sendEndEvent !== false ? { endEventSent: false } : {}),
    ...(data.expiry !== undefined ? { expiry: data.expiry } : {}),
    insertInstant: now,
    localizedName: localize(actionee.preferredLanguages, action.localizedNames, action.name)!,
    ...(data.option !== undefined ? { option: data.option } : {}),
    ...(option !== undefined ? { localizedOption: localize(actionee.preferredLanguages, option.localizedNames, option.name)! } : {}),
    name: action.name,
    notifyUserOnEnd: data.notifyUser === true,
    userActionId: action.id,
  };
}

/** The log after a modify (`expiry` given) or a cancel (`expiry` now) by `data.actionerUserId`. */
export function changedLog(log: UserActionLog, data: ActionData, expiry: number, now: number): UserActionLog {
  const { actionerUserId: _a, comment: _c, ...rest } = log;
  const previous = {
    ...(log.actionerUserId !== undefined ? { actionerUserId: log.actionerUserId } : {}),
    ...(log.comment !== undefined ? { comment: log.comment } : {}),
    createInstant: log.insertInstant,
    ...(log.expiry !== undefined ? { expiry: log.expiry } : {}),
  };
  const comment = data.comment?.trim();
  return {
    ...rest,
    ...(data.actionerUserId !== undefined ? { actionerUserId: normalizeId(data.actionerUserId) } : {}),
    ...(comment !== undefined && comment !== '' ? { comment } : {}),
    history: { historyItems: [...(log.history?.historyItems ?? []), previous] },
    insertInstant: now,
    expiry,
    emailUserOnEnd: data.emailUser === true,
    notifyUserOnEnd: data.notifyUser === true,
  };
}
