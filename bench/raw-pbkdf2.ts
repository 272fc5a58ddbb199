/**
 * The physical limit for logins: PBKDF2-HMAC-SHA256 at FusionAuth's default factor (24000), hashed with
 * the same concurrency the HTTP load uses, in a process of its own (same libuv pool as the server).
 * Prints `hashes/s <n>`.
 */
import { pbkdf2, randomBytes } from 'node:crypto';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONNECTIONS ?? 16);
const salt = randomBytes(32);
const deadline = Date.now() + seconds * 1000;
let done = 0;

function worker(): Promise<void> {
  return new Promise((resolve) => {
    const next = (): void => {
      if (Date.now() >= deadline) return resolve();
      pbkdf2('bench-password-1', salt, 24_000, 32, 'sha256', () => {
        done++;
        next();
      });
    };
    next();
  });
}

const started = Date.now();
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`hashes/s ${Math.round(done / ((Date.now() - started) / 1000))}\n`);
