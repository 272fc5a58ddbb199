/**
 * The codes a person types: recovery codes and the one-time codes sent by email or SMS.
 *
 * - Recovery codes: FusionAuth generates ten when the first method is enabled, each usable once. They
 *   are kept as issued, because the Retrieve Recovery Codes API answers them again; they sit beside the
 *   authenticator secrets, which must be readable to check a code, so hashing them alone would protect
 *   nothing that a reader of the user row does not already have.
 * - One-time codes: made with the tenant's `twoFactorOneTimeCodeIdGenerator` (default six digits) and
 *   live `twoFactorOneTimeCodeIdTimeToLiveInSeconds` (default 60). A code is a flow row addressed by its
 *   destination and value (`email:<address>:<code>`), so a code sent to an address proves that address,
 *   whether the caller is enabling, disabling or completing a login.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { generateSecret, hashSecret } from '../../flows/secrets.js';
import type { FlowStore } from '../../flows/store.js';
import type { StoredTenant } from '../tenant/store.js';

export const RECOVERY_CODE_COUNT = 10;

/** A new code from the tenant's `twoFactorOneTimeCodeIdGenerator` (default six digits). */
export const newOneTimeCode = (tenant: StoredTenant): string =>
  generateSecret(tenant.externalIdentifierConfiguration?.twoFactorOneTimeCodeIdGenerator ?? { length: 6, type: 'randomDigits' });
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Ten codes such as `7KQ2M-XR9DB`. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/**
 * The stored codes without the one `code` names (case-insensitively, as generated codes are upper case),
 * or undefined when it names none. Both sides are compared as SHA-256 digests, so the comparison is
 * constant-time and of equal length whatever was typed.
 */
export function withoutRecoveryCode(codes: readonly string[], code: string): string[] | undefined {
  const digest = (value: string): Buffer => Buffer.from(hashSecret(value.trim().toUpperCase()), 'hex');
  const wanted = digest(code);
  const index = codes.findIndex((stored) => timingSafeEqual(digest(stored), wanted));
  return index < 0 ? undefined : codes.filter((_, i) => i !== index);
}

export type Destination = { readonly kind: 'email'; readonly value: string } | { readonly kind: 'sms'; readonly value: string };

const destinationKey = (destination: Destination): string =>
  `${destination.kind}:${destination.kind === 'email' ? destination.value.trim().toLowerCase() : destination.value.replace(/[^\d+]/g, '')}`;

export interface OneTimeCodes {
  /** Issues a code for `destination` and returns it (for delivery). */
  issue(tenant: StoredTenant, destination: Destination, userId: string | undefined, now: number): Promise<string>;
  /** Uses the live code sent to `destination`, once. */
  use(destination: Destination, code: string, now: number): Promise<boolean>;
}

export function createOneTimeCodes(flows: FlowStore): OneTimeCodes {
  return {
    async issue(tenant, destination, userId, now) {
      const ttl = (tenant.externalIdentifierConfiguration?.twoFactorOneTimeCodeIdTimeToLiveInSeconds ?? 60) * 1000;
      // A clash with a live code for the same destination is possible with short codes: draw again.
      for (let attempt = 0; ; attempt += 1) {
        const code = newOneTimeCode(tenant);
        try {
          await flows.create(`${destinationKey(destination)}:${code}`, {
            tenantId: tenant.id, ...(userId !== undefined ? { userId } : {}), kind: 'twoFactorCode', state: {}, expiresInstant: now + ttl,
          }, now);
          return code;
        } catch (error) {
          if (attempt >= 5) throw error;
        }
      }
    },

    async use(destination, code, now) {
      if (code.trim() === '') return false;
      return (await flows.consume(`${destinationKey(destination)}:${code.trim()}`, 'twoFactorCode', now)) !== undefined;
    },
  };
}
