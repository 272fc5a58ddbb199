/**
 * Issue 3's benchmark: logins against the physical limit of the password hash, the server's own
 * overhead (factor 1), token refresh and validation, user retrieval, and a bare Fastify route as the
 * HTTP ceiling; with p50/p99 and the server's peak RSS.
 */
import { execFileSync } from 'node:child_process';
import { BENCH_API_KEY, load, peakRssMb, printTable, startGatehouse, startProcess, api, type Row } from './lib.js';

const USERS = Number(process.env.BENCH_USERS ?? 64);
const PASSWORD = 'bench-password-1';

interface LoginResponse { token: string; refreshToken?: string; user: { id: string } }

function rawHashesPerSecond(): number {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/raw-pbkdf2.ts'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' });
  return Number(/hashes\/s (\d+)/.exec(output)?.[1] ?? NaN);
}

/** Rotates through `items`, one per request. */
function rotating<T>(items: readonly T[], body: (item: T) => string): (request: { body?: unknown }) => { body: string } {
  let next = 0;
  return (request) => ({ ...request, body: body(items[next++ % items.length]!) });
}

export async function benchLogin(): Promise<void> {
  const raw = rawHashesPerSecond();
  const bare = await startProcess(['--import', 'tsx', 'bench/bare-fastify.ts'], {});
  const server = await startGatehouse();
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

    const json = { 'content-type': 'application/json' };
    const loginBody = (loginId: string): string => JSON.stringify({ loginId, password: PASSWORD, applicationId: application.id });
    const rows: Row[] = [];
    rows.push(await load('(b) POST /api/login, pbkdf2 factor 24000', {
      url: `${server.url}/api/login`, method: 'POST', headers: json, requests: [{ setupRequest: rotating(defaultUsers, loginBody) }],
    }));
    rows.push(await load('(c) POST /api/login, factor 1', {
      url: `${server.url}/api/login`, method: 'POST', headers: json, requests: [{ setupRequest: rotating(cheapUsers, loginBody) }],
    }));
    rows.push(await load('(d) POST /api/jwt/refresh', {
      url: `${server.url}/api/jwt/refresh`, method: 'POST', headers: json,
      requests: [{ setupRequest: rotating(sessions, (s) => JSON.stringify({ refreshToken: s.refreshToken })) }],
    }));
    let nextToken = 0;
    rows.push(await load('(e) GET /api/jwt/validate', {
      url: server.url,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: '/api/jwt/validate', headers: { authorization: `Bearer ${sessions[nextToken++ % sessions.length]!.token}` } }) }],
    }));
    let nextUser = 0;
    rows.push(await load('(f) GET /api/user/{id}', {
      url: server.url, headers: { authorization: BENCH_API_KEY },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/user/${sessions[nextUser++ % sessions.length]!.user.id}` }) }],
    }));
    rows.push(await load('(g) bare Fastify JSON route', { url: `${bare.url}/bare` }));
    const [b, c, , , f, g] = rows.map((r) => r.perSecond) as [number, number, number, number, number, number];
    printTable(`Issue 3 — logins and tokens (SQLite, ${USERS} users per kind; (a) raw PBKDF2 factor 24000 = ${raw} hashes/s)`, rows, [
      '',
      `(b)/(a) = ${(b / raw).toFixed(2)}  (target >= 0.90)`,
      `(c)/(g) = ${(c / g).toFixed(2)}  (target >= 0.20)`,
      `(f)/(g) = ${(f / g).toFixed(2)}  (target >= 0.50)`,
      `server peak RSS = ${peakRssMb(server.child.pid!)} MB  (target < 150 MB)`,
    ]);
  } finally {
    server.stop();
    bare.child.kill('SIGTERM');
  }
}
