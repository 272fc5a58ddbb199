/**
 * The floor under Gatehouse's SQL: Fastify and better-sqlite3 alone, on the database file the benchmark
 * used, opened with the pragmas Gatehouse opened it with (same WAL mode and synchronous setting), running
 * exactly the statements Gatehouse ran for the same request (recorded by bench/sql-capture.ts, bound
 * parameters included, per-request values made anew) as cached prepared statements, and answering with
 * a body of the same size. A login also verifies the password (PBKDF2 on the thread pool at the stored
 * factor, as src/crypto/password/pbkdf2.ts) and signs an HS256 access token and makes a refresh token as
 * src/api/jwt does. Nothing else: no validation, no parsing of stored documents, no hooks; so this is
 * the most any server on this stack running these statements can serve.
 *
 * FLOOR_DB is the database file, FLOOR_PLAN the recorded plan (JSON of `FloorPlan`).
 */
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { createHash, createHmac, pbkdf2, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isList, type FloorPlan, type Param, type Step } from './sql-capture.js';

const plan = JSON.parse(readFileSync(process.env.FLOOR_PLAN!, 'utf8')) as FloorPlan;
const sqlite = new BetterSqlite3(process.env.FLOOR_DB!);
for (const pragma of plan.pragmas) sqlite.pragma(pragma.replace(/^PRAGMA /i, ''));

const statements = new Map<string, BetterSqlite3.Statement>();
function statement(sql: string): BetterSqlite3.Statement {
  let found = statements.get(sql);
  if (found === undefined) statements.set(sql, (found = sqlite.prepare(sql)));
  return found;
}

/** The values one request makes anew: one instant, and one new value per recorded sample. */
class Fresh {
  readonly now = Date.now();
  readonly refreshTokens: string[] = [];
  private readonly made = new Map<string | number, string>();

  bind(param: Param): unknown {
    if (param === null || typeof param !== 'object') return param;
    if (isList(param)) return param.map((item) => this.bind(item));
    const { fresh, sample } = param;
    if (fresh === 'now') return this.now;
    if (fresh === 'stamped') return String(sample).replace(/\d{13}/g, String(this.now));
    let made = this.made.get(sample);
    if (made === undefined) {
      if (fresh === 'uuid') made = randomUUID();
      else {
        const value = randomBytes(48).toString('base64');
        this.refreshTokens.push(value);
        made = createHash('sha256').update(value, 'utf8').digest('hex');
      }
      this.made.set(sample, made);
    }
    return made;
  }
}

function verifyPassword(row: Record<string, unknown>, password: string): Promise<boolean> {
  const expected = Buffer.from(String(row.password_hash), 'base64');
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, 'utf8'), Buffer.from(String(row.password_salt), 'base64'), Number(row.password_factor), expected.length, 'sha256', (error, key) => {
      if (error) reject(error);
      else resolve(timingSafeEqual(key, expected));
    });
  });
}

/** Runs `steps`; with a `password`, checks it against the first row holding a password hash. Answers whether it matched. */
async function replay(steps: readonly Step[], fresh: Fresh, password?: string): Promise<boolean> {
  let verified = password === undefined;
  for (const step of steps) {
    const prepared = statement(step.sql);
    const args = step.args.map((arg) => fresh.bind(arg));
    const result = step.method === 'iterate' ? [...prepared.iterate(...args)] : prepared[step.method](...args);
    const row = Array.isArray(result) ? (result[0] as Record<string, unknown> | undefined) : undefined;
    if (!verified && row !== undefined && 'password_hash' in row) {
      if (!(await verifyPassword(row, password!))) return false;
      verified = true;
    }
  }
  return verified;
}

const secret = randomBytes(32);
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Each login's recorded access token, header and claims decoded once: Gatehouse has its claims as an object too. */
const recordedTokens = new Map(Object.entries(plan.logins).map(([loginId, { response }]) => {
  const [header, claims] = String(response.token).split('.').slice(0, 2).map(decode) as [Record<string, unknown>, Record<string, unknown>];
  return [loginId, { header, claims }];
}));

/** The recorded token's claims with its instants and id made anew, signed HS256 as src/api/jwt/access-token.ts signs. */
function accessToken(loginId: string, now: number): string {
  const { header, claims } = recordedTokens.get(loginId)!;
  const iat = Math.floor(now / 1000);
  const renewed = { ...claims, iat, exp: iat + (Number(claims.exp) - Number(claims.iat)), jti: randomUUID(), ...('auth_time' in claims ? { auth_time: iat } : {}) };
  const input = `${base64url(header)}.${base64url(renewed)}`;
  return `${input}.${createHmac('sha256', secret).update(input, 'utf8').digest('base64url')}`;
}

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/floor/user/:id', async (request, reply) => {
  const captured = plan.users[request.params.id];
  if (captured === undefined) return reply.code(404).send();
  await replay(captured.steps, new Fresh());
  return captured.response;
});
app.post<{ Body: { loginId: string; password: string } }>('/floor/login', async (request, reply) => {
  const captured = plan.logins[request.body.loginId];
  if (captured === undefined) return reply.code(404).send();
  const fresh = new Fresh();
  if (!(await replay(captured.steps, fresh, request.body.password))) return reply.code(404).send();
  return { ...captured.response, token: accessToken(request.body.loginId, fresh.now), refreshToken: fresh.refreshTokens[0] };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
