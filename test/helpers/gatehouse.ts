/**
 * Starts a real Gatehouse on a random port (the same start-up path as `npm start`) with a fresh
 * database, a key-manager API key, and a FusionAuth client pointed at it. Time is a controllable
 * clock so tests move it instead of sleeping.
 */
import { FusionAuthClient } from '@fusionauth/typescript-client';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import { startGatehouse, type RunningGatehouse } from '../../src/gatehouse.js';
import { createTestDatabase } from './test-database.js';

export const ADMIN_API_KEY = 'gatehouse-test-admin-key-0123456789abcdef';

export class TestClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface TestServer {
  readonly url: string;
  readonly running: RunningGatehouse;
  readonly clock: TestClock;
  /** A client authenticated with the key-manager admin key. */
  readonly client: FusionAuthClient;
  /** A client with any (or no) API key and optional tenant id. */
  clientWith(apiKey: string | null, tenantId?: string): FusionAuthClient;
  /** Raw HTTP, for what the client cannot send (malformed JSON, wrong methods, bad headers). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  defaultTenantId(): Promise<string>;
  stop(): Promise<void>;
}

/** Creates another tenant, with FusionAuth's defaults, through the Tenants API; returns its id. */
export async function addTenant(server: TestServer, id: string): Promise<string> {
  await server.client.createTenant(id, { tenant: { name: `Tenant ${id.slice(0, 8)}` } });
  return id;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const config = loadConfig({ FUSIONAUTH_APP_HTTP_PORT: '0', DATABASE_URL: database.url, ...env });
  const running = await startGatehouse(config, { clock, logLevel: process.env.GATEHOUSE_TEST_LOG ?? 'silent', host: '127.0.0.1' });
  if ((await running.server.apiKeyCount()) === 0) {
    await running.server.apiKeys.create('kickstart', undefined, { key: ADMIN_API_KEY, keyManager: true });
  }
  const url = `http://127.0.0.1:${running.port}`;
  return {
    url,
    running,
    clock,
    client: new FusionAuthClient(ADMIN_API_KEY, url),
    clientWith: (apiKey, tenantId) => new FusionAuthClient(apiKey as string, url, tenantId),
    fetch: (path, init) => fetch(`${url}${path}`, init),
    defaultTenantId: async () => {
      const id = await running.server.tenants.soleTenantId();
      if (id !== undefined) return id;
      const tenants = await running.server.tenants.list();
      const found = tenants.find((t) => t.name === 'Default');
      if (found === undefined) throw new Error('no Default tenant');
      return found.id;
    },
    stop: async () => {
      await running.stop();
      await database.drop();
    },
  };
}
