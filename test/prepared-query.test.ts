/**
 * Prepared queries (src/db/prepared.ts) on both dialects. On SQLite they run straight on the single
 * connection when no transaction holds it; these tests pin down that a read issued meanwhile never sees
 * another flow's uncommitted write, and that a write through a transaction's handle stays in it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { prepared } from '../src/db/prepared.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

const byVersion = prepared((db, p: { version: number }) => db.selectFrom('gatehouse_migrations').select('name').where('version', '=', p.version));
const insertVersion = prepared((db, p: { version: number; name: string; instant: number }) =>
  db.insertInto('gatehouse_migrations').values({ version: p.version, name: p.name, applied_instant: p.instant }));

class Rollback extends Error {}

describe('prepared queries', () => {
  let test: TestDatabase;
  let database: Database;
  before(async () => {
    test = await createTestDatabase();
    database = openDatabase(loadConfig({ DATABASE_URL: test.url }).database);
    await migrate(database);
  });
  after(async () => {
    await database.close();
    await test.drop();
  });

  it('reads committed rows and answers the rows a write changed', async () => {
    assert.equal(await insertVersion.run(database.db, { version: 9001, name: 'committed', instant: 1 }), 1);
    assert.deepEqual(await byVersion.first(database.db, { version: 9001 }), { name: 'committed' });
    assert.deepEqual(await byVersion.all(database.db, { version: 9002 }), []);
  });

  it('never shows a read issued during another transaction that transaction\'s uncommitted write', async () => {
    let concurrentRead: Promise<{ name: string } | undefined> | undefined;
    await assert.rejects(database.transaction(async (tx) => {
      await insertVersion.run(tx, { version: 9003, name: 'uncommitted', instant: 1 });
      assert.deepEqual(await byVersion.first(tx, { version: 9003 }), { name: 'uncommitted' });
      concurrentRead = byVersion.first(database.db, { version: 9003 });
      // Let the concurrent read run (or queue) before the transaction ends.
      await new Promise((resolve) => setImmediate(resolve));
      throw new Rollback();
    }), Rollback);
    assert.equal(await concurrentRead, undefined);
    assert.equal(await byVersion.first(database.db, { version: 9003 }), undefined);
  });
});
