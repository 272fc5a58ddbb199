/**
 * Kickstart in FusionAuth's format: `variables` (values may use `#{ENV.NAME}` and `#{UUID()}`),
 * `apiKeys`, and `requests` replayed in order through the real API with the first key. Strings may
 * use `#{variable}` and `#{ENV.NAME}`; a request given as `&{file.json}` is read from that file and
 * `@{file}` inside a string is replaced by the file's text (paths relative to the Kickstart file).
 * Applied only to an empty database; the first failing request stops start-up, naming it and why.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ApiKeyService } from '../api/api-key/service.js';
import { ApiError } from '../core/errors.js';
import { isUuid } from '../core/ids.js';
import { isObject } from '../core/json.js';

export class KickstartError extends Error {}

interface KickstartRequest {
  readonly method: string;
  readonly url: string;
  readonly tenantId?: string;
  readonly body?: unknown;
}

interface KickstartApiKey {
  readonly key?: string;
  readonly id?: string;
  readonly description?: string;
  readonly name?: string;
  readonly tenantId?: string;
  readonly keyManager?: boolean;
  readonly permissions?: Record<string, unknown>;
}

export interface KickstartFile {
  readonly variables: Record<string, string>;
  readonly apiKeys: readonly KickstartApiKey[];
  readonly requests: readonly KickstartRequest[];
  readonly baseDir: string;
}

type Substitute = (text: string) => string;

/** A file named by `&{file}` or `@{file}`, relative to the Kickstart file. */
function readIncluded(baseDir: string, file: string): string {
  const path = resolve(baseDir, file.trim());
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KickstartError(`Kickstart includes the file [${path}], which could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function substituter(variables: Record<string, string>, env: NodeJS.ProcessEnv, baseDir: string): Substitute {
  return (text) => text
    .replace(/@\{([^}]+)\}/g, (_m, file: string) => readIncluded(baseDir, file))
    .replace(/#\{\s*([^}]+?)\s*\}/g, (match, name: string) => {
      if (name === 'UUID()') return randomUUID();
      if (name.startsWith('ENV.')) {
        const value = env[name.slice(4)];
        if (value === undefined) throw new KickstartError(`Kickstart references the environment variable [${name.slice(4)}], which is not set.`);
        return value;
      }
      const value = variables[name];
      if (value === undefined) throw new KickstartError(`Kickstart references the undefined variable [${match}].`);
      return value;
    });
}

function substituteDeep(value: unknown, substitute: Substitute): unknown {
  if (typeof value === 'string') return substitute(value);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, substitute));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, substitute)]));
  return value;
}

/** Reads and resolves a Kickstart file. `builtIns` are FusionAuth's predefined variables. */
export function loadKickstart(path: string, builtIns: Record<string, string>, env: NodeJS.ProcessEnv = process.env): KickstartFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KickstartError(`Invalid configuration: FUSIONAUTH_APP_KICKSTART_FILE names [${path}], which could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const raw = parseJson(text, `the Kickstart file [${path}] (FUSIONAUTH_APP_KICKSTART_FILE)`);
  if (!isObject(raw)) throw new KickstartError(`The Kickstart file [${path}] (FUSIONAUTH_APP_KICKSTART_FILE) must hold a JSON object.`);
  const baseDir = dirname(resolve(path));
  const variables: Record<string, string> = { ...builtIns };
  const declared = isObject(raw.variables) ? raw.variables : {};
  for (const [name, value] of Object.entries(declared)) {
    variables[name] = substituter(variables, env, baseDir)(String(value));
  }
  const substitute = substituter(variables, env, baseDir);
  const requests = (Array.isArray(raw.requests) ? raw.requests : []).map((entry: unknown, index: number) => {
    const include = typeof entry === 'string' ? /^&\{(.+)\}$/.exec(entry.trim())?.[1] : undefined;
    const resolved = include === undefined ? entry : parseJson(readIncluded(baseDir, include), `Kickstart request #${index + 1} [${include.trim()}]`);
    const request = substituteDeep(resolved, substitute);
    if (!isObject(request) || typeof request.method !== 'string' || typeof request.url !== 'string') {
      throw new KickstartError(`Kickstart request #${index + 1} must have a string [method] and [url].`);
    }
    return request as unknown as KickstartRequest;
  });
  const apiKeys = (Array.isArray(raw.apiKeys) ? raw.apiKeys : []).map((k: unknown) => substituteDeep(k, substitute) as KickstartApiKey);
  if (requests.length > 0 && apiKeys.length === 0) {
    throw new KickstartError('Kickstart has requests but no apiKeys: requests are made with the first API key.');
  }
  return { variables, apiKeys, requests, baseDir };
}

/** V8's parse errors quote the text, which may hold secrets (keys, passwords), so they are not repeated. */
function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new KickstartError(`${what} is not valid JSON.`);
  }
}

/**
 * Said after a failure once a key exists: nothing is rolled back and, the database now having API keys,
 * a corrected file would be skipped, so the operator must start again from an empty database.
 */
const PARTLY_APPLIED = ' The database keeps what Kickstart applied so far, and Kickstart will not run again on it (it has API keys): start again from an empty database.';

function endpointsOf(permissions: Record<string, unknown> | undefined): Record<string, string[]> | undefined {
  if (permissions === undefined) return undefined;
  const endpoints = isObject(permissions.endpoints) ? permissions.endpoints : permissions;
  return Object.fromEntries(Object.entries(endpoints).map(([root, methods]) => [root, Array.isArray(methods) ? methods.map(String) : []]));
}

/** Creates the API keys, then replays every request; returns how many requests were made. */
export async function applyKickstart(kickstart: KickstartFile, app: FastifyInstance, apiKeys: ApiKeyService): Promise<number> {
  let firstKey: string | undefined;
  for (const [index, entry] of kickstart.apiKeys.entries()) {
    try {
      const endpoints = endpointsOf(entry.permissions);
      const created = await apiKeys.create('kickstart', entry.id, {
        ...(entry.key !== undefined ? { key: entry.key } : {}),
        ...(entry.name !== undefined ? { name: entry.name } : {}),
        ...(entry.tenantId !== undefined ? { tenantId: entry.tenantId } : {}),
        keyManager: entry.keyManager === true,
        ...(endpoints !== undefined ? { permissions: { endpoints } } : {}),
        ...(entry.description !== undefined ? { metaData: { attributes: { description: entry.description } } } : {}),
      });
      firstKey ??= created.key;
    } catch (error) {
      throw new KickstartError(`Kickstart apiKeys[${index}] failed: ${describe(error)}${index > 0 ? PARTLY_APPLIED : ''}`);
    }
  }
  for (const [index, request] of kickstart.requests.entries()) {
    const headers: Record<string, string> = { authorization: firstKey ?? '' };
    if (request.tenantId !== undefined) headers['x-fusionauth-tenantid'] = request.tenantId;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const method = request.method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const response = await app.inject({ method, url: request.url, headers, ...(body !== undefined ? { payload: body } : {}) });
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new KickstartError(`Kickstart request #${index + 1} [${method} ${request.url}] failed with status ${response.statusCode}${response.body ? `: ${response.body}` : ''}.${PARTLY_APPLIED}`);
    }
  }
  return kickstart.requests.length;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `status ${error.status}${error.body() === undefined ? '' : `: ${JSON.stringify(error.body())}`}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `defaultTenantId` variable sets the Default tenant's id, so it is needed before the tenant is
 * created, ahead of the full load (which may refer to the tenant through FUSIONAUTH_TENANT_ID).
 */
export function peekDefaultTenantId(path: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const declared = isObject(raw) && isObject(raw.variables) ? raw.variables.defaultTenantId : undefined;
    if (typeof declared !== 'string') return undefined;
    const value = substituter({}, env, dirname(resolve(path)))(declared).toLowerCase();
    if (!isUuid(value)) throw new KickstartError(`Kickstart variable [defaultTenantId] must be a UUID, got [${value}].`);
    return value;
  } catch (error) {
    if (error instanceof KickstartError) throw error;
    return undefined; // the full load reports an unreadable file
  }
}
