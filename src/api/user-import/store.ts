/**
 * The Import Users API's queries: existence checks over many values at once (chunked `IN` lists, one
 * round trip per chunk, never one per user) and the bulk write. The rows are exactly the ones the user,
 * registration and group stores write one at a time (`userRow`, `registrationRow`, `addMembers`), only
 * many per INSERT statement, all in one transaction.
 *
 * Statement size: SQLite allows 32,766 bound parameters per statement and PostgreSQL 65,535; a users
 * row binds 24, so 500 rows (12,000 parameters) stay well inside both.
 */
import { scopedTo, UniqueViolation, asUniqueViolation, type Database, type Tx } from '../../db/database.js';
import { createGroupStore } from '../group/store.js';
import { registrationRow } from '../registration/store.js';
import { userRow } from '../user/store.js';
import type { ImportBatch } from './model.js';

export interface UserImportStore {
  /** Of `ids`, those that already are users (of any tenant: ids are global). */
  existingUserIds(ids: readonly string[]): Promise<Set<string>>;
  /** Of the lower-cased `emails`, those a user of the tenant already has. */
  existingEmails(tenantId: string, emails: readonly string[]): Promise<Set<string>>;
  /** Of the lower-cased `usernames`, those a user of the tenant already has. */
  existingUsernames(tenantId: string, usernames: readonly string[]): Promise<Set<string>>;
  existingRegistrationIds(ids: readonly string[]): Promise<Set<string>>;
  existingMemberIds(ids: readonly string[]): Promise<Set<string>>;
  /**
   * Writes every user, registration and membership in one transaction, or nothing. A unique or foreign
   * key constraint refusing a row surfaces as `ImportConstraintViolation`.
   */
  insert(batch: ImportBatch): Promise<void>;
}

/** A database constraint refused the import (`constraint` names it when the engine says). */
export class ImportConstraintViolation extends Error {
  constructor(readonly constraint: string, readonly kind: 'unique' | 'foreignKey') {
    super(`import refused by ${kind} constraint ${constraint}`);
  }
}

const LOOKUP_CHUNK = 1000;
const ROWS_PER_INSERT = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function asForeignKeyViolation(error: unknown): ImportConstraintViolation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ImportConstraintViolation(constraint ?? 'foreign key', 'foreignKey');
  return undefined;
}

async function writeBatch(tx: Tx, database: Database, batch: ImportBatch): Promise<void> {
  for (const chunk of chunks(batch.users, ROWS_PER_INSERT)) {
    await tx.insertInto('users').values(chunk.map((u) => userRow(u.stored))).execute();
  }
  const registrations = batch.users.flatMap((u) => u.registrations.map((r) => registrationRow(u.stored.user.tenantId, u.stored.user.id, r)));
  for (const chunk of chunks(registrations, ROWS_PER_INSERT)) {
    await tx.insertInto('registrations').values(chunk).execute();
  }
  // The group store's own multi-row insert, joined to this transaction.
  await createGroupStore(scopedTo(database, tx)).addMembers(batch.members);
}

export function createUserImportStore(database: Database): UserImportStore {
  const { db } = database;

  async function existing(values: readonly string[], lookup: (chunk: string[]) => Promise<string[]>): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunks([...new Set(values)], LOOKUP_CHUNK)) {
      for (const value of await lookup(chunk)) found.add(value);
    }
    return found;
  }

  return {
    existingUserIds: (ids) => existing(ids, async (chunk) =>
      (await db.selectFrom('users').select('id').where('id', 'in', chunk).execute()).map((r) => r.id)),
    existingEmails: (tenantId, emails) => existing(emails, async (chunk) =>
      (await db.selectFrom('users').select('email_lower').where('tenant_id', '=', tenantId).where('email_lower', 'in', chunk).execute())
        .map((r) => r.email_lower!)),
    existingUsernames: (tenantId, usernames) => existing(usernames, async (chunk) =>
      (await db.selectFrom('users').select('username_lower').where('tenant_id', '=', tenantId).where('username_lower', 'in', chunk).execute())
        .map((r) => r.username_lower!)),
    existingRegistrationIds: (ids) => existing(ids, async (chunk) =>
      (await db.selectFrom('registrations').select('id').where('id', 'in', chunk).execute()).map((r) => r.id)),
    existingMemberIds: (ids) => existing(ids, async (chunk) =>
      (await db.selectFrom('group_members').select('id').where('id', 'in', chunk).execute()).map((r) => r.id)),

    async insert(batch) {
      try {
        await database.transaction((tx) => writeBatch(tx, database, batch));
      } catch (error) {
        const unique = asUniqueViolation(error);
        if (unique instanceof UniqueViolation) throw new ImportConstraintViolation(unique.constraint, 'unique');
        throw asForeignKeyViolation(error) ?? error;
      }
    },
  };
}
