import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import Sqlite from 'better-sqlite3';
import { expectStatus } from './helpers/expect.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/** The start contract (DESIGN.md §2): `node dist/main.js`, configured only by FusionAuth's names. */
const MAIN = new URL('../dist/main.js', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

interface Process {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
}

const launched: ChildProcessWithoutNullStreams[] = [];

function launch(env: Record<string, string>): Process {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env } });
  launched.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForStatus(port: number, process: Process): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (process.child.exitCode !== null) throw new Error(`server exited: ${process.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/status`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not become ready: ${process.output()}`);
}

describe('start-up', () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    // A failed assertion must not leave a server running (the test runner would wait for it).
    for (const child of launched) if (child.exitCode === null) child.kill('SIGKILL');
    for (const database of databases) await database.drop();
  });

  it('refuses a bad setting with one line naming the variable', async () => {
    for (const [name, value] of [['FUSIONAUTH_APP_HTTP_PORT', 'ninety'], ['DATABASE_URL', 'mysql://x'], ['FUSIONAUTH_APP_URL', 'ftp://x']] as const) {
      const started = launch({ [name]: value });
      assert.equal(await started.exited, 1);
      const lines = started.output().trim().split('\n');
      assert.equal(lines.length, 1, started.output());
      assert.match(lines[0]!, new RegExp(name));
    }
  });

  it('applies Kickstart once, serves the API, and stops cleanly on SIGTERM', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kickstart-'));
    const kickstart = join(dir, 'kickstart.json');
    writeFileSync(kickstart, JSON.stringify({
      variables: { apiKey: '#{ENV.KS_API_KEY}', defaultTenantId: 'a3f1c6c2-7d3b-4b5e-9d2a-1e2f3a4b5c6d' },
      apiKeys: [{ key: '#{apiKey}', description: 'kickstart key', keyManager: true }],
      requests: [{ method: 'POST', url: '/api/api-key/2c3d4e5f-1a2b-4c3d-8e9f-0a1b2c3d4e5f', body: { apiKey: { key: 'second-key-from-kickstart-0123456789' } } }],
    }));
    const port = await freePort();
    const env = { FUSIONAUTH_APP_HTTP_PORT: String(port), DATABASE_URL: database.url, FUSIONAUTH_APP_KICKSTART_FILE: kickstart, KS_API_KEY: 'kickstarted-key-0123456789abcdef' };
    const first = launch(env);
    await waitForStatus(port, first);
    const client = new FusionAuthClient('kickstarted-key-0123456789abcdef', `http://127.0.0.1:${port}`);
    const second = await client.retrieveAPIKey('2c3d4e5f-1a2b-4c3d-8e9f-0a1b2c3d4e5f');
    assert.equal(second.response.apiKey?.key, 'second-key-from-kickstart-0123456789');
    const tenant = await client.retrieveTenant('a3f1c6c2-7d3b-4b5e-9d2a-1e2f3a4b5c6d');
    assert.equal(tenant.response.tenant?.name, 'Default');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /SIGTERM/);

    // A second start over the same database does not apply Kickstart again (it would fail: the id exists).
    const again = launch(env);
    await waitForStatus(port, again);
    assert.equal((await client.retrieveAPIKey('2c3d4e5f-1a2b-4c3d-8e9f-0a1b2c3d4e5f')).statusCode, 200);
    again.child.kill('SIGINT');
    assert.equal(await again.exited, 0);
  });

  it('lets an in-flight request finish on SIGTERM, then exits 0 with the database closed cleanly', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kickstart-'));
    const kickstart = join(dir, 'kickstart.json');
    writeFileSync(kickstart, JSON.stringify({ apiKeys: [{ key: 'kickstarted-key-0123456789abcdef', keyManager: true }] }));
    const port = await freePort();
    const started = launch({ FUSIONAUTH_APP_HTTP_PORT: String(port), DATABASE_URL: database.url, FUSIONAUTH_APP_KICKSTART_FILE: kickstart });
    await waitForStatus(port, started);
    const client = new FusionAuthClient('kickstarted-key-0123456789abcdef', `http://127.0.0.1:${port}`);
    // A high PBKDF2 factor makes every check of this password take about two seconds (on the thread pool),
    // so a signal sent 700 ms after the request leaves it in flight even on a loaded machine; the
    // assertion below fails, rather than passes by accident, if it was not.
    const user = await client.createUser(null as unknown as string, {
      user: { email: 'slow@example.com', password: 'slow-password-1', encryptionScheme: 'salted-pbkdf2-hmac-sha256', factor: 7_000_000 },
    });
    const login = client.login({ loginId: 'slow@example.com', password: 'slow-password-1' }).then((response) => ({ response, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 700));
    const signalledAt = Date.now();
    started.child.kill('SIGTERM');
    const finished = await login;
    assert.ok(finished.at > signalledAt, 'the login was still in flight when SIGTERM was sent');
    assert.equal(finished.response.statusCode, 200);
    assert.equal(finished.response.response.user?.id, user.response.user?.id);
    assert.equal(await started.exited, 0, started.output());

    if (database.url.startsWith('sqlite:')) {
      const path = database.url.slice('sqlite:'.length);
      // Closing the last connection checkpoints the WAL into the database file and removes it.
      assert.equal(existsSync(`${path}-wal`), false);
      const reopened = new Sqlite(path, { readonly: true });
      try {
        assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
        const row = reopened.prepare('select count(*) as n from users where email = ?').get('slow@example.com') as { n: number };
        assert.equal(row.n, 1);
      } finally {
        reopened.close();
      }
    }
  });

  it('stops start-up when a Kickstart request fails, naming the request', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kickstart-'));
    const kickstart = join(dir, 'kickstart.json');
    writeFileSync(kickstart, JSON.stringify({
      apiKeys: [{ key: 'kickstarted-key-0123456789abcdef', keyManager: true }],
      requests: [{ method: 'POST', url: '/api/api-key', body: { apiKey: { keyManager: true } } }],
    }));
    const port = await freePort();
    const env = { FUSIONAUTH_APP_HTTP_PORT: String(port), DATABASE_URL: database.url, FUSIONAUTH_APP_KICKSTART_FILE: kickstart };
    const started = launch(env);
    assert.equal(await started.exited, 1);
    assert.match(started.output(), /Kickstart request #1 \[POST \/api\/api-key\] failed with status 400/);
    assert.match(started.output(), /\[invalid\]apiKey.keyManager/);
    assert.match(started.output(), /database keeps what Kickstart applied so far, and Kickstart will not run again on it/);

    // The key was created before the request failed: the corrected file is skipped, and the log says so.
    writeFileSync(kickstart, JSON.stringify({ apiKeys: [{ key: 'corrected-key-0123456789abcdef01', keyManager: true }] }));
    const corrected = launch(env);
    await waitForStatus(port, corrected);
    assert.match(corrected.output(), /Kickstart skipped: FUSIONAUTH_APP_KICKSTART_FILE is set, but .*database without API keys/);
    await expectStatus(new FusionAuthClient('corrected-key-0123456789abcdef01', `http://127.0.0.1:${port}`).retrieveTenants(), 401);
    assert.equal((await new FusionAuthClient('kickstarted-key-0123456789abcdef', `http://127.0.0.1:${port}`).retrieveTenants()).statusCode, 200);
    corrected.child.kill('SIGTERM');
    assert.equal(await corrected.exited, 0);
  });

  it('refuses a missing Kickstart file with one line naming FUSIONAUTH_APP_KICKSTART_FILE', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const missing = join(mkdtempSync(join(tmpdir(), 'gatehouse-kickstart-')), 'absent.json');
    const started = launch({ FUSIONAUTH_APP_HTTP_PORT: String(await freePort()), DATABASE_URL: database.url, FUSIONAUTH_APP_KICKSTART_FILE: missing });
    assert.equal(await started.exited, 1);
    const lines = started.output().trim().split('\n');
    assert.equal(lines.length, 1, started.output());
    assert.match(lines[0]!, /FUSIONAUTH_APP_KICKSTART_FILE/);
    assert.ok(lines[0]!.includes(missing), lines[0]);
  });
});
