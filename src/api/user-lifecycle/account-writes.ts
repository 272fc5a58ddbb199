/**
 * The writes the account flows make to users and registrations: a verified email, a new password, a
 * verified registration. Each reads the row and rewrites it through the owning group's store, on the
 * database handle it is given, so a caller can run it in the same transaction that uses up the flow
 * row: the id is spent exactly when the change is made.
 */
import type { StoredPassword } from '../../crypto/password/index.js';
import type { Database } from '../../db/database.js';
import { createRegistrationStore } from '../registration/store.js';
import { createUserStore, type StoredUser, type UserDoc } from '../user/store.js';

export interface NewPassword {
  readonly password: StoredPassword;
  /** The change proved the email address (an emailed id, implicit verification allowed). */
  readonly verifiesEmail: boolean;
}

export interface AccountWrites {
  /**
   * Marks the user's email verified, when the user exists and (if `email` is given) still has that
   * address. Answers the user as it was before, or undefined when nothing matched.
   */
  verifyEmail(userId: string, email: string | undefined, now: number): Promise<StoredUser | undefined>;
  /** Replaces the password; clears `passwordChangeRequired`. False when the user is gone. */
  setPassword(userId: string, change: NewPassword, now: number): Promise<boolean>;
  /** Marks the registration verified; answers whether it was unverified, or undefined when there is none. */
  verifyRegistration(userId: string, applicationId: string, now: number): Promise<{ wasVerified: boolean } | undefined>;
}

const sameAddress = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The verified state: `verifiedInstant` records the first verification only, as FusionAuth keeps it. */
const verifiedDoc = (user: UserDoc, now: number): UserDoc => ({ ...user, verified: true, verifiedInstant: user.verifiedInstant ?? now });

export function accountWrites(database: Database): AccountWrites {
  const users = createUserStore(database.db);
  return {
    async verifyEmail(userId, email, now) {
      const stored = await users.find(userId);
      if (stored === undefined || (email !== undefined && !sameAddress(stored.user.email, email))) return undefined;
      if (stored.user.verified !== true) await users.update({ ...stored, user: { ...verifiedDoc(stored.user, now), lastUpdateInstant: now } });
      return stored;
    },

    async setPassword(userId, change, now) {
      const stored = await users.find(userId);
      if (stored === undefined) return false;
      // A new password is no longer required, breached or expired: those markers go with the old one.
      const {
        passwordChangeReason: _reason, breachedPasswordStatus: _status, breachedPasswordLastCheckedInstant: _checked, ...rest
      } = stored.user;
      const base: UserDoc = { ...rest, passwordChangeRequired: false, passwordLastUpdateInstant: now, lastUpdateInstant: now };
      const user = change.verifiesEmail && stored.user.verified !== true ? verifiedDoc(base, now) : base;
      await users.update({ user, password: change.password });
      return true;
    },

    async verifyRegistration(userId, applicationId, now) {
      const registrations = createRegistrationStore(database);
      const registration = await registrations.find(userId, applicationId);
      if (registration === undefined) return undefined;
      if (registration.verified === true) return { wasVerified: true };
      const tokenHash = await registrations.authenticationTokenHash(userId, applicationId);
      await registrations.update(userId, { ...registration, verified: true, verifiedInstant: registration.verifiedInstant ?? now, lastUpdateInstant: now }, tokenHash);
      return { wasVerified: false };
    },
  };
}
