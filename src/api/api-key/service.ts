/**
 * The API Keys API's rules (FusionAuth docs, "API Keys"): only key-manager keys call it; a caller may
 * only see or change keys of equal or lesser authority (same tenant when it is tenant-locked, a subset
 * of its endpoint permissions when it is restricted); the key-manager flag is set only by Kickstart.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyAuthenticator, ApiKeyPrincipal } from '../../core/auth.js';
import type { Clock } from '../../core/clock.js';
import { NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { TenantDirectory } from '../../core/tenant-context.js';
import { writeUnique } from '../../db/database.js';
import { HTTP_METHODS, type ApiKey } from './model.js';
import type { ApiKeyStore, StoredApiKey } from './store.js';

export interface ApiKeyService extends ApiKeyAuthenticator {
  create(caller: ApiKeyPrincipal | 'kickstart', id: string | undefined, input: ApiKey, sourceKeyId?: string): Promise<ApiKey>;
  retrieve(caller: ApiKeyPrincipal, id: string): Promise<ApiKey>;
  update(caller: ApiKeyPrincipal, id: string, input: ApiKey): Promise<ApiKey>;
  delete(caller: ApiKeyPrincipal, id: string): Promise<void>;
}

interface Deps {
  readonly keys: ApiKeyStore;
  readonly tenants: TenantDirectory;
  readonly clock: Clock;
}

const generateKeyValue = (): string => randomBytes(48).toString('base64url');

function principalOf(stored: StoredApiKey): ApiKeyPrincipal {
  const { apiKey } = stored;
  return {
    id: apiKey.id,
    keyManager: apiKey.keyManager === true,
    ...(apiKey.tenantId !== undefined ? { tenantId: apiKey.tenantId } : {}),
    ...(apiKey.permissions?.endpoints !== undefined ? { permissions: apiKey.permissions.endpoints } : {}),
  };
}

const isUnrestricted = (endpoints: Readonly<Record<string, readonly string[]>> | undefined): boolean =>
  endpoints === undefined || Object.keys(endpoints).length === 0;

/** True when `caller` holds at least the authority of a key with this tenant and these permissions. */
function outranks(caller: ApiKeyPrincipal, tenantId: string | undefined, endpoints: Record<string, string[]> | undefined): boolean {
  if (caller.tenantId !== undefined && caller.tenantId !== tenantId) return false;
  if (isUnrestricted(caller.permissions)) return true;
  if (isUnrestricted(endpoints)) return false;
  return Object.entries(endpoints ?? {}).every(([root, methods]) =>
    methods.every((m) => caller.permissions?.[root]?.some((allowed) => allowed.toUpperCase() === m.toUpperCase()) === true));
}

/** The response shape: the key value is shown unless the key was made non-retrievable. */
function present(stored: StoredApiKey, revealKey: boolean): ApiKey {
  return revealKey || stored.apiKey.retrievable !== false ? { ...stored.apiKey, key: stored.key } : { ...stored.apiKey };
}

export function createApiKeyService({ keys, tenants, clock }: Deps): ApiKeyService {
  async function validate(input: ApiKey, errors: ValidationError): Promise<Record<string, string[]> | undefined> {
    const endpoints = input.permissions?.endpoints;
    for (const [root, methods] of Object.entries(endpoints ?? {})) {
      if (!root.startsWith('/api/') || methods.some((m) => !(HTTP_METHODS as readonly string[]).includes(m.toUpperCase()))) {
        errors.add('apiKey.permissions.endpoints', 'invalid', `The endpoint permission [${root}] must be an /api path with methods from ${HTTP_METHODS.join(', ')}.`);
      }
    }
    if (input.retrievable === false && (input.name ?? '').trim() === '') {
      errors.add('apiKey.name', 'blank', 'You must specify the [apiKey.name] property when [apiKey.retrievable] is false.');
    }
    if (input.expirationInstant !== undefined && input.expirationInstant <= clock.now()) {
      errors.add('apiKey.expirationInstant', 'invalid', 'The [apiKey.expirationInstant] must be in the future.');
    }
    return endpoints && Object.fromEntries(Object.entries(endpoints).map(([r, ms]) => [r, [...new Set(ms.map((m) => m.toUpperCase()))]]));
  }

  const save = (write: () => Promise<void>, errors: ValidationError): Promise<void> => writeUnique(write, (constraint) => {
    const path = constraint.includes('key') ? 'apiKey.key' : 'apiKey.id';
    return errors.add(path, 'duplicate', `An API key with this [${path}] already exists.`);
  });

  async function findVisible(caller: ApiKeyPrincipal, id: string): Promise<StoredApiKey> {
    const stored = isUuid(id) ? await keys.find(normalizeId(id)) : undefined;
    if (stored === undefined) throw new NotFoundError();
    if (!outranks(caller, stored.apiKey.tenantId, stored.apiKey.permissions?.endpoints)) throw new UnauthorizedError();
    return stored;
  }

  return {
    async authenticate(presented) {
      const stored = await keys.findByKey(presented);
      if (stored === undefined) return undefined;
      const a = Buffer.from(stored.key, 'utf8');
      const b = Buffer.from(presented, 'utf8');
      if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
      const expires = stored.apiKey.expirationInstant;
      if (expires !== undefined && expires <= clock.now()) return undefined;
      return principalOf(stored);
    },

    async create(caller, id, requested, sourceKeyId) {
      const errors = new ValidationError();
      let input = requested;
      if (sourceKeyId !== undefined) {
        const source = isUuid(sourceKeyId) ? await keys.find(normalizeId(sourceKeyId)) : undefined;
        if (source === undefined) throw errors.add('sourceKeyId', 'invalid', `The source API key [${sourceKeyId}] does not exist.`);
        const { id: _id, key: _key, insertInstant: _i, lastUpdateInstant: _u, keyManager: _m, ...copy } = source.apiKey;
        input = { ...copy, ...requested };
      }
      if (id !== undefined && !isUuid(id)) errors.add('apiKey.id', 'invalid', `The id [${id}] is not a valid UUID.`);
      if (caller !== 'kickstart' && input.keyManager === true) {
        errors.add('apiKey.keyManager', 'invalid', 'A key manager API key can only be created by Kickstart or the administrative user interface.');
      }
      const tenantId = input.tenantId !== undefined ? normalizeId(input.tenantId) : caller === 'kickstart' ? undefined : caller.tenantId;
      if (tenantId !== undefined && !(isUuid(tenantId) && (await tenants.exists(tenantId)))) {
        errors.add('apiKey.tenantId', 'invalid', `The tenant [${tenantId}] does not exist.`);
      }
      const endpoints = await validate(input, errors);
      if (caller !== 'kickstart' && errors.isEmpty && !outranks(caller, tenantId, endpoints)) {
        errors.add(caller.tenantId !== tenantId ? 'apiKey.tenantId' : 'apiKey.permissions', 'invalid',
          'An API key can only create keys with equal or lesser permissions than its own.');
      }
      errors.throwIfAny();
      const now = clock.now();
      const stored: StoredApiKey = {
        key: input.key !== undefined && input.key !== '' ? input.key : generateKeyValue(),
        apiKey: {
          ...input,
          id: id !== undefined ? normalizeId(id) : newId(),
          keyManager: caller === 'kickstart' && input.keyManager === true,
          retrievable: input.retrievable ?? true,
          ...(tenantId !== undefined ? { tenantId } : {}),
          permissions: { endpoints: endpoints ?? {} },
          metaData: { attributes: input.metaData?.attributes ?? {} },
          insertInstant: now,
          lastUpdateInstant: now,
        },
      };
      delete stored.apiKey.key;
      await save(() => keys.insert(stored), errors);
      return present(stored, true);
    },

    async retrieve(caller, id) {
      return present(await findVisible(caller, id), false);
    },

    async update(caller, id, input) {
      const existing = await findVisible(caller, id);
      const errors = new ValidationError();
      if (input.tenantId !== undefined && normalizeId(input.tenantId) !== existing.apiKey.tenantId) {
        errors.add('apiKey.tenantId', 'invalid', 'The [apiKey.tenantId] cannot be changed.');
      }
      if (input.keyManager !== undefined && input.keyManager !== existing.apiKey.keyManager) {
        errors.add('apiKey.keyManager', 'invalid', 'The [apiKey.keyManager] setting cannot be changed through this API.');
      }
      // `retrievable` is read-only once created, so the existing value governs the name rule.
      const endpoints = await validate({ ...input, retrievable: existing.apiKey.retrievable }, errors);
      if (errors.isEmpty && !outranks(caller, existing.apiKey.tenantId, endpoints)) {
        errors.add('apiKey.permissions', 'invalid', 'An API key can only grant permissions it holds itself.');
      }
      errors.throwIfAny();
      const { key: _key, id: _id, insertInstant: _i, lastUpdateInstant: _u, tenantId: _t, keyManager: _m, retrievable: _r, ...changes } = input;
      const updated: StoredApiKey = {
        key: existing.key,
        apiKey: {
          ...changes,
          id: existing.apiKey.id,
          keyManager: existing.apiKey.keyManager,
          retrievable: existing.apiKey.retrievable,
          ...(existing.apiKey.tenantId !== undefined ? { tenantId: existing.apiKey.tenantId } : {}),
          permissions: { endpoints: endpoints ?? {} },
          metaData: { attributes: input.metaData?.attributes ?? {} },
          insertInstant: existing.apiKey.insertInstant,
          lastUpdateInstant: clock.now(),
        },
      };
      await save(() => keys.update(updated), errors);
      return present(updated, false);
    },

    async delete(caller, id) {
      const stored = await findVisible(caller, id);
      await keys.delete(stored.apiKey.id);
    },
  };
}
