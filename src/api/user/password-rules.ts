/**
 * A tenant's `passwordValidationRules` applied to a new password, the way FusionAuth's password
 * validator does: the length limits are both reported; then only the first failing character rule
 * (mixed case, then non-alphanumeric, then a digit, then containing a login id) is reported. A blank
 * password is not judged here; the caller decides whether one is required.
 */
import type { ValidationError } from '../../core/errors.js';
import type { PasswordValidationRules } from '../tenant/model-configuration.js';

export interface LoginIds {
  readonly email?: string;
  readonly username?: string;
}

const hasLowerCase = (s: string): boolean => /\p{Ll}/u.test(s);
const hasUpperCase = (s: string): boolean => /\p{Lu}/u.test(s);
const hasDigit = (s: string): boolean => /\p{Nd}/u.test(s);
const hasNonAlphanumeric = (s: string): boolean => /[^\p{L}\p{Nd}]/u.test(s);

function containedLoginId(password: string, ids: LoginIds): 'containsEmail' | 'containsUsername' | undefined {
  const lower = password.toLowerCase();
  if (ids.email !== undefined && ids.email !== '' && lower.includes(ids.email.toLowerCase())) return 'containsEmail';
  if (ids.username !== undefined && ids.username !== '' && lower.includes(ids.username.toLowerCase())) return 'containsUsername';
  return undefined;
}

export function checkPasswordRules(
  password: string,
  rules: PasswordValidationRules,
  ids: LoginIds,
  path: string,
  errors: ValidationError,
): void {
  if (password.trim() === '') return;
  const min = rules.minLength ?? 8;
  const max = rules.maxLength ?? 256;
  // Lengths count UTF-16 code units, as FusionAuth (Java String.length) does.
  if (password.length > max) errors.add(path, 'tooLong', `The [${path}] property is longer than the maximum of [${max}] characters.`);
  if (password.length < min) errors.add(path, 'tooShort', `The [${path}] property is shorter than the minimum of [${min}] characters.`);
  if (rules.requireMixedCase === true && !(hasLowerCase(password) && hasUpperCase(password))) {
    errors.add(path, 'singleCase', `The [${path}] property must contain at least one upper case and one lower case character.`);
    return;
  }
  if (rules.requireNonAlpha === true && !hasNonAlphanumeric(password)) {
    errors.add(path, 'onlyAlpha', `The [${path}] property must contain at least one character that is not a letter or a digit.`);
    return;
  }
  if (rules.requireNumber === true && !hasDigit(password)) {
    errors.add(path, 'requireNumber', `The [${path}] property must contain at least one number.`);
    return;
  }
  if (rules.disallowUserLoginId === true) {
    const contained = containedLoginId(password, ids);
    if (contained !== undefined) errors.add(path, contained, `The [${path}] property may not contain the user's ${contained === 'containsEmail' ? 'email address' : 'username'}.`);
  }
}
