/**
 * Issue 3's benchmark: logins against the physical limit of the password hash, the server's own
 * overhead (factor 1), token refresh and validation, user retrieval, and a bare Fastify route as the
 * HTTP ceiling; with p50/p99, the CPU each request costs the server and the load generator, and the
 * server's peak RSS. Then the floors: Gatehouse's own SQL for GET user and for a login, replayed with
 * nothing else around it (bench/sql-floor.ts), and the (b)/(a) ceiling the measured CPU costs allow.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_API_KEY, CORES, fixed, load, peakRssMb, printTable, startGatehouse, startProcess, stopProcess, api, type Row } from './lib.js';
import { SqlTrace, type FloorPlan } from './sql-capture.js';

const USERS = Number(process.env.BENCH_USERS ?? 64);
const PASSWORD = 'bench-password-1';
const root = new URL('..', import.meta.url).pathname;

interface LoginResponse { token: string; refreshToken?: string; user: { id: string } }

interface Raw {
  readonly perSecond: number;
  readonly cpuUs: number;
  /** Cores the hashing process kept busy, and cores everything else on the machine did meanwhile. */
  readonly cores: number;
  readonly otherCores: number | undefined;
}

function rawPbkdf2(): Raw {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/raw-pbkdf2.ts'], { cwd: root, encoding: 'utf8' });
  const field = (name: string): number | undefined => {
    const match = new RegExp(`^${name} ([\\d.]+)$`, 'm').exec(output);
    return match === null ? undefined : Number(match[1]);
  };
  return { perSecond: field('hashes/s') ?? NaN, cpuUs: field('cpu-us/hash') ?? NaN, cores: field('cores') ?? NaN, otherCores: field('other-cores') };
}

/** Rotates through `items`, one per request. */
function rotating<T>(items: readonly T[], body: (item: T) => string): (request: { body?: unknown }) => { body: string } {
  let next = 0;
  return (request) => ({ ...request, body: body(items[next++ % items.length]!) });
}

/** GETs `path(item)` rotating through `items`, with the benchmark's key. */
function rotatingGet<T>(url: string, items: readonly T[], path: (item: T) => string) {
  let next = 0;
  return {
    url, headers: { authorization: BENCH_API_KEY },
    requests: [{ method: 'GET' as const, setupRequest: (request: { path?: string }) => ({ ...request, path: path(items[next++ % items.length]!) }) }],
  };
}

const json = { 'content-type': 'application/json' };

/**
 * Restarts Gatehouse on `databaseUrl` with its SQL traced and records, for every user, what GET
 * /api/user/{id} and a login run (bench/sql-capture.ts); writes the plan the floor server replays.
 */
async function recordFloorPlan(databaseUrl: string, dir: string, sessions: readonly LoginResponse[], loginIds: readonly string[], loginBody: (loginId: string) => string): Promise<string> {
  const traceFile = join(dir, 'trace.jsonl');
  writeFileSync(traceFile, '');
  const traced = await startGatehouse(databaseUrl, { SQL_TRACE_FILE: traceFile }, ['--import', 'tsx', '--import', './bench/sql-trace.ts']);
  try {
    const trace = new SqlTrace(traceFile);
    const plan: FloorPlan = { pragmas: trace.pragmas(), users: {}, logins: {} };
    for (const [i, session] of sessions.entries()) {
      plan.users[session.user.id] = await trace.request(() => fetch(`${traced.url}/api/user/${session.user.id}`, { headers: { authorization: BENCH_API_KEY } }));
      plan.logins[loginIds[i]!] = await trace.request(() => fetch(`${traced.url}/api/login`, { method: 'POST', headers: json, body: loginBody(loginIds[i]!) }));
    }
    const planFile = join(dir, 'floor-plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    return planFile;
  } finally {
    await traced.stop();
  }
}

/**
 * The (b)/(a) ceiling. Per default-factor login the machine spends h on the hash (raw PBKDF2's CPU per
 * hash, measured with (a)), m in the server besides the hash (event loop, GC, SQL, HTTP: its CPU per
 * factor-1 login, (c), whose hash is one iteration) and g in the load generator (its CPU per login
 * during (b)). With the cores (a) kept busy, K = (a)·h, all busy for (b) too, (b) <= K / (h + m + g), so
 *   (b)/(a) <= h / (h + m + g)
 * (with K = C this is the share of C left for hashing, (C − (b)·(m + g)) / C, at that rate). m taken
 * from (c) is if anything low (at (b)'s lower request rate less work is batched per wake-up), so the
 * ceiling errs high; the second figure uses (b)'s own server CPU per login, s = h + m as measured.
 */
function ceiling(raw: Raw, b: Row, c: Row): string[] {
  if (b.loadCores === undefined || c.serverUs === undefined || b.serverUs === undefined) return ['(b)/(a) ceiling on this machine: n/a (no /proc)'];
  const h = raw.cpuUs;
  const m = c.serverUs;
  const g = (b.loadCores / b.perSecond) * 1e6;
  return [
    `(b)/(a) ceiling on this machine = h / (h + m + g) = ${h} / (${h} + ${m.toFixed(0)} + ${g.toFixed(0)}) µs = ${(h / (h + m + g)).toFixed(2)}`,
    `  h = raw PBKDF2 CPU per hash ((a) kept ${raw.cores.toFixed(2)} of ${CORES} cores busy, other processes ${fixed(raw.otherCores, 2)}), m = server CPU per factor-1 login (c), g = load-generator CPU per login in (b)`,
    `  with (b)'s own server CPU per login s = ${b.serverUs.toFixed(0)} µs (h + m = ${(h + m).toFixed(0)} µs): h / (s + g) = ${(h / (b.serverUs + g)).toFixed(2)}`,
  ];
}

export async function benchLogin(): Promise<void> {
  const raw = rawPbkdf2();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-login-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
  const bare = await startProcess(['--import', 'tsx', 'bench/bare-fastify.ts'], {});
  const server = await startGatehouse(databaseUrl);
  try {
    const { application } = await api<{ application: { id: string } }>(server.url, 'POST', '/api/application', {
      application: { name: 'Bench', loginConfiguration: { generateRefreshTokens: true, allowTokenRefresh: true, requireAuthentication: false } },
    });
    const seed = async (prefix: string, factor?: number): Promise<string[]> => {
      const emails: string[] = [];
      for (let i = 0; i < USERS; i++) {
        const email = `${prefix}${i}@example.com`;
        await api(server.url, 'POST', '/api/user/registration', {
          user: { email, password: PASSWORD, ...(factor === undefined ? {} : { encryptionScheme: 'salted-pbkdf2-hmac-sha256', factor }) },
          registration: { applicationId: application.id },
        });
        emails.push(email);
      }
      return emails;
    };
    const defaultUsers = await seed('default');
    const cheapUsers = await seed('cheap', 1);
    const sessions = await Promise.all(cheapUsers.map((loginId) =>
      api<LoginResponse>(server.url, 'POST', '/api/login', { loginId, password: PASSWORD, applicationId: application.id })));

    const loginBody = (loginId: string): string => JSON.stringify({ loginId, password: PASSWORD, applicationId: application.id });
    const pid = server.child.pid!;
    const rows: Row[] = [];
    rows.push(await load('(b) POST /api/login, pbkdf2 factor 24000', {
      url: `${server.url}/api/login`, method: 'POST', headers: json, requests: [{ setupRequest: rotating(defaultUsers, loginBody) }],
    }, pid));
    rows.push(await load('(c) POST /api/login, factor 1', {
      url: `${server.url}/api/login`, method: 'POST', headers: json, requests: [{ setupRequest: rotating(cheapUsers, loginBody) }],
    }, pid));
    rows.push(await load('(d) POST /api/jwt/refresh', {
      url: `${server.url}/api/jwt/refresh`, method: 'POST', headers: json,
      requests: [{ setupRequest: rotating(sessions, (s) => JSON.stringify({ refreshToken: s.refreshToken })) }],
    }, pid));
    let nextToken = 0;
    rows.push(await load('(e) GET /api/jwt/validate', {
      url: server.url,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: '/api/jwt/validate', headers: { authorization: `Bearer ${sessions[nextToken++ % sessions.length]!.token}` } }) }],
    }, pid));
    rows.push(await load('(f) GET /api/user/{id}', rotatingGet(server.url, sessions, (s) => `/api/user/${s.user.id}`), pid));
    rows.push(await load('(g) bare Fastify JSON route', { url: `${bare.url}/bare` }, bare.child.pid));
    const peakRss = peakRssMb(pid);

    // The floors run on the database Gatehouse just used, once Gatehouse has closed it.
    await server.stop();
    const planFile = await recordFloorPlan(databaseUrl, dir, sessions, cheapUsers, loginBody);
    const floor = await startProcess(['--import', 'tsx', 'bench/sql-floor.ts'], { FLOOR_DB: join(dir, 'bench.db'), FLOOR_PLAN: planFile });
    try {
      rows.push(await load("(h) floor: Fastify + GET user's SQL", rotatingGet(floor.url, sessions, (s) => `/floor/user/${s.user.id}`), floor.child.pid));
      rows.push(await load("(i) floor: Fastify + login's SQL + JWT", {
        url: `${floor.url}/floor/login`, method: 'POST', headers: json, requests: [{ setupRequest: rotating(cheapUsers, loginBody) }],
      }, floor.child.pid));
    } finally {
      await stopProcess(floor.child);
    }

    const [b, c, , , f, g, h, i] = rows as [Row, Row, Row, Row, Row, Row, Row, Row];
    const ratio = (x: Row, y: Row): string => (x.perSecond / y.perSecond).toFixed(2);
    printTable(`Issue 3 — logins and tokens (SQLite, ${USERS} users per kind; (a) raw PBKDF2 factor 24000 = ${raw.perSecond} hashes/s, ${raw.cpuUs} µs CPU per hash; ${CORES} cores)`, rows, [
      '',
      `(b)/(a) = ${(b.perSecond / raw.perSecond).toFixed(2)}  (target >= 0.90)`,
      ...ceiling(raw, b, c),
      `(c)/(g) = ${ratio(c, g)}  (target >= 0.20); floor (i)/(g) = ${ratio(i, g)}; Gatehouse at ${ratio(c, i)} of its floor`,
      `(f)/(g) = ${ratio(f, g)}  (target >= 0.50); floor (h)/(g) = ${ratio(h, g)}; Gatehouse at ${ratio(f, h)} of its floor`,
      `server CPU per request: (c) ${fixed(c.serverUs, 0)} µs vs floor (i) ${fixed(i.serverUs, 0)} µs; (f) ${fixed(f.serverUs, 0)} µs vs floor (h) ${fixed(h.serverUs, 0)} µs; (g) ${fixed(g.serverUs, 0)} µs`,
      `server peak RSS = ${peakRss} MB  (target < 150 MB)`,
    ]);
  } finally {
    await server.stop();
    await stopProcess(bare.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
