/**
 * Environment → a typed, validated Config. Every key Gatehouse reads is declared here, once, under
 * FusionAuth's own environment names (DESIGN.md §2). A bad value stops start-up with one line that
 * names the variable, so an operator never finds out on the first request.
 */
export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly connectionString: string; readonly user?: string; readonly password?: string };

export interface Config {
  readonly httpPort: number;
  readonly database: DatabaseConfig;
  readonly appUrl: string;
  readonly kickstartFile?: string;
  readonly searchType: 'database';
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(env: Env, name: string, fallback: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    throw new ConfigError(name, `must be a TCP port between 0 and 65535, got [${raw}]`);
  }
  return port;
}

/** FusionAuth writes `jdbc:postgresql://host:port/db?…`; node-postgres wants `postgres://…`. */
function parseDatabase(env: Env): DatabaseConfig {
  const raw = nonEmpty(env, 'DATABASE_URL') ?? 'sqlite:./data/gatehouse.db';
  const user = nonEmpty(env, 'DATABASE_USERNAME');
  const password = env.DATABASE_PASSWORD;
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ConfigError('DATABASE_URL', 'must name a file after sqlite:, e.g. sqlite:./data/gatehouse.db');
    return { dialect: 'sqlite', path };
  }
  const url = raw.startsWith('jdbc:postgresql:') ? 'postgres:' + raw.slice('jdbc:postgresql:'.length) : raw;
  if (/^postgres(ql)?:\/\/[^/]/.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', `is not a valid URL: [${raw}]`);
    }
    return { dialect: 'postgres', connectionString: url, user, password };
  }
  throw new ConfigError('DATABASE_URL', `must start with sqlite:, postgres:// or jdbc:postgresql://, got [${raw}]`);
}

function parseAppUrl(env: Env, port: number): string {
  const raw = nonEmpty(env, 'FUSIONAUTH_APP_URL') ?? `http://localhost:${port}`;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError('FUSIONAUTH_APP_URL', `must be an http(s) URL, got [${raw}]`);
  }
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): Config {
  const httpPort = parsePort(env, 'FUSIONAUTH_APP_HTTP_PORT', 9011);
  const searchType = nonEmpty(env, 'SEARCH_TYPE') ?? 'database';
  if (searchType !== 'database') {
    throw new ConfigError('SEARCH_TYPE', `supports only [database], got [${searchType}]`);
  }
  return {
    httpPort,
    database: parseDatabase(env),
    appUrl: parseAppUrl(env, httpPort),
    kickstartFile: nonEmpty(env, 'FUSIONAUTH_APP_KICKSTART_FILE'),
    searchType,
  };
}
