/**
 * Issue 4's import benchmark: BENCH_IMPORT_USERS users (default 100,000), each with a pre-hashed
 * password (ONE salted-pbkdf2-hmac-sha256 hash computed up front and reused; the emails vary) and a
 * registration with a role, imported through `POST /api/user/import` in batches of BENCH_IMPORT_BATCH
 * (default 10,000), on SQLite and then on PostgreSQL (127.0.0.1:5432/test, in a throwaway schema).
 * Request bodies are serialized before the clock starts, so the figures are the server's: HTTP,
 * parsing, validation and the writes. Targets: < 60 s on SQLite, < 90 s on PostgreSQL. Printed, never
 * asserted. Alone: `BENCH_ONLY=user-import npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { builtInPasswordSchemes, generateSalt } from '../src/crypto/password/index.js';
import { api, BENCH_API_KEY, peakRssMb, startGatehouse } from './lib.js';

const USERS = Number(process.env.BENCH_IMPORT_USERS ?? 100_000);
const BATCH = Number(process.env.BENCH_IMPORT_BATCH ?? 10_000);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-import-password';
const SCHEME = 'salted-pbkdf2-hmac-sha256';
const FACTOR = 24_000;

interface Figures {
  readonly seconds: number;
  readonly batchSeconds: readonly number[];
  readonly rssMb: number;
  readonly loginStatus: number;
}

async function bodies(applicationId: string): Promise<string[]> {
  const salt = generateSalt();
  const password = await builtInPasswordSchemes().get(SCHEME)!.hash(PASSWORD, salt, FACTOR);
  const tag = randomBytes(4).toString('hex');
  const out: string[] = [];
  for (let from = 0; from < USERS; from += BATCH) {
    const users = [];
    for (let i = from; i < Math.min(from + BATCH, USERS); i++) {
      users.push({
        email: `import-${tag}-${i}@example.com`, username: `import-${tag}-${i}`, firstName: 'Imported', lastName: `User${i}`,
        active: true, verified: true, encryptionScheme: SCHEME, factor: FACTOR, salt, password,
        data: { legacyId: i }, registrations: [{ applicationId, roles: ['member'] }],
      });
    }
    out.push(JSON.stringify({ users }));
  }
  return out;
}

async function runOn(databaseUrl: string | undefined): Promise<Figures & { firstEmail: string }> {
  const server = await startGatehouse(databaseUrl);
  try {
    const { application } = await api<{ application: { id: string } }>(server.url, 'POST', '/api/application', {
      application: { name: 'Import bench', roles: [{ name: 'member' }] },
    });
    const payloads = await bodies(application.id);
    const batchSeconds: number[] = [];
    const started = performance.now();
    for (const body of payloads) {
      const batchStarted = performance.now();
      const response = await fetch(`${server.url}/api/user/import`, { method: 'POST', headers: { authorization: BENCH_API_KEY, 'content-type': 'application/json' }, body });
      if (response.status !== 200) throw new Error(`import failed: ${response.status} ${(await response.text()).slice(0, 500)}`);
      batchSeconds.push((performance.now() - batchStarted) / 1000);
    }
    const seconds = (performance.now() - started) / 1000;
    const firstEmail = (JSON.parse(payloads[0]!) as { users: { email: string }[] }).users[0]!.email;
    // The imported hash must work: a login with the plain password.
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST', headers: { authorization: BENCH_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: firstEmail, password: PASSWORD, applicationId: application.id }),
    });
    return { seconds, batchSeconds, rssMb: peakRssMb(server.child.pid!), loginStatus: login.status, firstEmail };
  } finally {
    server.stop();
  }
}

async function postgresSchema(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const schema = `gh_bench_import_${randomBytes(6).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

function print(label: string, target: number, figures: Figures): void {
  const batches = figures.batchSeconds;
  const fmt = (s: number) => s.toFixed(2);
  console.log(`| ${label} | ${fmt(figures.seconds)} | ${target} | ${figures.seconds < target ? 'met' : 'MISSED'} | ${Math.round(USERS / figures.seconds)} | `
    + `${fmt(Math.min(...batches))} / ${fmt(Math.max(...batches))} | ${figures.rssMb} | ${figures.loginStatus} |`);
}

export async function benchUserImport(): Promise<void> {
  console.log(`\nImport Users: ${USERS} users (one pre-hashed ${SCHEME} password, factor ${FACTOR}, reused; one registration each), `
    + `batches of ${BATCH} through POST /api/user/import\n`);
  console.log('| database | total s | target s | | users/s | fastest / slowest batch s | server peak RSS MB | login after import |');
  console.log('|---|---:|---:|---|---:|---:|---:|---:|');
  print('SQLite', 60, await runOn(undefined));
  const schema = await postgresSchema();
  if (schema === undefined) {
    console.log(`| PostgreSQL | skipped: ${POSTGRES_URL} is not reachable | | | | | | |`);
    return;
  }
  try {
    print('PostgreSQL', 90, await runOn(schema.url));
  } finally {
    await schema.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchUserImport();
