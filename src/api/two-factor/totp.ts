/**
 * TOTP (RFC 6238) for `authenticator` methods, through `otpauth` (DESIGN §6). FusionAuth names the
 * algorithms `HmacSHA1`/`HmacSHA256`/`HmacSHA512`; codes are `codeLength` digits over `timeStep`
 * seconds, and one step of clock skew either way is accepted. The time comes from the injected clock.
 * The matched counter is returned so a caller can refuse the same step twice (codes are used once).
 */
import { Secret, TOTP } from 'otpauth';

export interface AuthenticatorSettings {
  readonly algorithm?: string;
  readonly codeLength?: number;
  readonly timeStep?: number;
}

const ALGORITHMS: Record<string, string> = { HmacSHA1: 'SHA1', HmacSHA256: 'SHA256', HmacSHA512: 'SHA512' };

export const DEFAULT_AUTHENTICATOR = { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 } as const;

function totpOf(secretBytes: Uint8Array, settings: AuthenticatorSettings): TOTP {
  return new TOTP({
    secret: new Secret({ buffer: secretBytes.slice().buffer }),
    algorithm: ALGORITHMS[settings.algorithm ?? DEFAULT_AUTHENTICATOR.algorithm] ?? 'SHA1',
    digits: settings.codeLength ?? DEFAULT_AUTHENTICATOR.codeLength,
    period: settings.timeStep ?? DEFAULT_AUTHENTICATOR.timeStep,
  });
}

/** The code at `timestamp` (epoch ms). */
export function totpCode(secretBytes: Uint8Array, settings: AuthenticatorSettings, timestamp: number): string {
  return totpOf(secretBytes, settings).generate({ timestamp });
}

/** The time-step counter `code` belongs to (within one step of `now`), or undefined. */
export function matchTotp(secretBytes: Uint8Array, settings: AuthenticatorSettings, code: string, now: number): number | undefined {
  const totp = totpOf(secretBytes, settings);
  if (!/^\d+$/.test(code) || code.length !== totp.digits) return undefined;
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : totp.counter({ timestamp: now }) + delta;
}

/** FusionAuth stores and returns the secret base64-encoded; `secretBase32Encoded` is what apps show. */
export const base64ToBytes = (secret: string): Uint8Array => new Uint8Array(Buffer.from(secret, 'base64'));
export const base32ToBytes = (secret: string): Uint8Array => Secret.fromBase32(secret.replace(/[\s=]/g, '').toUpperCase()).bytes;
export const bytesToBase32 = (bytes: Uint8Array): string => new Secret({ buffer: bytes.slice().buffer }).base32;
