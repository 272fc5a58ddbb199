/**
 * User search benchmark (issue 4: "a queryString prefix search over 100,000 users answers in under
 * 50 ms p95"). Starts Gatehouse as its own process (SQLite, then PostgreSQL when reachable), seeds
 * BENCH_SEARCH_USERS users (default 100,000) straight through the user store in transactions of 5,000,
 * (PostgreSQL then ANALYZEs the table, as autovacuum would after a bulk load), then sends sequential
 * searches over HTTP (after a warm-up) and prints p50/p95/p99 per kind of search.
 * Printed, never asserted. `npm run bench` runs it as the `user-search` section
 * (`BENCH_ONLY=user-search npm run bench` alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createUserStore, type StoredUser } from '../src/api/user/store.js';
import { openDatabase, type Database } from '../src/db/database.js';
import type { DatabaseConfig } from '../src/config.js';
import { BENCH_API_KEY, startGatehouse } from './lib.js';

const USERS = Number(process.env.BENCH_SEARCH_USERS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? 300);
const WARM_UP = 30;
const BATCH = 5_000;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Nancy', 'Daniel', 'Lisa', 'Matthew',
  'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna',
  'Joshua', 'Michelle', 'Kenneth', 'Dorothy', 'Kevin', 'Carol', 'Brian', 'Amanda', 'George', 'Melissa', 'Edward', 'Deborah', 'Johanna',
  'Ronald', 'Stephanie', 'Timothy', 'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Kathleen', 'Gary'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris',
  'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill',
  'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Pied', 'Piper'];

/** Deterministic pseudo-random picks, so every run searches the same data. */
let seed = 42;
const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

function userAt(i: number, tenantId: string, now: number): StoredUser {
  const firstName = pick(FIRST);
  const lastName = pick(LAST);
  const tag = i.toString(36);
  return {
    user: {
      id: randomUUID(), tenantId, active: true, verified: true, insertInstant: now - (USERS - i) * 1000, lastUpdateInstant: now,
      email: `${firstName}.${lastName}.${tag}@example${i % 97}.com`.toLowerCase(),
      ...(i % 2 === 0 ? { username: `${firstName}${lastName}${tag}` } : {}),
      firstName, lastName, ...(i % 3 === 0 ? { fullName: `${firstName} ${lastName}` } : {}),
      ...(i % 5 === 0 ? { birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}` } : {}),
      data: { plan: pick(['free', 'pro', 'team']), n: i },
    },
  };
}

async function seedUsers(database: Database): Promise<number> {
  const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
  seed = 42;
  const started = performance.now();
  const now = Date.now();
  for (let from = 0; from < USERS; from += BATCH) {
    await database.transaction(async (tx) => {
      const store = createUserStore(tx);
      for (let i = from; i < Math.min(from + BATCH, USERS); i++) await store.insert(userAt(i, tenant.id, now));
    });
  }
  // PostgreSQL's autovacuum analyzes a table after a bulk load (it is off on the test server); do it now.
  if (database.dialect === 'postgres') await sql`analyze users`.execute(database.db);
  return (performance.now() - started) / 1000;
}

interface Figures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly meanTotal: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Sequential requests, so each latency is the server's alone. */
async function measure(url: string, bodies: readonly unknown[]): Promise<Figures> {
  const latencies: number[] = [];
  let totals = 0;
  for (let i = -WARM_UP; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/user/search`, {
      method: 'POST', headers: { authorization: BENCH_API_KEY, 'content-type': 'application/json' }, body: JSON.stringify(bodies[(i + WARM_UP) % bodies.length]),
    });
    const json = (await response.json()) as { total?: number };
    if (!response.ok) throw new Error(`search failed: ${response.status} ${JSON.stringify(json)}`);
    if (i < 0) continue;
    latencies.push(performance.now() - started);
    totals += json.total ?? 0;
  }
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)), meanTotal: Math.round(totals / REQUESTS) };
}

/** `joh*`, `smi*`, `ashley.w*` …: prefixes of first names, last names and emails that exist. */
function prefixSearches(): unknown[] {
  const terms = [...FIRST.map((n) => n.slice(0, 3)), ...LAST.map((n) => n.slice(0, 4)), 'james.s', 'mary.jo', 'kevin.ro'];
  return terms.map((term) => ({ search: { queryString: `${term.toLowerCase()}*`, numberOfResults: 25 } }));
}

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function runOn(label: string, databaseUrl: string, databaseConfig: DatabaseConfig): Promise<void> {
  const server = await startGatehouse(databaseUrl);
  const database = openDatabase(databaseConfig);
  try {
    const seconds = await seedUsers(database);
    const rows: [string, Figures][] = [];
    rows.push(['queryString prefix (`joh*`, 25 per page)', await measure(server.url, prefixSearches())]);
    rows.push(['queryString prefix, sorted by email desc', await measure(server.url, prefixSearches().map((b) => ({ search: { ...(b as { search: object }).search, sortFields: [{ name: 'email', order: 'desc' }] } })))]);
    rows.push(['queryString contains (`ohn`, no index)', await measure(server.url, [{ search: { queryString: 'ohn' } }, { search: { queryString: 'smit' } }])]);
    rows.push(['queryString `*`, page 100', await measure(server.url, [{ search: { queryString: '*', startRow: 2500 } }])]);
    rows.push(['query: term data.plan + prefix email', await measure(server.url, [{ search: { query: JSON.stringify({ bool: { filter: [{ prefix: { email: 'mary' } }, { term: { 'data.plan': 'pro' } }] } }) } }])]);
    console.log(`\nUser search on ${label}: ${USERS} users seeded in ${seconds.toFixed(1)} s; ${REQUESTS} sequential requests per row after ${WARM_UP} to warm up\n`);
    console.log('| search | p50 ms | p95 ms | p99 ms | mean total |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name, f] of rows) console.log(`| ${name} | ${f.p50} | ${f.p95} | ${f.p99} | ${f.meanTotal} |`);
    console.log(`\nqueryString prefix p95 on ${label}: ${rows[0]![1].p95} ms (target < 50 ms)`);
  } finally {
    await database.close();
    server.stop();
  }
}

export async function benchUserSearch(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-search-bench-'));
  try {
    const path = join(dir, 'search.db');
    await runOn('SQLite', `sqlite:${path}`, { dialect: 'sqlite', path });
    if (!(await postgresAvailable())) {
      console.log(`\nPostgreSQL at ${POSTGRES_URL} is not reachable: skipped.`);
      return;
    }
    const schema = `gh_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const url = new URL(POSTGRES_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      await runOn('PostgreSQL', url.toString(), { dialect: 'postgres', connectionString: url.toString() });
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

