/**
 * What the Two Factor APIs keep. A user's methods and recovery codes live on the user document
 * (`user.twoFactor`, as the User and Import APIs store them); everything short-lived is a flow row
 * (DESIGN §5): two-factor ids, trust ids, one-time codes, and the "used TOTP step" ledger that makes
 * every authenticator code usable once. Wrong-code counting updates the two-factor flow's state.
 */
import type { Database } from '../../db/database.js';
import { asUniqueViolation, UniqueViolation } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { hashSecret } from '../../flows/secrets.js';
import type { FlowStore } from '../../flows/store.js';
import { createUserStore } from '../user/store.js';
import type { StoredTwoFactor } from '../user/two-factor-methods.js';

export interface TwoFactorUser {
  readonly id: string;
  readonly tenantId: string;
  readonly email?: string;
  readonly twoFactor: StoredTwoFactor;
}

export interface TwoFactorStore {
  readonly flows: FlowStore;
  findUser(userId: string): Promise<TwoFactorUser | undefined>;
  /** Reads the user's two-factor configuration, lets `change` rewrite it, and stores it, in one transaction. */
  updateTwoFactor<T>(userId: string, now: number, change: (current: StoredTwoFactor) => { next: StoredTwoFactor; result: T } | undefined): Promise<T | undefined>;
  /** Counts a wrong code against a two-factor id; at `limit` the id is used up. Returns the new count. */
  recordFailure(twoFactorId: string, limit: number): Promise<number>;
  /** Merges `patch` into a two-factor id's state (e.g. the code an enrolment during login hands out). */
  patchFlowState(twoFactorId: string, patch: Record<string, unknown>): Promise<void>;
  /** Claims a once-only token (e.g. a TOTP step of a method) until `expiresInstant`; false when already claimed. */
  claimOnce(tenantId: string, userId: string, token: string, expiresInstant: number, now: number): Promise<boolean>;
}

export function createTwoFactorStore(database: Database, flows: FlowStore): TwoFactorStore {
  const users = createUserStore(database.db);

  /**
   * One locked read-modify-write of a two-factor id's state (wrong-code counting, enrolment codes), so
   * concurrent requests on the same id cannot lose each other's change; undefined when the id is gone.
   */
  async function changeFlowState<T>(twoFactorId: string, change: (state: Record<string, unknown>) => { state: Record<string, unknown>; consumed: boolean; result: T }): Promise<T | undefined> {
    const id = hashSecret(twoFactorId);
    return database.transaction(async (tx) => {
      let query = tx.selectFrom('flows').select(['state']).where('id', '=', id);
      // SQLite has no row locks (and no FOR UPDATE); its writers are serialized already.
      if (database.dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (row === undefined) return undefined;
      const changed = change(fromDoc<Record<string, unknown>>(row.state));
      await tx.updateTable('flows').set({ state: toDoc(changed.state), ...(changed.consumed ? { consumed: 1 } : {}) }).where('id', '=', id).execute();
      return changed.result;
    });
  }
  return {
    flows,

    async findUser(userId) {
      const stored = await users.find(userId);
      if (stored === undefined) return undefined;
      const { user } = stored;
      return {
        id: user.id,
        tenantId: user.tenantId,
        ...(user.email !== undefined ? { email: user.email } : {}),
        twoFactor: { ...user.twoFactor, methods: user.twoFactor?.methods ?? [] },
      };
    },

    async updateTwoFactor(userId, now, change) {
      return database.transaction(async (tx) => {
        const scoped = createUserStore(tx);
        const stored = await scoped.find(userId);
        if (stored === undefined) return undefined;
        const current: StoredTwoFactor = { ...stored.user.twoFactor, methods: stored.user.twoFactor?.methods ?? [] };
        const changed = change(current);
        if (changed === undefined) return undefined;
        const { recoveryCodes, methods } = changed.next;
        const twoFactor: StoredTwoFactor = { methods, ...(recoveryCodes !== undefined && recoveryCodes.length > 0 ? { recoveryCodes } : {}) };
        await scoped.update({ ...stored, user: { ...stored.user, twoFactor, lastUpdateInstant: now } });
        return changed.result;
      });
    },

    async recordFailure(twoFactorId, limit) {
      const failures = await changeFlowState(twoFactorId, (state) => {
        const counted = (typeof state.failures === 'number' ? state.failures : 0) + 1;
        return { state: { ...state, failures: counted }, consumed: counted >= limit, result: counted };
      });
      return failures ?? limit;
    },

    async patchFlowState(twoFactorId, patch) {
      await changeFlowState(twoFactorId, (state) => ({ state: { ...state, ...patch }, consumed: false, result: undefined }));
    },

    async claimOnce(tenantId, userId, token, expiresInstant, now) {
      try {
        await flows.create(`once:${userId}:${token}`, { tenantId, userId, kind: 'twoFactorUsedCode', state: {}, expiresInstant }, now);
        return true;
      } catch (error) {
        if (asUniqueViolation(error) instanceof UniqueViolation) return false;
        throw error;
      }
    },
  };
}
