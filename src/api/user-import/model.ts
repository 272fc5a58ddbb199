/**
 * `POST /api/user/import` (seed 001 "Import Users"; the 1.69 client's `ImportRequest`): a list of
 * Users in the Users API's own shape (so every field, registrations and memberships included, is read
 * with `UserSchema`), the scheme and factor for plain-text passwords, and `validateDbConstraints`.
 * Unknown top-level properties are ignored, like the Users API's request.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { NewGroupMember } from '../group/store.js';
import type { StoredRegistration } from '../registration/model.js';
import { UserSchema } from '../user/model.js';
import type { StoredUser } from '../user/store.js';

export const ImportRequestSchema = Type.Object({
  users: Type.Optional(Type.Array(UserSchema)),
  encryptionScheme: Type.Optional(Type.String()),
  factor: Type.Optional(Type.Integer()),
  validateDbConstraints: Type.Optional(Type.Boolean()),
  eventInfo: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type ImportRequest = Static<typeof ImportRequestSchema>;

/**
 * FusionAuth's answer when the fast path (no `validateDbConstraints`) hits a database constraint: a 500
 * with this general error (fusionauth-issues #520 and #709 quote it), nothing imported.
 */
export const IMPORT_FAILED_CODE = '[ImportRequestFailed]';
export const IMPORT_FAILED_MESSAGE =
  'An error occurred during the import request. This is most likely due to a unique key constraint which would indicate one or more of the users in the import request already exist in FusionAuth. Re-attempt the request with additional validation by using the [validateDbConstraints] property. If you have already enabled the additional validation and you still receive this error, please open a bug report.';

/** A plain-text password still to hash (seed: "it will be hashed during import"). */
export interface PlainPassword {
  readonly password: string;
  readonly scheme: string;
  readonly factor: number;
}

/** One user of the request, validated and ready to write (but for a plain-text password to hash). */
export interface ImportedUser {
  /** Position in `users`, for error messages. */
  readonly index: number;
  readonly stored: StoredUser;
  readonly plain?: PlainPassword;
  readonly registrations: readonly StoredRegistration[];
  readonly members: readonly NewGroupMember[];
  /** The ids the request supplied: only those can collide with rows already in the database. */
  readonly supplied: { readonly userId: boolean; readonly registrationIds: readonly string[]; readonly memberIds: readonly string[] };
}

/** Everything one import writes, in one transaction. */
export interface ImportBatch {
  readonly users: readonly { readonly stored: StoredUser; readonly registrations: readonly StoredRegistration[] }[];
  readonly members: readonly NewGroupMember[];
}
