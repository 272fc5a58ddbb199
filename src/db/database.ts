/**
 * One database handle for both dialects. Stores receive a `Database` and never know which engine is
 * underneath; the few differences (unique-violation shapes, integer parsing) are absorbed here.
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Schema } from './schema.js';

export type Dialect = DatabaseConfig['dialect'];
export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;

export interface Database {
  readonly dialect: Dialect;
  readonly db: Db;
  /** Runs `work` in one transaction: every multi-row write goes through here. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely prepares every query afresh; preparing costs more than running a typical indexed lookup, so
 * statements are cached by SQL text (least recently used out first). A statement still being iterated
 * is busy and cannot be shared, so a second one is prepared for that case.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase & { prepare(sql: string): BetterSqlite3.Statement } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText) {
      const cached = cache.get(sqlText);
      if (cached !== undefined && !cached.busy) {
        cache.delete(sqlText);
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = sqlite.prepare(sqlText);
      cache.set(sqlText, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/**
 * Runs one statement at once on SQLite's single connection, bypassing Kysely's connection mutex and
 * its promise chain (GET /api/user/{id}, four lookups: ≈12 µs less server CPU per request, 89 → 77).
 * Answers undefined while a transaction is open on the connection: a statement run now would join it,
 * so it must wait for the connection through Kysely like any other query. With no transaction open, a
 * statement run synchronously is exactly what acquiring the connection, running it and releasing it
 * would do, since nothing else can run in between.
 */
export type ImmediateRunner = (sql: string, parameters: readonly unknown[]) => { readonly rows: unknown[]; readonly changes: number } | undefined;

const immediateRunners = new WeakMap<Db, ImmediateRunner>();

/** The immediate runner of a SQLite handle; undefined for PostgreSQL and for transactions' handles. */
export const immediateRunnerOf = (db: Db): ImmediateRunner | undefined => immediateRunners.get(db);

function immediateRunner(sqlite: BetterSqlite3.Database, statements: ReturnType<typeof withStatementCache>): ImmediateRunner {
  return (sqlText, parameters) => {
    if (sqlite.inTransaction) return undefined;
    const statement = statements.prepare(sqlText);
    return statement.reader ? { rows: statement.all(parameters), changes: 0 } : { rows: [], changes: Number(statement.run(parameters).changes) };
  };
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // A checkpoint copies the WAL into the database and fsyncs both, synchronously in the committing
  // request (SQLite's default: every 1000 pages, 4 MB). A login writes ~13 pages (its index entries),
  // so under load that was a multi-millisecond stall every ~80 logins. Every 4000 pages (16 MB of WAL,
  // on disk only) the same hot pages are copied once instead of four times and fsyncs are 4x rarer:
  // +15% logins/s, same p99 (bench, issue 3).
  sqlite.pragma('wal_autocheckpoint = 4000');
  sqlite.pragma('busy_timeout = 5000');
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: statements }) });
  immediateRunners.set(db, immediateRunner(sqlite, statements));
  return db;
}

/**
 * DATABASE_USERNAME / DATABASE_PASSWORD go into the URL itself: node-postgres lets whatever it parses
 * from `connectionString` (an empty user, for a URL without one) override separately given options.
 * Percent-encoded whole, since the URL setters leave `%` as is and a password may hold any character.
 */
function withCredentials(config: Extract<DatabaseConfig, { dialect: 'postgres' }>): string {
  if (config.user === undefined && config.password === undefined) return config.connectionString;
  const url = new URL(config.connectionString);
  // The README's promise: the variables supply credentials the URL does not carry.
  if (config.user !== undefined && url.username === '') url.username = encodeURIComponent(config.user);
  if (config.password !== undefined && url.password === '') url.password = encodeURIComponent(config.password);
  return url.toString();
}

function openPostgres(config: Extract<DatabaseConfig, { dialect: 'postgres' }>): Db {
  const pool = new pg.Pool({ connectionString: withCredentials(config), max: 10 });
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

export function openDatabase(config: DatabaseConfig): Database {
  const db = config.dialect === 'sqlite' ? openSqlite(config.path) : openPostgres(config);
  return {
    dialect: config.dialect,
    db,
    transaction: (work) => db.transaction().execute(work),
    close: () => db.destroy(),
  };
}

/**
 * The same database seen from inside transaction `tx`: stores built on it write in that transaction,
 * and a nested `transaction()` joins it instead of opening another.
 */
export function scopedTo(database: Database, tx: Tx): Database {
  return { ...database, db: tx, transaction: (work) => work(tx) };
}

/** A unique constraint refused a write; `constraint` names the index (or, on SQLite, its columns). */
export class UniqueViolation extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint ${constraint} violated`);
  }
}

/**
 * Runs a write; when a unique constraint refuses it (a race the service's own checks lost), throws the
 * error `onDuplicate` builds for that constraint instead, so callers see the same 400 either way.
 */
export async function writeUnique<T>(write: () => Promise<T>, onDuplicate: (constraint: string) => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const unique = asUniqueViolation(error);
    throw unique instanceof UniqueViolation ? onDuplicate(unique.constraint) : error;
  }
}

/** Turns either engine's unique-violation error into `UniqueViolation`; returns anything else unchanged. */
export function asUniqueViolation(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { code, constraint, message } = error as { code?: string; constraint?: string; message?: string };
  if (code === '23505') return new UniqueViolation(constraint ?? 'unknown');
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new UniqueViolation((message ?? '').replace(/^UNIQUE constraint failed: /, ''));
  }
  return error;
}
