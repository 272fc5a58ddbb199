/** API key rows. The key value is looked up by its SHA-256 so authentication is one indexed read. */
import { createHash } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import { flag, fromDoc, toDoc } from '../../db/documents.js';
import type { ApiKey } from './model.js';

/** A stored key: the public object plus its value (kept apart so it is only returned on purpose). */
export interface StoredApiKey {
  readonly apiKey: ApiKey & { id: string; insertInstant: number; lastUpdateInstant: number };
  readonly key: string;
}

export interface ApiKeyStore {
  insert(stored: StoredApiKey): Promise<void>;
  update(stored: StoredApiKey): Promise<void>;
  find(id: string): Promise<StoredApiKey | undefined>;
  findByKey(key: string): Promise<StoredApiKey | undefined>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

export const keyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

type Row = { doc: string; key_value: string };
// Every authenticated request reads this: compiled once.
const byKeyHash = prepared((db, p: { hash: string }) => db.selectFrom('api_keys').select(['doc', 'key_value']).where('key_hash', '=', p.hash));
const fromRow = (row: Row): StoredApiKey => ({ apiKey: fromDoc(row.doc), key: row.key_value });

export function createApiKeyStore({ db }: Database): ApiKeyStore {
  const columns = (stored: StoredApiKey) => ({
    key_hash: keyHash(stored.key),
    key_value: stored.key,
    tenant_id: stored.apiKey.tenantId ?? null,
    key_manager: flag(stored.apiKey.keyManager),
    doc: toDoc(stored.apiKey),
    last_update_instant: stored.apiKey.lastUpdateInstant,
  });
  return {
    async insert(stored) {
      await db.insertInto('api_keys')
        .values({ id: stored.apiKey.id, insert_instant: stored.apiKey.insertInstant, ...columns(stored) })
        .execute();
    },
    async update(stored) {
      await db.updateTable('api_keys').set(columns(stored)).where('id', '=', stored.apiKey.id).execute();
    },
    async find(id) {
      const row = await db.selectFrom('api_keys').select(['doc', 'key_value']).where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
    async findByKey(key) {
      const row = await byKeyHash.first(db, { hash: keyHash(key) });
      return row && fromRow(row);
    },
    async delete(id) {
      const result = await db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async count() {
      const row = await db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
