/**
 * Tenant `passwordValidationRules.rememberPreviousPasswords {enabled, count}`: "Whether to prevent a
 * user from using any of their previous passwords" / "The number of previous passwords to remember".
 *
 * FusionAuth's count includes the current password: while the rule is enabled it records every password
 * a user is given (from create on) and refuses a new one that matches any of the newest `count` records,
 * with `[previouslyUsed]<field>`; so the default `count: 1` refuses only the current password. Here the
 * users row holds the current password and `password_history` the earlier ones, so a new password is
 * compared with the current one and the newest `count - 1` earlier ones, and a change (while enabled)
 * appends the replaced password and keeps those `count - 1`. Comparisons use each stored password's own
 * scheme, salt and factor, asynchronously and in constant time (`PasswordSchemes.verify`).
 */
import type { ValidationError } from '../../core/errors.js';
import type { PasswordSchemes, StoredPassword } from '../../crypto/password/index.js';
import type { PasswordValidationRules } from '../tenant/model-configuration.js';
import type { PasswordHistoryStore } from './password-history-store.js';

/** How many passwords, the current one included, a new one must differ from; undefined when the rule is off. */
export function rememberedPasswords(rules: PasswordValidationRules): number | undefined {
  const remember = rules.rememberPreviousPasswords;
  if (remember?.enabled !== true) return undefined;
  // The Tenant API refuses a count below 1 while enabled; 1 is FusionAuth's default.
  return Math.max(remember.count ?? 1, 1);
}

export interface PreviouslyUsedCheck {
  readonly password: string;
  readonly userId: string;
  /** The user's current password, if they have one. */
  readonly current: StoredPassword | undefined;
  readonly rules: PasswordValidationRules;
  readonly schemes: PasswordSchemes;
  readonly history: PasswordHistoryStore;
}

/** Adds `[previouslyUsed]<path>` when the new password matches one the tenant remembers. */
export async function checkPreviouslyUsed(check: PreviouslyUsedCheck, path: string, errors: ValidationError): Promise<void> {
  const count = rememberedPasswords(check.rules);
  if (count === undefined) return;
  const earlier = await check.history.recent(check.userId, count - 1);
  const remembered = check.current === undefined ? earlier : [check.current, ...earlier];
  const matches = await Promise.all(remembered.map((stored) => check.schemes.verify(check.password, stored)));
  if (matches.includes(true)) {
    errors.add(path, 'previouslyUsed', `The [${path}] property matches one of the previous [${count}] passwords; choose a password not used before.`);
  }
}

const samePassword = (a: StoredPassword, b: StoredPassword): boolean =>
  a.hash === b.hash && a.salt === b.salt && a.scheme === b.scheme && a.factor === b.factor;

/**
 * After a password change: remembers the replaced password when the rule is on (FusionAuth records
 * passwords only while it is enabled) and keeps the newest `count - 1`. Run it on the store of the
 * transaction that writes the new password.
 */
export async function rememberReplacedPassword(
  history: PasswordHistoryStore,
  rules: PasswordValidationRules,
  user: { readonly id: string; readonly tenantId: string },
  replaced: StoredPassword | undefined,
  next: StoredPassword | undefined,
  now: number,
): Promise<void> {
  const count = rememberedPasswords(rules);
  if (count === undefined || replaced === undefined || (next !== undefined && samePassword(replaced, next))) return;
  if (count === 1) return history.trim(user.id, 0);
  await history.append(user.tenantId, user.id, replaced, now, count - 1);
}
