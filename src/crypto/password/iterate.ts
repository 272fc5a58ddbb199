/**
 * Iterated digests without blocking the event loop. Node has no asynchronous "hash N times"
 * primitive (PBKDF2 is the only iterated one, on the libuv pool), so the legacy schemes that chain
 * MD5/SHA digests (salted-md5, salted-sha256, phpass) run their rounds in short slices and yield to
 * the event loop between slices: a salted-md5 hash at its default 20 000 rounds is about twenty
 * one-millisecond slices, and other requests are served in between.
 */
import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Rounds per slice: about a millisecond of MD5/SHA-2 work on short inputs. */
const ROUNDS_PER_SLICE = 1024;

export type DigestAlgorithm = 'md5' | 'sha256' | 'sha512';

/** One digest of `data`, as raw bytes. (createHash rather than crypto.hash, which needs Node 20.12.) */
export const digest = (algorithm: DigestAlgorithm, data: Buffer): Buffer => createHash(algorithm).update(data).digest();

/** Applies `round` to `value` `rounds` times, yielding to the event loop between slices. */
export async function iterate(value: Buffer, rounds: number, round: (previous: Buffer) => Buffer): Promise<Buffer> {
  let current = value;
  let remaining = rounds;
  while (remaining > 0) {
    const slice = Math.min(remaining, ROUNDS_PER_SLICE);
    for (let i = 0; i < slice; i++) current = round(current);
    remaining -= slice;
    if (remaining > 0) await yieldToEventLoop();
  }
  return current;
}
