/**
 * The 203 of the Login API (seed 002): the user authenticated but must change their password first.
 * Reasons, in FusionAuth's order: the user is already marked (`passwordChangeRequired`, reason kept,
 * `Administrative` by default); the password is older than the tenant's `maximumPasswordAge` (`Expired`);
 * the password fails the tenant's rules and `passwordValidationRules.validateOnLogin` is on
 * (`Validation`). Like FusionAuth, a newly found reason is stored on the user. The response's
 * `changePasswordId` is a one-time flow row (kind `changePassword`) for the Change Password API,
 * living `externalIdentifierConfiguration.changePasswordIdTimeToLiveInSeconds`.
 *
 * Breach detection (`Breached`) needs Reactor's breached-password service; Gatehouse has none.
 */
import { ValidationError } from '../../core/errors.js';
import type { FlowStore } from '../../flows/store.js';
import { generateSecret, type SecretGenerator } from '../../flows/secrets.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import { checkPasswordRules } from '../user/password-rules.js';
import type { LoginStore } from './login-store.js';
import type { ChangePasswordReason } from './model.js';

const DAY = 86_400_000;

export interface PasswordChange {
  readonly changePasswordId: string;
  readonly changePasswordReason: ChangePasswordReason;
}

/** What the Change Password API finds in a change-password flow started by a login. */
export interface ChangePasswordFlowState extends Record<string, unknown> {
  readonly changePasswordReason: ChangePasswordReason;
  readonly applicationId?: string;
  /** Issued right after a completed second factor: Change Password needs no trust token for it. */
  readonly implicitTrust?: boolean;
}

export interface PasswordChangeInput {
  readonly tenant: StoredTenant;
  readonly user: User & { id: string };
  readonly applicationId?: string;
  /** The plain password just verified; absent for logins that did not present one. */
  readonly password?: string;
  /** A reason the password step of this login found before a second factor interrupted it. */
  readonly carriedReason?: ChangePasswordReason;
  /** The login just completed a second factor (see ChangePasswordFlowState). */
  readonly implicitTrust?: boolean;
  readonly now: number;
}

/** Why the user must change their password now, if they must; `stored` says whether it is already recorded. */
export function passwordChangeReason({ tenant, user, password, carriedReason, now }: PasswordChangeInput): { reason: ChangePasswordReason; stored: boolean } | undefined {
  if (user.passwordChangeRequired === true) return { reason: (user.passwordChangeReason as ChangePasswordReason | undefined) ?? 'Administrative', stored: true };
  if (carriedReason !== undefined) return { reason: carriedReason, stored: false };
  if (password === undefined) return undefined;
  const maximumAge = tenant.maximumPasswordAge;
  if (maximumAge?.enabled === true && user.passwordLastUpdateInstant !== undefined
    && user.passwordLastUpdateInstant + (maximumAge.days ?? 180) * DAY < now) {
    return { reason: 'Expired', stored: false };
  }
  const rules = tenant.passwordValidationRules;
  if (rules?.validateOnLogin === true) {
    const errors = new ValidationError();
    checkPasswordRules(password, rules, { email: user.email, username: user.username }, 'password', errors);
    if (!errors.isEmpty) return { reason: 'Validation', stored: false };
  }
  return undefined;
}

export async function requiredPasswordChange(flows: FlowStore, logins: LoginStore, input: PasswordChangeInput): Promise<PasswordChange | undefined> {
  const found = passwordChangeReason(input);
  if (found === undefined) return undefined;
  if (!found.stored) await logins.requirePasswordChange(input.user.id, found.reason);
  const configuration = input.tenant.externalIdentifierConfiguration;
  const changePasswordId = generateSecret(configuration?.changePasswordIdGenerator as SecretGenerator | undefined);
  const state: ChangePasswordFlowState = {
    changePasswordReason: found.reason,
    ...(input.applicationId !== undefined ? { applicationId: input.applicationId } : {}),
    ...(input.implicitTrust === true ? { implicitTrust: true } : {}),
  };
  await flows.create(changePasswordId, {
    tenantId: input.tenant.id,
    userId: input.user.id,
    kind: 'changePassword',
    state,
    expiresInstant: input.now + (configuration?.changePasswordIdTimeToLiveInSeconds ?? 600) * 1000,
  }, input.now);
  return { changePasswordId, changePasswordReason: found.reason };
}
