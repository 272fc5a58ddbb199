/** Small readers the lifecycle routes share: non-blank values, login id types, the verification response. */
import type { LoginIdType } from '../user/model.js';
import type { StartedVerification } from './model.js';

export const nonBlank = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The login id types these flows resolve (phone numbers are not login ids here); email then username by default. */
export function loginIdTypesOf(requested: readonly string[] | undefined): LoginIdType[] {
  const known = (requested ?? []).filter((t): t is 'email' | 'username' => t === 'email' || t === 'username');
  return known.length > 0 ? known : ['email', 'username'];
}

/**
 * The Resend APIs' JSON: the client's `VerifyEmailResponse`/`VerifyRegistrationResponse` name the code
 * `oneTimeCode`, the seed's example `verificationOneTimeCode`; both are sent so either reader finds it.
 */
export function verificationResponse(started: StartedVerification): Record<string, string> {
  return {
    verificationId: started.verificationId,
    ...(started.oneTimeCode !== undefined ? { oneTimeCode: started.oneTimeCode, verificationOneTimeCode: started.oneTimeCode } : {}),
  };
}
