/**
 * The opaque refresh token values. A value is 48 random bytes in base64 (64 characters that may include
 * `+` and `/`, like FusionAuth's); the database only ever sees its SHA-256.
 *
 * One-time-use rotation derives the next value as HMAC-SHA-384(rotationKey, previousValue) with a fresh
 * random key stored on the row. Whoever presents the previous value within the grace period can be
 * handed the same current value again (FusionAuth's `gracePeriodInSeconds`), while neither a database
 * dump (no previous value) nor a stolen old value (no key) yields the current one.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const newRefreshTokenValue = (): string => randomBytes(48).toString('base64');

export const newRotationKey = (): string => randomBytes(32).toString('base64');

export const hashRefreshToken = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export const rotatedValue = (previousValue: string, rotationKey: string): string =>
  createHmac('sha384', Buffer.from(rotationKey, 'base64')).update(previousValue, 'utf8').digest('base64');
