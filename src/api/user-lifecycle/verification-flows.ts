/**
 * Verification ids as flow rows, shared by email and registration verification. An id is a row of its
 * kind; with the FormField strategy the row also keeps the hash of a short one-time code, and the id
 * and code only work as a pair (seed 001 "Verify a User's Email": "this value is used along with the
 * oneTimeCode as a pair"). A wrong code does not spend the id; a right one spends it exactly once.
 *
 * A 212/213 login hands the client an id for the pending verification (seed 002). Only hashes are
 * stored, so the id the user was emailed cannot be read back; the login gets a new id paired with the
 * same code instead (same expiry), which keeps the code in the user's mailbox valid.
 */
import { fieldError, NotFoundError } from '../../core/errors.js';
import { constantTimeEquals } from '../../crypto/password/index.js';
import type { Flow, FlowStore } from '../../flows/store.js';
import type { StoredTenant } from '../tenant/store.js';
import { newIdentifier, newOneTimeCode, oneTimeCodeHash } from './identifiers.js';
import type { StartedVerification } from './model.js';

export type VerificationKind = 'emailVerification' | 'registrationVerification';

interface CodeState extends Record<string, unknown> {
  readonly oneTimeCodeHash?: string;
}

export interface NewVerification<S extends Record<string, unknown>> {
  readonly tenant: StoredTenant;
  readonly kind: VerificationKind;
  readonly userId: string;
  readonly state: S;
  /** FormField: issue a one-time code with the id. */
  readonly withCode: boolean;
  readonly now: number;
}

export async function createVerification<S extends Record<string, unknown>>(flows: FlowStore, input: NewVerification<S>): Promise<StartedVerification> {
  const { value, expiresInstant } = newIdentifier(input.tenant, input.kind, input.now);
  const code = input.withCode ? newOneTimeCode(input.tenant, input.kind) : undefined;
  const state: S & CodeState = { ...input.state, ...(code !== undefined ? { oneTimeCodeHash: oneTimeCodeHash(code) } : {}) };
  await flows.create(value, { tenantId: input.tenant.id, userId: input.userId, kind: input.kind, state, expiresInstant }, input.now);
  return { verificationId: value, ...(code !== undefined ? { oneTimeCode: code } : {}) };
}

export interface PresentedVerification {
  readonly kind: VerificationKind;
  readonly verificationId: string;
  readonly oneTimeCode?: string;
  readonly explicitTenantId?: string;
  readonly now: number;
}

/**
 * The live row the id names, after checking the code when the row has one: 404 when the id is
 * unknown, expired, used, another tenant's, or the code is wrong; 400 `[blank]oneTimeCode` when a
 * code is required and missing. Does not spend the id.
 */
export async function presentedVerification<S extends CodeState>(flows: FlowStore, presented: PresentedVerification): Promise<Flow<S> & { userId: string }> {
  const flow = await flows.find<S>(presented.verificationId, presented.kind, presented.now);
  if (flow === undefined || flow.userId === undefined) throw new NotFoundError();
  if (presented.explicitTenantId !== undefined && flow.tenantId !== presented.explicitTenantId) throw new NotFoundError();
  const expected = flow.state.oneTimeCodeHash;
  if (expected !== undefined) {
    const code = presented.oneTimeCode?.trim();
    if (code === undefined || code === '') {
      throw fieldError('oneTimeCode', 'blank', 'You must specify the [oneTimeCode] property. It is required with the [FormField] verification strategy.');
    }
    if (!constantTimeEquals(oneTimeCodeHash(code), expected)) throw new NotFoundError();
  }
  return flow as Flow<S> & { userId: string };
}

/**
 * For a login answering 212/213 under FormField: a new id paired with the newest live verification of
 * the user that `matches`, or undefined when there is none (the caller then starts a new one).
 */
export async function loginAlias<S extends CodeState>(
  flows: FlowStore, input: { tenant: StoredTenant; kind: VerificationKind; userId: string; matches: (state: S) => boolean; now: number },
): Promise<string | undefined> {
  const live = (await flows.listForUser<S>(input.userId, input.kind, input.now)).find((f) => f.state.oneTimeCodeHash !== undefined && input.matches(f.state));
  if (live === undefined) return undefined;
  const { value } = newIdentifier(input.tenant, input.kind, input.now);
  await flows.create(value, { tenantId: live.tenantId, userId: input.userId, kind: input.kind, state: live.state, expiresInstant: live.expiresInstant }, input.now);
  return value;
}
