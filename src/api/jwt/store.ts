/**
 * Refresh token rows. The opaque value never reaches this layer: rows are found by the SHA-256 of a
 * presented value (`token_hash`, or `previous_token_hash` for a one-time token that was rotated).
 * `metaData` and `data` live in `doc`.
 */
import type { Database, Db } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { prepared } from '../../db/prepared.js';
import type { RefreshTokenTable } from '../../db/schema.js';
import type { RefreshTokenMetaData } from './model.js';

export interface StoredRefreshToken {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly applicationId?: string;
  readonly tokenHash: string;
  readonly previousTokenHash?: string;
  /** The key the current value was derived with from the previous one (one-time-use rotation). */
  readonly rotationKey?: string;
  readonly rotatedInstant?: number;
  /** When the user authenticated (the access token's `auth_time`); absent on imported tokens. */
  readonly authInstant?: number;
  readonly startInstant: number;
  readonly insertInstant: number;
  readonly metaData: RefreshTokenMetaData;
  readonly data: Record<string, unknown>;
}

/** A row found by a presented value: as its current value, or as the value it was rotated from. */
export interface FoundRefreshToken {
  readonly token: StoredRefreshToken;
  readonly matched: 'current' | 'previous';
}

export interface RefreshTokenStore {
  insert(token: StoredRefreshToken): Promise<void>;
  /** Inserts all of them in one transaction, or none. */
  insertMany(tokens: readonly StoredRefreshToken[]): Promise<void>;
  findByHash(hash: string): Promise<FoundRefreshToken | undefined>;
  findById(id: string): Promise<StoredRefreshToken | undefined>;
  /** The user's tokens, newest first, at most `limit`. */
  listForUser(userId: string, limit: number): Promise<StoredRefreshToken[]>;
  /** Which of these hashes are already some token's current value. */
  existingHashes(hashes: readonly string[]): Promise<Set<string>>;
  /**
   * Writes a used token back: its start instant, `doc` and rotation columns. With `expectedHash` the
   * write happens only if the row's value is still that one (two concurrent uses of a one-time token
   * cannot both rotate it); answers whether the row was written.
   */
  saveUse(token: StoredRefreshToken, expectedHash?: string): Promise<boolean>;
  deleteById(id: string): Promise<boolean>;
  deleteByUser(userId: string, applicationId?: string): Promise<number>;
  deleteByApplication(applicationId: string): Promise<number>;
}

type Row = RefreshTokenTable;

const document = (t: { metaData: RefreshTokenMetaData; data: Record<string, unknown> }): string => toDoc({ metaData: t.metaData, data: t.data });

function fromRow(row: Row): StoredRefreshToken {
  const { metaData, data } = fromDoc<{ metaData?: RefreshTokenMetaData; data?: Record<string, unknown> }>(row.doc);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    ...(row.application_id !== null ? { applicationId: row.application_id } : {}),
    tokenHash: row.token_hash,
    ...(row.previous_token_hash !== null ? { previousTokenHash: row.previous_token_hash } : {}),
    ...(row.rotation_key !== null ? { rotationKey: row.rotation_key } : {}),
    ...(row.rotated_instant !== null ? { rotatedInstant: Number(row.rotated_instant) } : {}),
    ...(row.auth_instant !== null ? { authInstant: Number(row.auth_instant) } : {}),
    startInstant: Number(row.start_instant),
    insertInstant: Number(row.insert_instant),
    metaData: metaData ?? {},
    data: data ?? {},
  };
}

function toRow(t: StoredRefreshToken): Row {
  return {
    id: t.id,
    tenant_id: t.tenantId,
    user_id: t.userId,
    application_id: t.applicationId ?? null,
    token_hash: t.tokenHash,
    previous_token_hash: t.previousTokenHash ?? null,
    rotation_key: t.rotationKey ?? null,
    rotated_instant: t.rotatedInstant ?? null,
    doc: document(t),
    auth_instant: t.authInstant ?? null,
    start_instant: t.startInstant,
    insert_instant: t.insertInstant,
  };
}

// Every login inserts a token and every refresh finds and writes one back: compiled once.
const byTokenHash = prepared((db, p: { value: string }) => db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', p.value));
const insertOne = prepared((db, p: Row) => db.insertInto('refresh_tokens').values({
  id: p.id, tenant_id: p.tenant_id, user_id: p.user_id, application_id: p.application_id, token_hash: p.token_hash,
  previous_token_hash: p.previous_token_hash, rotation_key: p.rotation_key, rotated_instant: p.rotated_instant, doc: p.doc,
  auth_instant: p.auth_instant, start_instant: p.start_instant, insert_instant: p.insert_instant,
}));
type UseColumns = Pick<Row, 'id' | 'token_hash' | 'previous_token_hash' | 'rotation_key' | 'rotated_instant' | 'start_instant' | 'doc'>;
const useSet = (p: UseColumns) => ({
  token_hash: p.token_hash, previous_token_hash: p.previous_token_hash, rotation_key: p.rotation_key,
  rotated_instant: p.rotated_instant, start_instant: p.start_instant, doc: p.doc,
});
const saveUse = prepared((db, p: UseColumns) => db.updateTable('refresh_tokens').set(useSet(p)).where('id', '=', p.id));
const saveUseIf = prepared((db, p: UseColumns & { expected: string }) =>
  db.updateTable('refresh_tokens').set(useSet(p)).where('id', '=', p.id).where('token_hash', '=', p.expected));

/** Rows per INSERT: 12 columns each stays far below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createRefreshTokenStore(database: Database): RefreshTokenStore {
  const db: Db = database.db;
  const one = async (column: 'id' | 'token_hash' | 'previous_token_hash', value: string) => {
    const row = column === 'token_hash' ? await byTokenHash.first(db, { value })
      : await db.selectFrom('refresh_tokens').selectAll().where(column, '=', value).executeTakeFirst();
    return row && fromRow(row);
  };
  return {
    async insert(token) {
      await insertOne.run(db, toRow(token));
    },
    async insertMany(tokens) {
      if (tokens.length === 0) return;
      await database.transaction(async (tx) => {
        for (const chunk of chunks(tokens, INSERT_CHUNK)) await tx.insertInto('refresh_tokens').values(chunk.map(toRow)).execute();
      });
    },
    async findByHash(hash) {
      const current = await one('token_hash', hash);
      if (current !== undefined) return { token: current, matched: 'current' };
      const previous = await one('previous_token_hash', hash);
      return previous && { token: previous, matched: 'previous' };
    },
    findById: (id) => one('id', id),
    async listForUser(userId, limit) {
      const rows = await db.selectFrom('refresh_tokens').selectAll().where('user_id', '=', userId)
        .orderBy('insert_instant', 'desc').orderBy('id').limit(limit).execute();
      return rows.map(fromRow);
    },
    async existingHashes(hashes) {
      const found = new Set<string>();
      for (const chunk of chunks(hashes, INSERT_CHUNK)) {
        const rows = await db.selectFrom('refresh_tokens').select('token_hash').where('token_hash', 'in', chunk).execute();
        for (const row of rows) found.add(row.token_hash);
      }
      return found;
    },
    async saveUse(token, expectedHash) {
      const columns: UseColumns = {
        id: token.id,
        token_hash: token.tokenHash,
        previous_token_hash: token.previousTokenHash ?? null,
        rotation_key: token.rotationKey ?? null,
        rotated_instant: token.rotatedInstant ?? null,
        start_instant: token.startInstant,
        doc: document(token),
      };
      const updated = expectedHash === undefined ? await saveUse.run(db, columns) : await saveUseIf.run(db, { ...columns, expected: expectedHash });
      return updated > 0;
    },
    async deleteById(id) {
      const result = await db.deleteFrom('refresh_tokens').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteByUser(userId, applicationId) {
      let query = db.deleteFrom('refresh_tokens').where('user_id', '=', userId);
      if (applicationId !== undefined) query = query.where('application_id', '=', applicationId);
      return Number((await query.executeTakeFirst()).numDeletedRows);
    },
    async deleteByApplication(applicationId) {
      const result = await db.deleteFrom('refresh_tokens').where('application_id', '=', applicationId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
