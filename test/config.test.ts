import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { ConfigError, loadConfig } from '../src/config.js';
import { startGatehouse, type RunningGatehouse } from '../src/gatehouse.js';
import { createTestDatabase, testDialect, type TestDatabase } from './helpers/test-database.js';

/** FusionAuth's JDBC form of DATABASE_URL, with the credentials in DATABASE_USERNAME / DATABASE_PASSWORD. */
describe('DATABASE_URL in FusionAuth\'s jdbc:postgresql form', () => {
  it('becomes a postgres:// connection string with the user and password beside it', () => {
    const config = loadConfig({
      DATABASE_URL: 'jdbc:postgresql://db.example.com:5433/fusionauth?sslmode=require',
      DATABASE_USERNAME: 'fusionauth',
      DATABASE_PASSWORD: 's3cret pass',
    });
    assert.deepEqual(config.database, {
      dialect: 'postgres',
      connectionString: 'postgres://db.example.com:5433/fusionauth?sslmode=require',
      user: 'fusionauth',
      password: 's3cret pass',
    });
  });

  it('leaves the credentials out when they are not set', () => {
    const config = loadConfig({ DATABASE_URL: 'jdbc:postgresql://127.0.0.1:5432/test' });
    assert.deepEqual(config.database, { dialect: 'postgres', connectionString: 'postgres://127.0.0.1:5432/test', user: undefined, password: undefined });
  });

  it('refuses a jdbc URL that is not a URL, naming DATABASE_URL', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'jdbc:postgresql://exa mple:port/db' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.variable, 'DATABASE_URL');
      return true;
    });
    assert.throws(() => loadConfig({ DATABASE_URL: 'jdbc:mysql://127.0.0.1:3306/db' }), /DATABASE_URL must start with/);
  });

  describe('a server started through a jdbc URL', { skip: testDialect !== 'postgres' && 'runs with GATEHOUSE_TEST_DB=postgres' }, () => {
    let database: TestDatabase | undefined;
    let running: RunningGatehouse | undefined;
    after(async () => {
      await running?.stop();
      await database?.drop();
    });

    it('connects with DATABASE_USERNAME and serves the API', async () => {
      database = await createTestDatabase();
      // The test database's URL, rewritten as FusionAuth writes it: no user in the URL (it comes from
      // DATABASE_USERNAME; without it the connection would try the OS user), the schema kept in `options`.
      const url = new URL(database.url);
      const jdbc = `jdbc:postgresql://${url.host}${url.pathname}${url.search}`;
      running = await startGatehouse(
        loadConfig({ FUSIONAUTH_APP_HTTP_PORT: '0', DATABASE_URL: jdbc, DATABASE_USERNAME: url.username, DATABASE_PASSWORD: 'ignored-by-trust-auth' }),
        { logLevel: 'silent', host: '127.0.0.1' },
      );
      const key = 'jdbc-started-key-0123456789abcdef';
      await running.server.apiKeys.create('kickstart', undefined, { key, keyManager: true });
      const client = new FusionAuthClient(key, `http://127.0.0.1:${running.port}`);
      const tenants = (await client.retrieveTenants()).response.tenants ?? [];
      assert.deepEqual(tenants.map((t) => t.name), ['Default']);
    });
  });
});
