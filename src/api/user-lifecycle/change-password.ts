/**
 * Change a User's Password (seed 001), in its three forms, and the GET checks (docs "Validate a
 * password change"). Who the user is comes from an authority:
 *
 *   changePasswordId  a change-password or set-password flow row (no authentication); unknown,
 *                     expired or used → 404
 *   loginId           with an API key; an unknown login id → 400 `[invalid]loginId`, a wrong
 *                     `currentPassword` → 400 `[invalid]currentPassword` (FusionAuth 1.43+)
 *   JWT               the access token's subject; `currentPassword` is required, a wrong one → 404
 *
 * The new password must pass the tenant's rules (`passwordValidationRules`, `minimumPasswordAge`).
 * On success the password is replaced and `passwordChangeRequired` cleared; the user's
 * change-password and set-password ids are spent; their refresh tokens are revoked (tenant
 * `refreshTokenRevocationPolicy.onPasswordChanged`, default on); an id that went out by email to the
 * user's address verifies that address when the tenant allows implicit verification. The id and JWT
 * forms answer a one-time password for the Login API, with the Forgot Password request's `state`.
 *
 * A user with two-factor methods must also prove a fresh second factor, in every form (FusionAuth
 * 1.33+, fusionauth-issues #1909): a `trustToken` from a completed Two-Factor Login, with the
 * `trustChallenge` its Start request named, if it named one. Without it the answer is 400 with the
 * general error `[TrustTokenRequired]` alone (other errors are withheld). An id issued right after a
 * second factor (the 203 of the Complete Two-Factor Login API) carries that proof (`implicitTrust`).
 * The GET check answers the same error, so a caller learns before asking for the new password.
 */
import { fieldError, generalError, NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { scopedTo } from '../../db/database.js';
import { createFlowStore, type Flow } from '../../flows/store.js';
import { createOneTimePassword } from '../login/one-time-password.js';
import { hashRefreshToken } from '../jwt/refresh-token-values.js';
import { createRefreshTokenStore } from '../jwt/store.js';
import type { StoredTenant } from '../tenant/store.js';
import { consumeTrustToken, trustTokenValid } from '../two-factor/trust.js';
import type { LoginIdType } from '../user/model.js';
import type { StoredUser } from '../user/store.js';
import { checkPreviouslyUsed, rememberReplacedPassword } from '../user/password-history.js';
import { createPasswordHistoryStore } from '../user/password-history-store.js';
import { checkPasswordRules } from '../user/password-rules.js';
import { userPolicyOf } from '../user/tenant-policy.js';
import type { AccountEmail } from './account-email.js';
import { accountWrites } from './account-writes.js';
import { applicationIn, findAccountUser, tenantOf, type AccountUser, type LifecycleDeps } from './context.js';
import { PASSWORD_FLOW_KINDS, type ChangePasswordResponse, type PasswordFlowState } from './model.js';

export type ChangeAuthority =
  | { readonly kind: 'changePasswordId'; readonly changePasswordId: string; readonly explicitTenantId?: string }
  | { readonly kind: 'loginId'; readonly tenantId: string; readonly loginId: string; readonly loginIdTypes: readonly LoginIdType[]; readonly applicationId?: string }
  | { readonly kind: 'jwt'; readonly accessToken: string | undefined; readonly explicitTenantId?: string };

export interface NewPasswordRequest {
  readonly password?: string;
  readonly currentPassword?: string;
  readonly trustToken?: string;
  readonly trustChallenge?: string;
  /** JWT form: the user's refresh token (the `refresh_token` cookie, else the body), which makes the one-time password refresh-token eligible. */
  readonly refreshToken?: string;
}

export interface ChangePasswordService {
  /** Changes the password; the response body, or undefined for the login-id form (no body). */
  change(authority: ChangeAuthority, request: NewPasswordRequest): Promise<ChangePasswordResponse | undefined>;
  /** The GET: returns when the change could proceed; 404 (or 401 for a bad JWT), or 400 `[TrustTokenRequired]`, otherwise. */
  check(authority: ChangeAuthority): Promise<void>;
}

/** Whom an authority names. `flow` is set for the changePasswordId form. */
interface Subject {
  readonly tenant: StoredTenant;
  readonly user: AccountUser;
  readonly stored: StoredUser;
  readonly flow?: Flow<PasswordFlowState>;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';
const SECOND = 1000;

const trustTokenRequired = (): ValidationError =>
  generalError('[TrustTokenRequired]', 'This request requires a trust token. Complete a Two-Factor Login (Start Two-Factor API) to obtain one.');

/** Whether changing this user's password needs a trust token: they have two-factor methods and no id vouches for them. */
const needsTrust = ({ user, flow }: Subject): boolean => (user.twoFactor?.methods ?? []).length > 0 && flow?.state.implicitTrust !== true;

export function createChangePasswordService(deps: LifecycleDeps): ChangePasswordService {
  const { flows, clock } = deps;

  async function passwordFlow(id: string, now: number): Promise<Flow<PasswordFlowState> | undefined> {
    for (const kind of PASSWORD_FLOW_KINDS) {
      const flow = await flows.find<PasswordFlowState>(id, kind, now);
      if (flow !== undefined) return flow;
    }
    return undefined;
  }

  async function subjectOf(tenantId: string, userId: string, explicitTenantId: string | undefined, flow?: Flow<PasswordFlowState>): Promise<Subject | undefined> {
    if (explicitTenantId !== undefined && tenantId !== explicitTenantId) return undefined;
    const user = await findAccountUser(deps, userId, explicitTenantId);
    const stored = user === undefined ? undefined : await deps.findStoredUser(user.id);
    if (user === undefined || stored === undefined) return undefined;
    return { tenant: await tenantOf(deps, user.tenantId), user, stored, ...(flow !== undefined ? { flow } : {}) };
  }

  /** The subject, or undefined when the authority names nobody; 401 for an unusable JWT. */
  async function resolve(authority: ChangeAuthority, now: number): Promise<Subject | undefined> {
    switch (authority.kind) {
      case 'changePasswordId': {
        const flow = await passwordFlow(authority.changePasswordId, now);
        if (flow === undefined || flow.userId === undefined) return undefined;
        return subjectOf(flow.tenantId, flow.userId, authority.explicitTenantId, flow);
      }
      case 'loginId': {
        const stored = await deps.findUserByLoginId(authority.tenantId, authority.loginId.trim(), authority.loginIdTypes);
        return stored === undefined ? undefined : subjectOf(stored.user.tenantId, stored.user.id, undefined);
      }
      case 'jwt': {
        const claims = authority.accessToken === undefined ? undefined : await deps.verifyAccessToken(authority.accessToken);
        const subject = claims?.sub;
        if (typeof subject !== 'string' || !isUuid(subject)) throw new UnauthorizedError();
        const stored = await deps.findStoredUser(normalizeId(subject));
        return stored === undefined ? undefined : subjectOf(stored.user.tenantId, stored.user.id, authority.explicitTenantId);
      }
    }
  }

  /** The tenant's rules for a new password; `minimumPasswordAge` does not hold back setting a first password. */
  function checkNewPassword(subject: Subject, password: string, now: number, errors: ValidationError): void {
    const { tenant, user, flow } = subject;
    checkPasswordRules(password, userPolicyOf(tenant).passwordRules, { email: user.email, username: user.username }, 'password', errors);
    const minimumAge = tenant.minimumPasswordAge;
    const last = user.passwordLastUpdateInstant;
    if (minimumAge?.enabled === true && flow?.kind !== 'setupPassword' && last !== undefined && last + (minimumAge.seconds ?? 30) * SECOND > now) {
      errors.add('password', 'tooYoung', `The password was changed too recently. It may be changed again after [${minimumAge.seconds ?? 30}] seconds.`);
    }
  }

  async function currentPasswordMatches(stored: StoredUser, currentPassword: string): Promise<boolean> {
    return stored.password !== undefined && deps.schemes.verify(currentPassword, stored.password);
  }

  /**
   * Whether the one-time password may yield a refresh token on login. Seed 001 puts the condition on the
   * JWT form only: there the caller must present "the user's existing refresh token", so a value that is
   * not one of this user's refresh tokens counts as none. Asked before the change revokes the tokens.
   */
  async function refreshTokenEligible(authority: ChangeAuthority, userId: string, refreshToken: string | undefined): Promise<boolean> {
    if (authority.kind !== 'jwt') return true;
    if (blank(refreshToken)) return false;
    const found = await createRefreshTokenStore(deps.database).findByHash(hashRefreshToken(refreshToken!));
    return found?.token.userId === userId;
  }

  /** Implicit verification: the id was emailed to the address the user still has, and the tenant allows it. */
  function verifiesEmail({ tenant, user, flow }: Subject): boolean {
    const sentTo = flow?.state.email;
    return flow?.state.sentViaEmail === true && tenant.emailConfiguration?.implicitEmailVerificationAllowed !== false
      && sentTo !== undefined && user.email !== undefined && sentTo.toLowerCase() === user.email.toLowerCase();
  }

  /** `trustToken` is set when the change relies on one: it is used up with the change, or the change fails. */
  async function apply(subject: Subject, authority: ChangeAuthority, password: string, trustToken: string | undefined, now: number): Promise<void> {
    const { tenant, user, flow } = subject;
    const policy = userPolicyOf(tenant);
    const scheme = deps.schemes.get(policy.encryptionScheme) !== undefined ? policy.encryptionScheme : deps.schemes.names()[0]!;
    const factor = deps.schemes.isValidFactor(scheme, policy.encryptionFactor) ? policy.encryptionFactor : deps.schemes.get(scheme)!.defaultFactor;
    // Hash before the transaction: a slow hash never holds a connection.
    const hashed = await deps.schemes.hash(password, scheme, factor);
    const changed = await deps.database.transaction(async (tx) => {
      const scoped = scopedTo(deps.database, tx);
      const scopedFlows = createFlowStore(scoped);
      if (authority.kind === 'changePasswordId' && flow !== undefined && (await scopedFlows.consume(authority.changePasswordId, flow.kind, now)) === undefined) return false;
      // A token another request used meanwhile: the thrown error rolls the transaction back.
      if (trustToken !== undefined && !(await consumeTrustToken(scopedFlows, trustToken, now))) throw trustTokenRequired();
      if (!(await accountWrites(scoped).setPassword(user.id, { password: hashed, verifiesEmail: verifiesEmail(subject) }, now))) return false;
      await rememberReplacedPassword(createPasswordHistoryStore(tx), policy.passwordRules, user, subject.stored.password, hashed, now);
      await scopedFlows.deleteForUser(user.id, PASSWORD_FLOW_KINDS);
      return true;
    });
    if (!changed) throw new NotFoundError();
    if (tenant.jwtConfiguration?.refreshTokenRevocationPolicy?.onPasswordChanged !== false) await deps.revokeRefreshTokens(user.id);
    const notice: AccountEmail | undefined = flow === undefined ? 'passwordUpdate' : flow.kind === 'changePassword' ? 'passwordResetSuccess' : undefined;
    if (notice !== undefined && user.email !== undefined) {
      // The application whose templates apply: the one the id was issued for, or the one the request names.
      const application = await applicationIn(deps, tenant.id, flow?.state.applicationId ?? (authority.kind === 'loginId' ? authority.applicationId : undefined));
      await deps.emails.send({ email: notice, tenant, to: user, ...(application !== undefined ? { application } : {}) });
    }
  }

  return {
    async change(authority, request) {
      const now = clock.now();
      const errors = new ValidationError();
      if (blank(request.password)) errors.add('password', 'blank', 'You must specify the [password] property.');
      if (authority.kind === 'jwt' && blank(request.currentPassword)) {
        errors.add('currentPassword', 'blank', 'You must specify the [currentPassword] property when changing a password with a JWT.');
      }
      const subject = await resolve(authority, now);
      if (subject === undefined && authority.kind === 'loginId') {
        throw fieldError('loginId', 'invalid', `No user was found with the login id [${authority.loginId}].`);
      }
      if (subject === undefined) {
        errors.throwIfAny();
        throw new NotFoundError();
      }
      const requiresTrust = needsTrust(subject);
      const trustToken = requiresTrust ? request.trustToken : undefined;
      if (requiresTrust && !(await trustTokenValid(flows, trustToken, request.trustChallenge, subject.user.id, now))) throw trustTokenRequired();
      checkNewPassword(subject, request.password ?? '', now, errors);
      errors.throwIfAny();

      // "When this parameter is provided the current password will be verified to be correct."
      if (!blank(request.currentPassword) && !(await currentPasswordMatches(subject.stored, request.currentPassword!))) {
        // With an API key FusionAuth says which value was wrong; otherwise it answers 404 (seed 001).
        if (authority.kind === 'loginId') throw fieldError('currentPassword', 'invalid', 'The [currentPassword] is not correct.');
        throw new NotFoundError();
      }
      // The history last, once every other rule passed (FusionAuth's order), and after the current
      // password is proven: otherwise `[previouslyUsed]` would tell a JWT holder what the current one is.
      const reused = new ValidationError();
      await checkPreviouslyUsed({
        password: request.password!, userId: subject.stored.user.id, current: subject.stored.password,
        rules: userPolicyOf(subject.tenant).passwordRules, schemes: deps.schemes, history: createPasswordHistoryStore(deps.database.db),
      }, 'password', reused);
      reused.throwIfAny();
      const eligible = await refreshTokenEligible(authority, subject.user.id, request.refreshToken);
      await apply(subject, authority, request.password!, trustToken, now);
      if (authority.kind === 'loginId') return undefined;
      const state = subject.flow?.state.state;
      const oneTimePassword = await createOneTimePassword(flows, {
        tenant: subject.tenant, userId: subject.user.id, refreshTokenEligible: eligible, now, ...(state !== undefined ? { state } : {}),
      });
      return { oneTimePassword, ...(state !== undefined ? { state } : {}) };
    },

    async check(authority) {
      const subject = await resolve(authority, clock.now());
      if (subject === undefined) throw new NotFoundError();
      if (needsTrust(subject)) throw trustTokenRequired();
    },
  };
}
