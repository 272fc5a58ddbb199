/**
 * Key Master rows. Public parts (certificate, public key, metadata) live in `doc`; the private key (PKCS#8
 * PEM) or HMAC/Secret value lives in `secret` and is read only by `find`/`findByKid`, for the code that
 * signs. Listing and searching never select that column.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { containsPattern, matchesAll } from '../../db/like.js';
import { prepared } from '../../db/prepared.js';
import type { Key, KeyOrderField } from './model.js';

/** A key's public JSON (kept under this name for the first-start bootstrap, which creates the default key). */
export type KeyInfo = Key;

export interface StoredKey {
  readonly key: KeyInfo;
  /** PKCS#8 PEM private key (RSA/EC/OKP) or the HMAC/Secret value; absent for verification-only keys. */
  readonly secret?: string;
}

export interface KeySearch {
  readonly algorithm?: string;
  readonly type?: string;
  /** Case-insensitive `contains`, `*` a wildcard. */
  readonly name?: string;
  readonly orderBy: { readonly field: KeyOrderField; readonly descending: boolean };
  readonly startRow: number;
  readonly numberOfResults: number;
}

export interface KeyStore {
  insert(stored: StoredKey): Promise<void>;
  update(stored: StoredKey): Promise<void>;
  delete(id: string): Promise<boolean>;
  find(id: string): Promise<StoredKey | undefined>;
  findByName(name: string): Promise<StoredKey | undefined>;
  findByKid(kid: string): Promise<StoredKey | undefined>;
  /** Every key, by name. */
  list(): Promise<KeyInfo[]>;
  search(criteria: KeySearch): Promise<{ keys: KeyInfo[]; total: number }>;
}

type Row = { doc: string; secret: string | null };
// Signing and verifying tokens reads keys by id and by kid: compiled once.
const byColumn = {
  id: prepared((db, p: { value: string }) => db.selectFrom('keys').select(['doc', 'secret']).where('id', '=', p.value)),
  kid: prepared((db, p: { value: string }) => db.selectFrom('keys').select(['doc', 'secret']).where('kid', '=', p.value)),
};
const fromRow = (row: Row): StoredKey => ({ key: fromDoc<KeyInfo>(row.doc), ...(row.secret !== null ? { secret: row.secret } : {}) });

/** FusionAuth sorts missing values (an HMAC key's expiration) before all others. */
function byExpiration(descending: boolean) {
  return (a: KeyInfo, b: KeyInfo): number => {
    const order = (a.expirationInstant ?? -Infinity) - (b.expirationInstant ?? -Infinity) || a.name.toLowerCase().localeCompare(b.name.toLowerCase());
    return descending ? -order : order;
  };
}

export function createKeyStore({ db }: Database): KeyStore {
  const columns = ({ key, secret }: StoredKey) => ({
    name: key.name, algorithm: key.algorithm, type: key.type, kid: key.kid,
    doc: toDoc(key), secret: secret ?? null, last_update_instant: key.lastUpdateInstant,
  });
  const one = async (column: 'id' | 'name' | 'kid', value: string) => {
    const row = await (column === 'name' ? db.selectFrom('keys').select(['doc', 'secret']).where(column, '=', value).executeTakeFirst() : byColumn[column].first(db, { value }));
    return row && fromRow(row);
  };
  return {
    async insert(stored) {
      await db.insertInto('keys').values({ id: stored.key.id, insert_instant: stored.key.insertInstant, ...columns(stored) }).execute();
    },
    async update(stored) {
      await db.updateTable('keys').set(columns(stored)).where('id', '=', stored.key.id).execute();
    },
    async delete(id) {
      const result = await db.deleteFrom('keys').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    find: (id) => one('id', id),
    findByName: (name) => one('name', name),
    findByKid: (kid) => one('kid', kid),
    async list() {
      const rows = await db.selectFrom('keys').select('doc').orderBy(sql`lower(name)`).orderBy('id').execute();
      return rows.map((r) => fromDoc<KeyInfo>(r.doc));
    },
    async search({ algorithm, type, name, orderBy, startRow, numberOfResults }) {
      let query = db.selectFrom('keys');
      if (algorithm !== undefined) query = query.where('algorithm', '=', algorithm);
      if (type !== undefined) query = query.where('type', '=', type);
      if (!matchesAll(name)) query = query.where(sql<boolean>`lower(name) like ${containsPattern(name!)} escape '\\'`);
      const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const direction = orderBy.descending ? 'desc' : 'asc';
      if (orderBy.field === 'expiration') {
        // The expiration lives only in `doc`; a Key Master holds a handful of keys, so sort them here.
        const all = (await query.select('doc').execute()).map((r) => fromDoc<KeyInfo>(r.doc));
        return { keys: all.sort(byExpiration(orderBy.descending)).slice(startRow, startRow + numberOfResults), total };
      }
      const column = { algorithm: sql`algorithm`, id: sql`id`, insertInstant: sql`insert_instant`, name: sql`lower(name)`, type: sql`type` }[orderBy.field];
      const rows = await query.select('doc').orderBy(column, direction).orderBy(sql`lower(name)`).orderBy('id')
        .limit(numberOfResults).offset(startRow).execute();
      return { keys: rows.map((r) => fromDoc<KeyInfo>(r.doc)), total };
    },
  };
}
