/**
 * Process entry (`npm start`): configuration from FusionAuth's environment names, then start. A bad
 * setting stops start-up with one line naming it. SIGTERM/SIGINT let in-flight requests finish and
 * close the database cleanly.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { DatabaseStartError, startGatehouse } from './gatehouse.js';
import { KickstartError } from './kickstart/kickstart.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(config: Config): Promise<void> {
  const running = await startGatehouse(config);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    running.server.app.log.info(`${signal} received: finishing in-flight requests, then closing the database`);
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
main(config).catch((error: unknown) => {
  if (error instanceof KickstartError || error instanceof DatabaseStartError) fail(error.message);
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    fail(`Invalid configuration: FUSIONAUTH_APP_HTTP_PORT ${config.httpPort} is already in use`);
  }
  fail(`Gatehouse failed to start: ${error instanceof Error ? error.message : String(error)}`);
});
