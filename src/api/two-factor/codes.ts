/**
 * The codes a person types: recovery codes and the one-time codes sent by email or SMS.
 *
 * - Recovery codes: FusionAuth generates ten when the first method is enabled; they are shown once and
 *   stored as SHA-256 hex (the convention of the Import Users API), each usable once.
 * - One-time codes: made with the tenant's `twoFactorOneTimeCodeIdGenerator` (default six digits) and
 *   live `twoFactorOneTimeCodeIdTimeToLiveInSeconds` (default 60). A code is a flow row addressed by its
 *   destination and value (`email:<address>:<code>`), so a code sent to an address proves that address,
 *   whether the caller is enabling, disabling or completing a login.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { generateSecret, hashSecret, type SecretGenerator } from '../../flows/secrets.js';
import type { FlowStore } from '../../flows/store.js';
import type { StoredTenant } from '../tenant/store.js';

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Ten codes such as `7KQ2M-XR9DB`; the caller shows them once and stores `hashRecoveryCodes(codes)`. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export const hashRecoveryCodes = (codes: readonly string[]): string[] => codes.map((code) => hashSecret(code.trim()));

/** The stored hashes without the one `code` names, or undefined when it names none (constant-time compare). */
export function withoutRecoveryCode(hashes: readonly string[], code: string): string[] | undefined {
  const wanted = Buffer.from(hashSecret(code.trim().toUpperCase()), 'hex');
  const exact = Buffer.from(hashSecret(code.trim()), 'hex');
  const index = hashes.findIndex((hash) => {
    const stored = Buffer.from(hash, 'hex');
    return stored.length === wanted.length && (timingSafeEqual(stored, wanted) || timingSafeEqual(stored, exact));
  });
  return index < 0 ? undefined : hashes.filter((_, i) => i !== index);
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
      const configuration = tenant.externalIdentifierConfiguration;
      const generator: SecretGenerator = configuration?.twoFactorOneTimeCodeIdGenerator ?? { length: 6, type: 'randomDigits' };
      const ttl = (configuration?.twoFactorOneTimeCodeIdTimeToLiveInSeconds ?? 60) * 1000;
      // A clash with a live code for the same destination is possible with short codes: draw again.
      for (let attempt = 0; ; attempt += 1) {
        const code = generateSecret(generator);
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
