/**
 * Loaded with `--import` into a Gatehouse process only to record its SQL: appends every statement
 * better-sqlite3 executes (text and bound parameters, one JSON line each) to `SQL_TRACE_FILE`, so the
 * floor server can run exactly what a request ran. Never loaded into a measured process.
 */
import BetterSqlite3 from 'better-sqlite3';
import { appendFileSync } from 'node:fs';

const file = process.env.SQL_TRACE_FILE;
if (file === undefined) throw new Error('SQL_TRACE_FILE is not set');

const probe = new BetterSqlite3(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
probe.close();
for (const method of ['run', 'get', 'all', 'iterate'] as const) {
  const original = statementPrototype[method] as (this: BetterSqlite3.Statement, ...args: unknown[]) => unknown;
  statementPrototype[method] = function (this: BetterSqlite3.Statement, ...args: unknown[]): unknown {
    appendFileSync(file, `${JSON.stringify({ sql: this.source, method, args })}\n`);
    return original.apply(this, args);
  };
}
