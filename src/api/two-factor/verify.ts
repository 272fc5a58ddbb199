/**
 * Checking a code a person typed against a user's methods. An authenticator code matches a TOTP step
 * (one step of skew) that was not used before for that method; an email or SMS code must be a live
 * one-time code sent to that method's address; a recovery code is taken off the user's list.
 */
import type { TwoFactorMethod } from '../user/model.js';
import type { OneTimeCodes } from './codes.js';
import { withoutRecoveryCode } from './codes.js';
import type { TwoFactorStore, TwoFactorUser } from './store.js';
import { base64ToBytes, DEFAULT_AUTHENTICATOR, matchTotp } from './totp.js';

export interface CodeChecker {
  /** True when `code` is valid for one of `methods` (and marks it used). */
  methodCode(user: TwoFactorUser, methods: readonly TwoFactorMethod[], code: string, now: number): Promise<boolean>;
  /** True when `code` is one of the user's recovery codes (and removes it). */
  recoveryCode(user: TwoFactorUser, code: string, now: number): Promise<boolean>;
}

export function createCodeChecker(store: TwoFactorStore, codes: OneTimeCodes): CodeChecker {
  async function authenticatorCode(user: TwoFactorUser, method: TwoFactorMethod, code: string, now: number): Promise<boolean> {
    if (method.secret === undefined) return false;
    const settings = { ...DEFAULT_AUTHENTICATOR, ...method.authenticator };
    const counter = matchTotp(base64ToBytes(method.secret), settings, code, now);
    if (counter === undefined) return false;
    // A step stays claimable while its code could still validate: its own window plus one step of skew.
    const expires = (counter + 2) * settings.timeStep * 1000 + 1;
    return store.claimOnce(user.tenantId, user.id, `${method.id ?? ''}:${counter}`, Math.max(expires, now + 1), now);
  }

  return {
    async methodCode(user, methods, code, now) {
      const trimmed = code.trim();
      for (const method of methods) {
        if (method.method === 'authenticator' && (await authenticatorCode(user, method, trimmed, now))) return true;
        if (method.method === 'email' && method.email !== undefined && (await codes.use({ kind: 'email', value: method.email }, trimmed, now))) return true;
        if (method.method === 'sms' && method.mobilePhone !== undefined && (await codes.use({ kind: 'sms', value: method.mobilePhone }, trimmed, now))) return true;
      }
      return false;
    },

    async recoveryCode(user, code, now) {
      if ((user.twoFactor.recoveryCodes ?? []).length === 0) return false;
      const used = await store.updateTwoFactor(user.id, now, (current) => {
        const remaining = withoutRecoveryCode(current.recoveryCodes ?? [], code);
        return remaining === undefined ? undefined : { next: { ...current, recoveryCodes: remaining }, result: true };
      });
      return used === true;
    },
  };
}
