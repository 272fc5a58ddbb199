/**
 * The account-lifecycle shapes (seed 001 "Verify a User's Email", "Resend Verification Email", "Start
 * Forgot Password Workflow", "Change a User's Password"; docs apis/registrations "Verify a User
 * Registration"; client 1.69 `VerifyEmailRequest/Response`, `ForgotPasswordRequest/Response`,
 * `ChangePasswordRequest/Response`, `VerifyRegistrationRequest/Response`), and the small typed state
 * each one-time flow row remembers. Unknown top-level request properties are ignored, as FusionAuth's
 * JSON binding does.
 */
import { Type, type Static } from '@sinclair/typebox';

const FreeMap = () => Type.Record(Type.String(), Type.Unknown());

/** POST /api/user/verify-email[/{verificationId}]: the id (and FormField code), or `userId` with an API key. */
export const VerifyEmailRequestSchema = Type.Object({
  eventInfo: Type.Optional(FreeMap()),
  oneTimeCode: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  verificationId: Type.Optional(Type.String()),
});
export type VerifyEmailRequest = Static<typeof VerifyEmailRequestSchema>;

/** POST /api/user/verify-registration[/{verificationId}]. */
export const VerifyRegistrationRequestSchema = Type.Object({
  eventInfo: Type.Optional(FreeMap()),
  oneTimeCode: Type.Optional(Type.String()),
  verificationId: Type.Optional(Type.String()),
});
export type VerifyRegistrationRequest = Static<typeof VerifyRegistrationRequestSchema>;

/** POST /api/user/forgot-password. `email` and `username` are the client's older names for `loginId`. */
export const ForgotPasswordRequestSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  changePasswordId: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  eventInfo: Type.Optional(FreeMap()),
  loginId: Type.Optional(Type.String()),
  loginIdTypes: Type.Optional(Type.Array(Type.String())),
  sendForgotPasswordEmail: Type.Optional(Type.Boolean()),
  sendForgotPasswordMessage: Type.Optional(Type.Boolean()),
  state: Type.Optional(FreeMap()),
  username: Type.Optional(Type.String()),
});
export type ForgotPasswordRequest = Static<typeof ForgotPasswordRequestSchema>;

/** POST /api/user/change-password[/{changePasswordId}]. */
export const ChangePasswordRequestSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  changePasswordId: Type.Optional(Type.String()),
  currentPassword: Type.Optional(Type.String()),
  eventInfo: Type.Optional(FreeMap()),
  loginId: Type.Optional(Type.String()),
  loginIdTypes: Type.Optional(Type.Array(Type.String())),
  password: Type.Optional(Type.String()),
  refreshToken: Type.Optional(Type.String()),
  trustChallenge: Type.Optional(Type.String()),
  trustToken: Type.Optional(Type.String()),
});
export type ChangePasswordRequest = Static<typeof ChangePasswordRequestSchema>;

export interface ChangePasswordResponse {
  oneTimePassword?: string;
  state?: Record<string, unknown>;
}

/**
 * A verification started for an email address or a registration. `oneTimeCode` is present with the
 * FormField strategy. The Resend API's JSON names the code `oneTimeCode` (client `VerifyEmailResponse`)
 * and the seed's example `verificationOneTimeCode`; both are sent (see routes).
 */
export interface StartedVerification {
  readonly verificationId: string;
  readonly oneTimeCode?: string;
}

/** What a change-password or setup-password flow remembers. */
export interface PasswordFlowState extends Record<string, unknown> {
  /** The id went out by email (Forgot Password, Set Password): using it proves the address (implicit verification). */
  readonly sentViaEmail?: boolean;
  /** The email address the id was sent to, when it was. */
  readonly email?: string;
  readonly applicationId?: string;
  /** The Forgot Password request's `state`, returned by Change Password. */
  readonly state?: Record<string, unknown>;
  /** Set by a login that required a password change (203). */
  readonly changePasswordReason?: string;
  /** Set when that login had just completed a second factor: no trust token is needed (change-password.ts). */
  readonly implicitTrust?: boolean;
}

/** What an email-verification flow remembers: the address it verifies and, for FormField, the code's hash. */
export interface EmailVerificationState extends Record<string, unknown> {
  readonly email: string;
  readonly oneTimeCodeHash?: string;
  readonly applicationId?: string;
}

/** What a registration-verification flow remembers. */
export interface RegistrationVerificationState extends Record<string, unknown> {
  readonly applicationId: string;
  readonly oneTimeCodeHash?: string;
}

export const PASSWORD_FLOW_KINDS = ['changePassword', 'setupPassword'] as const;
