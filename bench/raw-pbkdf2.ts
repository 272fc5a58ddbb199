/**
 * The physical limit for logins: PBKDF2-HMAC-SHA256 at FusionAuth's default factor (24000), hashed with
 * the same concurrency the HTTP load uses, in a process of its own (same libuv pool as the server).
 * Prints `hashes/s <n>`, `cpu-us/hash <n>` (the process's CPU, every thread, per hash), `cores <n>` (how
 * many cores it kept busy) and, on Linux, `other-cores <n>` (how many everything else on the machine did).
 */
import { pbkdf2, randomBytes } from 'node:crypto';
import { machineCpuSeconds } from './lib.js';

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
const cpuBefore = process.cpuUsage();
const machineBefore = machineCpuSeconds();
await Promise.all(Array.from({ length: concurrency }, worker));
const cpu = process.cpuUsage(cpuBefore);
const machineAfter = machineCpuSeconds();
const wall = (Date.now() - started) / 1000;
const cores = (cpu.user + cpu.system) / 1e6 / wall;
process.stdout.write(`hashes/s ${Math.round(done / wall)}\ncpu-us/hash ${Math.round((cpu.user + cpu.system) / done)}\ncores ${cores.toFixed(2)}\n`);
if (machineBefore !== undefined && machineAfter !== undefined) process.stdout.write(`other-cores ${Math.max(0, (machineAfter - machineBefore) / wall - cores).toFixed(2)}\n`);
