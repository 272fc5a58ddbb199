/**
 * Starting and stopping a Gatehouse: open and migrate the database, create FusionAuth's defaults on
 * first start, apply Kickstart to an empty database, listen. Used by `main.ts` and by the tests, so
 * the tests start servers exactly the way `npm start` does.
 */
import { ensureFirstStart } from './bootstrap/first-start.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { applyKickstart, loadKickstart, peekDefaultTenantId } from './kickstart/kickstart.js';
import { buildServer, type Gatehouse, type ServerOptions } from './server.js';
import { systemClock } from './core/clock.js';

export class DatabaseStartError extends Error {}

export interface RunningGatehouse {
  readonly server: Gatehouse;
  readonly database: Database;
  readonly port: number;
  /** Finishes in-flight requests, then closes the database. */
  stop(): Promise<void>;
}

export async function startGatehouse(config: Config, options: ServerOptions & { host?: string } = {}): Promise<RunningGatehouse> {
  const database = openDatabase(config.database);
  const clock = options.clock ?? systemClock;
  try {
    await migrate(database, () => clock.now());
    const kickstartPath = config.kickstartFile;
    await ensureFirstStart(database, clock, kickstartPath === undefined ? undefined : peekDefaultTenantId(kickstartPath));
  } catch (error) {
    await database.close().catch(() => undefined);
    const detail = error instanceof Error ? error.message : String(error);
    throw new DatabaseStartError(`Could not prepare the ${config.database.dialect} database (DATABASE_URL): ${detail}`);
  }
  const server = buildServer(config, database, { ...options, clock });
  const stop = async (): Promise<void> => {
    await server.app.close();
    await database.close();
  };
  try {
    await server.app.ready();
    if (config.kickstartFile !== undefined) {
      if ((await server.apiKeyCount()) === 0) {
        const defaultTenantId = await server.tenants.soleTenantId();
        const kickstart = loadKickstart(config.kickstartFile, { FUSIONAUTH_TENANT_ID: defaultTenantId ?? '' });
        const count = await applyKickstart(kickstart, server.app, server.apiKeys);
        server.app.log.info(`Kickstart applied: ${kickstart.apiKeys.length} API key(s), ${count} request(s)`);
      } else {
        // FusionAuth's rule; said out loud because after a failed Kickstart the corrected file is skipped too.
        server.app.log.info(`Kickstart skipped: FUSIONAUTH_APP_KICKSTART_FILE is set, but Kickstart runs only on a database without API keys and this one has some`);
      }
    }
    await server.app.listen({ port: config.httpPort, host: options.host ?? '0.0.0.0' });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.httpPort;
  return { server, database, port, stop };
}
