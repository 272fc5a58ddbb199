/**
 * Flows are rows (DESIGN §5): a change-password id, a one-time password, a two-factor id, a trust id, a
 * verification id … is a row with its tenant, user, kind, expiry, a small typed state and a consumed
 * flag. The secret itself is never stored: rows are addressed by `hashSecret(secret)`.
 *
 * `consume` is the exactly-once use: in one transaction it reads the live row and flips `consumed`
 * with a conditional update, so of two concurrent uses only one gets the flow (PostgreSQL re-checks the
 * condition after the row lock; SQLite serializes writers). Expired and consumed rows read as absent.
 */
import type { Database } from '../db/database.js';
import { fromDoc, toDoc } from '../db/documents.js';
import { prepared } from '../db/prepared.js';
import { hashSecret } from './secrets.js';

/** The kinds in use; later issues add theirs (verification ids, passwordless codes, SAML requests …). */
export type FlowKind =
  | 'changePassword' | 'oneTimePassword' | 'setupPassword' | 'twoFactor' | 'twoFactorTrust'
  | 'emailVerification' | 'registrationVerification' | 'passwordlessLogin' | (string & {});

export type FlowState = Record<string, unknown>;

export interface NewFlow<S extends FlowState = FlowState> {
  readonly tenantId: string;
  readonly userId?: string;
  readonly kind: FlowKind;
  readonly state: S;
  /** Epoch ms after which the flow is unusable. */
  readonly expiresInstant: number;
}

export interface Flow<S extends FlowState = FlowState> extends NewFlow<S> {
  /** The SHA-256 of the secret. */
  readonly id: string;
  readonly insertInstant: number;
}

export interface FlowStore {
  /** Stores a flow under `secret` (which the caller hands out; only its hash is kept). */
  create<S extends FlowState>(secret: string, flow: NewFlow<S>, now: number): Promise<Flow<S>>;
  /** The live (unexpired, unconsumed) flow of this kind, without using it up. */
  find<S extends FlowState>(secret: string, kind: FlowKind, now: number): Promise<Flow<S> | undefined>;
  /** Uses the live flow up, exactly once; undefined when it is unknown, expired, consumed or of another kind. */
  consume<S extends FlowState>(secret: string, kind: FlowKind, now: number): Promise<Flow<S> | undefined>;
  /** The user's live flows of this kind, newest first (e.g. the verification a login points back to). */
  listForUser<S extends FlowState>(userId: string, kind: FlowKind, now: number): Promise<Flow<S>[]>;
  /** Removes a user's flows of the given kinds (e.g. outstanding change-password ids after a login). */
  deleteForUser(userId: string, kinds: readonly FlowKind[]): Promise<number>;
  /** Housekeeping: removes expired and consumed rows. */
  deleteSpent(now: number): Promise<number>;
}

type Row = { id: string; tenant_id: string; user_id: string | null; kind: string; state: string; consumed: number; expires_instant: number; insert_instant: number };

function fromRow<S extends FlowState>(row: Row): Flow<S> {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ...(row.user_id !== null ? { userId: row.user_id } : {}),
    kind: row.kind,
    state: fromDoc<S>(row.state),
    expiresInstant: Number(row.expires_instant),
    insertInstant: Number(row.insert_instant),
  };
}

const live = (row: Row | undefined, kind: FlowKind, now: number): row is Row =>
  row !== undefined && row.kind === kind && row.consumed === 0 && Number(row.expires_instant) > now;

const anyForUser = prepared((db, p: { userId: string }) => db.selectFrom('flows').select('id').where('user_id', '=', p.userId).limit(1));

export function createFlowStore(database: Database): FlowStore {
  const { db } = database;
  return {
    async create(secret, flow, now) {
      const id = hashSecret(secret);
      await db.insertInto('flows').values({
        id,
        tenant_id: flow.tenantId,
        user_id: flow.userId ?? null,
        kind: flow.kind,
        state: toDoc(flow.state),
        consumed: 0,
        expires_instant: flow.expiresInstant,
        insert_instant: now,
      }).execute();
      return { ...flow, id, insertInstant: now };
    },

    async find(secret, kind, now) {
      const row = await db.selectFrom('flows').selectAll().where('id', '=', hashSecret(secret)).executeTakeFirst();
      return live(row, kind, now) ? fromRow(row) : undefined;
    },

    async consume(secret, kind, now) {
      const id = hashSecret(secret);
      return database.transaction(async (tx) => {
        const row = await tx.selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirst();
        if (!live(row, kind, now)) return undefined;
        const result = await tx.updateTable('flows').set({ consumed: 1 }).where('id', '=', id).where('consumed', '=', 0).executeTakeFirst();
        return Number(result.numUpdatedRows) === 1 ? fromRow(row) : undefined;
      });
    },

    async listForUser(userId, kind, now) {
      const rows = await db.selectFrom('flows').selectAll()
        .where('user_id', '=', userId).where('kind', '=', kind).where('consumed', '=', 0).where('expires_instant', '>', now)
        .orderBy('insert_instant', 'desc').execute();
      return rows.map((row) => fromRow(row));
    },

    async deleteForUser(userId, kinds) {
      if (kinds.length === 0) return 0;
      // Every password login ends the user's password flows; most users have none, and a read that
      // finds none costs a fraction of a write transaction that deletes nothing.
      if ((await anyForUser.first(db, { userId })) === undefined) return 0;
      const result = await db.deleteFrom('flows').where('user_id', '=', userId).where('kind', 'in', [...kinds]).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteSpent(now) {
      const result = await db.deleteFrom('flows').where((eb) => eb.or([eb('expires_instant', '<=', now), eb('consumed', '=', 1)])).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
