/**
 * Where a key is in use. FusionAuth refuses to delete a key that is still referenced ("validation rules
 * will prevent you from removing an in-use key", docs _update-key-note) and its Delete API names where
 * (fusionauth-issues #2486). Keys are referenced from configuration held in other objects' `doc` JSON:
 * tenant and application `jwtConfiguration.accessTokenKeyId`/`idTokenKeyId` and their verification key
 * lists, application `samlv2Configuration.keyId`, `logout.keyId`, `verificationKeyIds`, identity
 * providers' `keyId`, `verificationKeyIds`, `requestSigningKeyId` (SAML v2; an identity provider's key
 * is in use too, fusionauth-issues #3275) … Rather than list every path
 * (and miss the next one), any property named `…keyId`/`…KeyIds` outside free-form `data` counts.
 */
import type { Database } from '../../db/database.js';
import { isObject } from '../../core/json.js';

export interface KeyUsage {
  readonly kind: 'tenant' | 'application' | 'identityProvider';
  readonly id: string;
  readonly name: string;
  /** The dotted path of the referencing property, e.g. `jwtConfiguration.accessTokenKeyId`. */
  readonly path: string;
}

export interface KeyUsageFinder {
  usagesOf(keyId: string): Promise<KeyUsage[]>;
}

const KEY_REFERENCE = /keyids?$/i;

/** Dotted paths under `value` whose key-reference property holds `keyId`. */
function referencePaths(value: unknown, keyId: string, prefix = ''): string[] {
  if (!isObject(value)) return [];
  const found: string[] = [];
  for (const [name, item] of Object.entries(value)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (name === 'data') continue;
    if (KEY_REFERENCE.test(name) && (item === keyId || (Array.isArray(item) && item.includes(keyId)))) found.push(path);
    else if (isObject(item)) found.push(...referencePaths(item, keyId, path));
  }
  return found;
}

export function createKeyUsageFinder({ db }: Database): KeyUsageFinder {
  return {
    async usagesOf(keyId) {
      // A substring match narrows the rows cheaply; the walk then confirms where the id really sits.
      const pattern = `%${keyId}%`;
      const tenants = await db.selectFrom('tenants').select(['id', 'name', 'doc']).where('doc', 'like', pattern).execute();
      const applications = await db.selectFrom('applications').select(['id', 'name', 'doc']).where('doc', 'like', pattern).execute();
      const providers = await db.selectFrom('identity_providers').select(['id', 'name', 'doc']).where('doc', 'like', pattern).execute();
      const usages = (kind: KeyUsage['kind'], rows: { id: string; name: string; doc: string }[]) =>
        rows.flatMap((row) => referencePaths(JSON.parse(row.doc) as unknown, keyId).map((path) => ({ kind, id: row.id, name: row.name, path })));
      return [...usages('tenant', tenants), ...usages('application', applications), ...usages('identityProvider', providers)];
    },
  };
}
