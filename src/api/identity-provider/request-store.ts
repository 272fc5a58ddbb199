/**
 * Pending SAML v2 AuthnRequests (`identity_provider_requests`). A request is recorded by the start API
 * and consumed exactly once by a verified response: `consume` is a single conditional UPDATE, so of two
 * concurrent responses for one request only one can win, on either database; and the unique
 * (provider, assertion id) pair refuses the same signed assertion a second time, whatever request id it
 * is presented with.
 */
import { asUniqueViolation, UniqueViolation, type Database } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';

const RETENTION_MS = 24 * 3600 * 1000;

/** What the start request asked to be checked later (FusionAuth's `samlDestination` / `samlAudience`). */
export interface PendingRequestState {
  readonly samlDestination?: string;
  readonly samlAudience?: string;
  /** The caller's `state`, returned when the login completes. */
  readonly state?: Record<string, unknown>;
  readonly loginId?: string;
}

export interface PendingRequest {
  readonly id: string;
  readonly identityProviderId: string;
  readonly applicationId: string;
  readonly tenantId: string;
  readonly state: PendingRequestState;
  readonly consumed: boolean;
  readonly expiresInstant: number;
  readonly insertInstant: number;
}

export interface PendingRequestStore {
  /** Records a request; throws `UniqueViolation` when the id is taken. */
  insert(request: Omit<PendingRequest, 'consumed'>): Promise<void>;
  find(id: string): Promise<PendingRequest | undefined>;
  /**
   * Marks the request consumed by `assertionId` if it is still pending, unexpired and the provider's;
   * true only for the one caller that did so (false as well when the assertion was already used).
   */
  consume(id: string, identityProviderId: string, assertionId: string, now: number): Promise<boolean>;
  /**
   * Deletes requests that expired more than a day before `now`. Consumed rows outlive their expiry by
   * that day so the assertion ids they hold keep refusing replays for longer than any sane assertion lives.
   */
  purgeExpired(now: number): Promise<void>;
}

export function createPendingRequestStore({ db }: Database): PendingRequestStore {
  return {
    async insert(r) {
      await db.insertInto('identity_provider_requests').values({
        id: r.id,
        identity_provider_id: r.identityProviderId,
        application_id: r.applicationId,
        tenant_id: r.tenantId,
        doc: toDoc(r.state),
        consumed: 0,
        assertion_id: null,
        expires_instant: r.expiresInstant,
        insert_instant: r.insertInstant,
      }).execute();
    },
    async find(id) {
      const row = await db.selectFrom('identity_provider_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return row && {
        id: row.id,
        identityProviderId: row.identity_provider_id,
        applicationId: row.application_id,
        tenantId: row.tenant_id,
        state: fromDoc<PendingRequestState>(row.doc),
        consumed: row.consumed === 1,
        expiresInstant: row.expires_instant,
        insertInstant: row.insert_instant,
      };
    },
    async consume(id, identityProviderId, assertionId, now) {
      try {
        const result = await db.updateTable('identity_provider_requests')
          .set({ consumed: 1, assertion_id: assertionId })
          .where('id', '=', id)
          .where('identity_provider_id', '=', identityProviderId)
          .where('consumed', '=', 0)
          .where('expires_instant', '>', now)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      } catch (error) {
        if (asUniqueViolation(error) instanceof UniqueViolation) return false;
        throw error;
      }
    },
    async purgeExpired(now) {
      await db.deleteFrom('identity_provider_requests').where('expires_instant', '<', now - RETENTION_MS).execute();
    },
  };
}
