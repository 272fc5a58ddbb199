/**
 * Turns a UserRequest into the user to store, for create and for update (PUT, and PATCH after merging):
 * every validation error is collected first, then the password is hashed (off the event loop) and the
 * stored object is built. Update replaces the user's fields with the request's; only the password is
 * merged (kept unless a new one is given, seed 001 "Update a User"), and what the server owns (id,
 * tenant, active flag, instants, verification, connector) is kept.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';
import type { PasswordSchemes, StoredPassword } from '../../crypto/password/index.js';
import { FUSIONAUTH_CONNECTOR_ID } from '../tenant/model.js';
import type { User, UserRequest } from './model.js';
import { checkPreviouslyUsed } from './password-history.js';
import type { PasswordHistoryStore } from './password-history-store.js';
import { checkPasswordRules } from './password-rules.js';
import type { StoredUser, UserDoc, UserStore } from './store.js';
import type { UserPolicy } from './tenant-policy.js';
import { twoFactorToStore } from './two-factor-methods.js';
import { normalizeLoginIds, validateProfile, validateScheme } from './validation.js';

/** The fields a request sets and a PUT replaces (absent ⇒ cleared). */
const PROFILE_FIELDS = [
  'birthDate', 'cleanSpeakId', 'data', 'expiry', 'firstName', 'fullName', 'imageUrl', 'lastName', 'middleName',
  'mobilePhone', 'parentEmail', 'phoneNumber', 'preferredLanguages', 'timezone', 'usernameStatus',
] as const satisfies readonly (keyof User)[];

export interface PrepareInput {
  readonly request: UserRequest;
  readonly tenantId: string;
  readonly policy: UserPolicy;
  readonly schemes: PasswordSchemes;
  readonly users: UserStore;
  readonly now: number;
  /** The user being updated; absent on create. */
  readonly existing?: StoredUser;
  /** Validation already collected by the caller (e.g. the create id, memberships). */
  readonly errors?: ValidationError;
  /** Create without a password (a user an identity provider created; they sign in there). */
  readonly withoutPassword?: boolean;
  /** The user's earlier passwords (tenant `rememberPreviousPasswords`); consulted on update. */
  readonly history?: PasswordHistoryStore;
}

type PasswordPlan =
  | { kind: 'keep' }
  | { kind: 'hash'; plain: string; scheme: string; factor: number }
  | { kind: 'hashed'; stored: StoredPassword };

const blankToUndefined = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** The scheme and factor to hash with: the request's, else the tenant's (when this server knows it). */
function hashingOf(user: User, policy: UserPolicy, schemes: PasswordSchemes): { scheme: string; factor: number } {
  const requested = user.encryptionScheme;
  const tenantScheme = schemes.get(policy.encryptionScheme) !== undefined ? policy.encryptionScheme : schemes.names()[0]!;
  const scheme = requested ?? tenantScheme;
  const fallbackFactor = scheme === policy.encryptionScheme && schemes.isValidFactor(scheme, policy.encryptionFactor)
    ? policy.encryptionFactor
    : schemes.get(scheme)!.defaultFactor;
  return { scheme, factor: user.factor ?? fallbackFactor };
}

function planPassword(input: PrepareInput, user: User, loginIds: { email?: string; username?: string }, errors: ValidationError): PasswordPlan {
  const { request, policy, schemes, existing } = input;
  const creating = existing === undefined;
  const defaultScheme = schemes.get(policy.encryptionScheme) !== undefined ? policy.encryptionScheme : schemes.names()[0]!;
  if (request.passwordFieldType === 'HASHED') {
    // 1.69: the request carries an already hashed password; scheme, factor, password and salt are required.
    for (const field of ['encryptionScheme', 'factor', 'password', 'salt'] as const) {
      const value = user[field];
      if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
        errors.add(`user.${field}`, 'blank', `You must specify the [user.${field}] property when [passwordFieldType] is HASHED.`);
      }
    }
    validateScheme(user, schemes, defaultScheme, errors);
    if (!errors.isEmpty) return { kind: 'keep' };
    return { kind: 'hashed', stored: { hash: user.password!, salt: user.salt!, scheme: user.encryptionScheme!, factor: user.factor! } };
  }
  // sendSetPasswordEmail: "any provided password field is ignored. FusionAuth will set the initial
  // password to a securely generated random string." (Sending the email is a later issue.)
  const plain = creating && request.sendSetPasswordEmail === true ? randomBytes(32).toString('base64url') : blankToUndefined(user.password);
  if (plain === undefined) {
    if (creating && input.withoutPassword !== true) errors.add('user.password', 'blank', 'You must specify the [user.password] property.');
    return { kind: 'keep' };
  }
  if (!(creating && request.sendSetPasswordEmail === true)) checkPasswordRules(plain, policy.passwordRules, loginIds, 'user.password', errors);
  validateScheme(user, schemes, defaultScheme, errors);
  if (!errors.isEmpty) return { kind: 'keep' };
  return { kind: 'hash', plain, ...hashingOf(user, policy, schemes) };
}

/** Email verification state (seed 001 `skipVerification`; tenant `emailConfiguration.verifyEmail*`). */
function verificationOf(input: PrepareInput, email: string | undefined): Pick<UserDoc, 'verified' | 'verifiedInstant'> {
  const { request, policy, existing, now } = input;
  const verifiedNow = { verified: true, verifiedInstant: existing?.user.verifiedInstant ?? now };
  if (request.skipVerification === true) return verifiedNow;
  if (existing === undefined) return policy.verifyEmail && email !== undefined ? { verified: false } : verifiedNow;
  const previous = { verified: existing.user.verified ?? false, ...(existing.user.verifiedInstant !== undefined ? { verifiedInstant: existing.user.verifiedInstant } : {}) };
  const changed = email !== undefined && email !== existing.user.email;
  // The verified instant is immutable: it records the first verification only.
  if (changed && policy.verifyEmail && policy.verifyEmailWhenChanged) return { ...previous, verified: false };
  return previous;
}

export async function prepareUser(input: PrepareInput, id: string): Promise<StoredUser> {
  const { request, tenantId, policy, users, existing, now } = input;
  const errors = input.errors ?? new ValidationError();
  const user = request.user ?? {};
  const loginIds = normalizeLoginIds(user);
  validateProfile({
    user, loginIds, policy, tenantId,
    disableDomainBlock: request.disableDomainBlock === true,
    emailRequired: existing === undefined && request.sendSetPasswordEmail === true,
  }, errors);
  const plan = planPassword(input, user, loginIds, errors);
  // A plan to hash means every rule so far passed; FusionAuth checks the history last, and only on update.
  if (plan.kind === 'hash' && existing !== undefined && input.history !== undefined) {
    const { history, schemes } = input;
    const check = { password: plan.plain, userId: existing.user.id, current: existing.password, rules: policy.passwordRules, schemes, history };
    await checkPreviouslyUsed(check, 'user.password', errors);
  }
  const twoFactor = twoFactorToStore(user.twoFactor, existing?.user.twoFactor, errors);

  const emailOk = loginIds.email !== undefined && errors.fieldErrors['user.email'] === undefined;
  const usernameOk = loginIds.username !== undefined && errors.fieldErrors['user.username'] === undefined;
  if (emailOk || usernameOk) {
    const taken = await users.conflicts(tenantId, emailOk ? loginIds.email : undefined, usernameOk ? loginIds.username!.toLowerCase() : undefined, existing?.user.id);
    if (taken.email) errors.add('user.email', 'duplicate', `A User with email = [${loginIds.email}] already exists.`);
    if (taken.username) errors.add('user.username', 'duplicate', `A User with username = [${loginIds.username}] already exists.`);
  }
  errors.throwIfAny();

  let password = existing?.password;
  if (plan.kind === 'hash') password = await input.schemes.hash(plan.plain, plan.scheme, plan.factor);
  if (plan.kind === 'hashed') password = plan.stored;
  const passwordChanged = plan.kind !== 'keep';

  const profile: Partial<User> = {};
  for (const field of PROFILE_FIELDS) {
    if (user[field] !== undefined) (profile as Record<string, unknown>)[field] = user[field];
  }
  const passwordChangeRequired = user.passwordChangeRequired === true;
  const kept = existing?.user;
  // Immutable once the user exists (docs: user.legacyIdentifier).
  const legacyIdentifier = kept === undefined ? user.legacyIdentifier : kept.legacyIdentifier;
  const doc: UserDoc = {
    ...profile,
    id,
    tenantId,
    ...loginIds,
    active: kept?.active ?? true,
    connectorId: kept?.connectorId ?? FUSIONAUTH_CONNECTOR_ID,
    data: user.data ?? {},
    preferredLanguages: user.preferredLanguages ?? [],
    usernameStatus: user.usernameStatus ?? 'ACTIVE',
    passwordChangeRequired,
    ...(passwordChangeRequired ? { passwordChangeReason: user.passwordChangeReason ?? kept?.passwordChangeReason ?? 'Administrative' } : {}),
    ...(passwordChanged ? { passwordLastUpdateInstant: now } : kept?.passwordLastUpdateInstant !== undefined ? { passwordLastUpdateInstant: kept.passwordLastUpdateInstant } : {}),
    ...verificationOf(input, loginIds.email),
    twoFactor,
    ...(legacyIdentifier !== undefined ? { legacyIdentifier } : {}),
    ...(kept?.breachedPasswordStatus !== undefined && !passwordChanged ? { breachedPasswordStatus: kept.breachedPasswordStatus } : {}),
    ...(kept?.breachedPasswordLastCheckedInstant !== undefined && !passwordChanged ? { breachedPasswordLastCheckedInstant: kept.breachedPasswordLastCheckedInstant } : {}),
    insertInstant: kept?.insertInstant ?? now,
    lastUpdateInstant: now,
    ...(kept?.lastLoginInstant !== undefined ? { lastLoginInstant: kept.lastLoginInstant } : {}),
  };
  return password === undefined ? { user: doc } : { user: doc, password };
}
