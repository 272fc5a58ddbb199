import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';

/**
 * An error nobody planned for (here: a table gone from under the running server) answers 500 with an
 * empty body: no message, no stack, no SQL. Broken from outside, so production code has no test route.
 */
describe('unexpected errors', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await sql`alter table messengers rename to messengers_moved_away`.execute(server.running.database.db);
  });
  after(() => server.stop());

  it('answers 500 with an empty body', async () => {
    try {
      const response = await server.client.retrieveMessengers();
      assert.fail(`expected a 500, got ${response.statusCode}`);
    } catch (error) {
      const failure = error as { statusCode?: number; exception?: unknown; response?: unknown };
      if (failure.statusCode === undefined) throw error;
      assert.equal(failure.statusCode, 500);
      assert.equal(failure.exception, undefined);
    }
    const raw = await server.fetch('/api/messenger', { headers: { authorization: server.client.apiKey } });
    assert.equal(raw.status, 500);
    assert.equal(await raw.text(), '');
    assert.equal(raw.headers.get('content-length'), '0');
  });

  it('keeps serving other requests afterwards', async () => {
    assert.equal((await server.client.retrieveTenants()).statusCode, 200);
  });
});
