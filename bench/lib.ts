/**
 * What every benchmark section shares: starting Gatehouse as `npm start` does (its own process, built
 * `dist/main.js`, Kickstart with an API key), driving it with autocannon over 127.0.0.1, and reading
 * the server's peak RSS. Loads are bounded in time; nothing here asserts.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_API_KEY = 'bench-api-key-0123456789abcdef0123456789';
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const root = new URL('..', import.meta.url).pathname;

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Spawns `node <args>` and resolves once it prints the address it listens on. */
export function startProcess(args: string[], env: Record<string, string>): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer = (buffer + chunk.toString()).slice(-4000);
      const match = /(?:listening|Server listening at) (http:\/\/[\d.:]+)/.exec(buffer);
      if (match) resolve({ child, url: match[1]!.replace('0.0.0.0', '127.0.0.1') });
    });
    child.on('exit', (code) => reject(new Error(`process exited with ${code}: ${buffer}`)));
  });
}

export interface RunningServer extends Started {
  /** Resolves once the process has exited (its database closed). */
  stop(): Promise<void>;
}

/** SIGTERM, resolving on exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The Node flags `npm start` runs the server with (package.json `scripts.start`), so the benchmark
 * measures the process operators run. They size the heap: V8's defaults (16 MB semi-spaces, old space
 * allowed to grow up to 4x the live data between full collections) let a server whose live heap is
 * ~35 MB reach 200+ MB RSS under load; 4 MB semi-spaces and 25% growth keep it near 140 MB for no
 * measurable throughput (GC is a few percent of the profile either way).
 */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const command = start.split('&&').map((part) => part.trim()).find((part) => part.startsWith('node ')) ?? '';
  return command.split(/\s+/).slice(1).filter((arg) => arg.startsWith('--'));
}

/**
 * Starts Gatehouse on `databaseUrl` (a fresh SQLite file by default) with the benchmark's API key;
 * `nodeArgs` go before the start flags (e.g. an `--import` that traces SQL).
 */
export async function startGatehouse(databaseUrl?: string, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const kickstart = join(dir, 'kickstart.json');
  writeFileSync(kickstart, JSON.stringify({ apiKeys: [{ key: BENCH_API_KEY, keyManager: true }], requests: [] }));
  const started = await startProcess([...nodeArgs, ...startFlags(), 'dist/main.js'], {
    FUSIONAUTH_APP_HTTP_PORT: '0', DATABASE_URL: databaseUrl ?? `sqlite:${join(dir, 'bench.db')}`,
    FUSIONAUTH_APP_KICKSTART_FILE: kickstart, ...extraEnv,
  });
  return { ...started, stop: async () => { await stopProcess(started.child); rmSync(dir, { recursive: true, force: true }); } };
}

export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's CPU times; undefined off Linux. */
const clockTicks: number | undefined = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
})();

/** CPU seconds (user + system, all threads: event loop, GC, thread pool) process `pid` has used so far. */
export function processCpuSeconds(pid: number): number | undefined {
  if (clockTicks === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; after its ')' the fields are fixed: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the whole machine has spent so far (all cores, /proc/stat; idle and I/O wait excluded,
 * time the hypervisor gave to other guests, steal, included: it was taken from us too).
 */
export function machineCpuSeconds(): number | undefined {
  if (clockTicks === undefined) return undefined;
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / clockTicks;
  } catch {
    return undefined;
  }
}

export const CORES = availableParallelism();

export interface Row {
  readonly name: string;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Server CPU (all its threads) per completed request, in µs; undefined when it cannot be read. */
  readonly serverUs?: number;
  /** Cores the server kept busy, on average over the load. */
  readonly serverCores?: number;
  /** Cores this process (autocannon, the load generator) kept busy. */
  readonly loadCores?: number;
  /** Cores every other process kept busy meanwhile: what the figures shared the machine with. */
  readonly otherCores?: number;
}

/** Runs one load for SECONDS; with `serverPid`, also how much CPU the server and the load generator spent on it. */
export async function load(name: string, options: autocannon.Options, serverPid?: number): Promise<Row> {
  const serverBefore = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  const machineBefore = machineCpuSeconds();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const wall = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownBefore);
  const serverAfter = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  const machineAfter = machineCpuSeconds();
  const server = serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
  const loadCores = (own.user + own.system) / 1e6 / wall;
  return {
    name, perSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, loadCores,
    ...(server === undefined ? {} : { serverUs: (server * 1e6) / result.requests.total, serverCores: server / wall }),
    ...(server === undefined || machineBefore === undefined || machineAfter === undefined
      ? {} : { otherCores: Math.max(0, (machineAfter - machineBefore - server) / wall - loadCores) }),
  };
}

/** A JSON call with the benchmark's key, for seeding; fails loudly. */
export async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method, headers: { authorization: BENCH_API_KEY, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const fixed = (value: number | undefined, digits: number): string => (value === undefined ? 'n/a' : value.toFixed(digits));

export function printTable(title: string, rows: readonly Row[], ratios: readonly string[] = []): void {
  console.log(`\n${title}\n`);
  console.log('| scenario | per second | p50 ms | p99 ms | errors | server CPU µs/req | server cores | load-gen cores | other cores |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.perSecond} | ${row.p50} | ${row.p99} | ${row.errors} | ${fixed(row.serverUs, 0)} | ${fixed(row.serverCores, 2)} | ${fixed(row.loadCores, 2)} | ${fixed(row.otherCores, 2)} |`);
  }
  for (const line of ratios) console.log(line);
}
