import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { userSearch } from '../src/db/migrations/004-user-search.js';
import { createTestDatabase } from './helpers/test-database.js';

describe('migration 4 (user search)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('backfills the search columns of existing users from their documents, lower-casing as the store does', async () => {
    const test = await createTestDatabase();
    const database = openDatabase(loadConfig({ DATABASE_URL: test.url }).database);
    cleanups.push(async () => {
      await database.close();
      await test.drop();
    });
    const raw = database.db as unknown as Kysely<unknown>;
    for (const migration of migrations.filter((m) => m.version < userSearch.version)) await migration.up(raw);
    const now = Date.now();
    await database.db.insertInto('tenants').values({ id: 't', name: 'T', name_lower: 't', doc: '{}', insert_instant: now, last_update_instant: now }).execute();
    const user = (id: string, doc: object) => ({ id, tenant_id: 't', active: 1, doc: JSON.stringify(doc), insert_instant: now, last_update_instant: now });
    // Inserted through SQL: before migration 4 the columns do not exist, so the typed builder cannot be used.
    const insert = (row: ReturnType<typeof user>) => database.db.insertInto('users').values(row as never).execute();
    await insert(user('u1', { firstName: 'ÉMILE', lastName: 'Zola', fullName: 'Émile Zola', phoneNumber: '+33 1 AB', birthDate: '1840-04-02' }));
    await insert(user('u2', { username: 'nobody' }));
    await userSearch.up(raw);
    const rows = await database.db.selectFrom('users')
      .select(['id', 'first_name_lower', 'last_name_lower', 'full_name_lower', 'phone_number', 'birth_date']).orderBy('id').execute();
    assert.deepEqual(rows, [
      { id: 'u1', first_name_lower: 'émile', last_name_lower: 'zola', full_name_lower: 'émile zola', phone_number: '+33 1 ab', birth_date: '1840-04-02' },
      { id: 'u2', first_name_lower: null, last_name_lower: null, full_name_lower: null, phone_number: null, birth_date: null },
    ]);
  });
});
