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
      const id = hashSecret(twoFactorId);
      return database.transaction(async (tx) => {
        const row = await tx.selectFrom('flows').select(['state']).where('id', '=', id).executeTakeFirst();
        if (row === undefined) return limit;
        const state = fromDoc<Record<string, unknown>>(row.state);
        const failures = (typeof state.failures === 'number' ? state.failures : 0) + 1;
        await tx.updateTable('flows')
          .set({ state: toDoc({ ...state, failures }), ...(failures >= limit ? { consumed: 1 } : {}) })
          .where('id', '=', id).execute();
        return failures;
      });
    },

    async patchFlowState(twoFactorId, patch) {
      const id = hashSecret(twoFactorId);
      await database.transaction(async (tx) => {
        const row = await tx.selectFrom('flows').select(['state']).where('id', '=', id).executeTakeFirst();
        if (row === undefined) return;
        await tx.updateTable('flows').set({ state: toDoc({ ...fromDoc<Record<string, unknown>>(row.state), ...patch }) }).where('id', '=', id).execute();
      });
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
