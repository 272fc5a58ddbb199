/**
 * Group and group-member rows. A group's doc keeps its `roleIds` (FusionAuth's request shape), not the
 * role objects: roles live inside their applications, so `group.roles` is resolved at read time and a
 * deleted role simply drops out. Member writes touching several rows run in one transaction here.
 */
import { sql } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import { fromDoc, toDoc } from '../../db/documents.js';
import { lowerContains, matchesAll } from '../../db/like.js';
import { prepared } from '../../db/prepared.js';
import type { SortOrder } from '../application/search-support.js';
import type { Group, GroupMember } from './model.js';

export type StoredGroup = Omit<Group, 'roles'> & {
  id: string;
  tenantId: string;
  name: string;
  roleIds: string[];
  insertInstant: number;
  lastUpdateInstant: number;
};

export type StoredGroupMember = GroupMember & { id: string; groupId: string; userId: string; insertInstant: number };

/** A member to write: the member plus the tenant its group (and user) belong to. */
export interface NewGroupMember {
  readonly tenantId: string;
  readonly member: StoredGroupMember;
}

export const GROUP_ORDER_FIELDS = ['id', 'insertInstant', 'name', 'tenant'] as const;
export type GroupOrderField = (typeof GROUP_ORDER_FIELDS)[number];
export const MEMBER_ORDER_FIELDS = ['groupId', 'id', 'insertInstant', 'userId'] as const;
export type MemberOrderField = (typeof MEMBER_ORDER_FIELDS)[number];

export interface GroupSearch {
  readonly name?: string;
  readonly tenantId?: string;
  readonly startRow: number;
  readonly numberOfResults: number;
  readonly orderBy: readonly SortOrder<GroupOrderField>[];
}

export interface GroupMemberSearch {
  readonly groupId?: string;
  readonly userId?: string;
  readonly tenantId?: string;
  readonly startRow: number;
  readonly numberOfResults: number;
  readonly orderBy: readonly SortOrder<MemberOrderField>[];
}

export interface GroupStore {
  insert(group: StoredGroup): Promise<void>;
  update(group: StoredGroup): Promise<void>;
  find(id: string): Promise<StoredGroup | undefined>;
  findMany(ids: readonly string[]): Promise<StoredGroup[]>;
  /** The group of the tenant with this name, compared case-insensitively. */
  findByName(tenantId: string, name: string): Promise<StoredGroup | undefined>;
  list(tenantId?: string): Promise<StoredGroup[]>;
  search(criteria: GroupSearch): Promise<{ groups: StoredGroup[]; total: number }>;
  /** Deletes the group; its memberships go with it through ON DELETE CASCADE. */
  delete(id: string): Promise<boolean>;

  /** Every membership of a user, oldest first. */
  membershipsForUser(userId: string): Promise<GroupMember[]>;
  /** The memberships of several users at once (user search results), by user id, oldest first. */
  membershipsForUsers(userIds: readonly string[]): Promise<Map<string, GroupMember[]>>;
  membersOf(groupId: string): Promise<StoredGroupMember[]>;
  findMembers(ids: readonly string[]): Promise<StoredGroupMember[]>;
  /** Members of `groupId` among `userIds`. */
  findMembersByUser(groupId: string, userIds: readonly string[]): Promise<StoredGroupMember[]>;
  /** Inserts all the members, or none. */
  addMembers(members: readonly NewGroupMember[]): Promise<void>;
  /** For each listed group, its membership becomes exactly the given members (one transaction). */
  replaceMembers(groupIds: readonly string[], members: readonly NewGroupMember[]): Promise<void>;
  /** Deletes the memberships with these ids (one transaction); returns how many went. */
  deleteMembers(ids: readonly string[]): Promise<number>;
  searchMembers(criteria: GroupMemberSearch): Promise<{ members: StoredGroupMember[]; total: number }>;
  /** The tenant of each of these users that exists (user id → tenant id). */
  userTenants(userIds: readonly string[]): Promise<Map<string, string>>;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const memberRow = ({ tenantId, member }: NewGroupMember) => ({
  id: member.id,
  tenant_id: tenantId,
  group_id: member.groupId,
  user_id: member.userId,
  doc: toDoc(member),
  insert_instant: member.insertInstant,
});

async function insertMembers(db: Db, members: readonly NewGroupMember[]): Promise<void> {
  for (const chunk of chunks(members)) {
    await db.insertInto('group_members').values(chunk.map(memberRow)).execute();
  }
}

const groupOrder = (field: GroupOrderField) =>
  field === 'name' ? sql.ref('groups.name_lower')
    : field === 'tenant' ? sql<string>`(select t.name_lower from tenants t where t.id = ${sql.ref('groups.tenant_id')})`
      : field === 'id' ? sql.ref('groups.id')
        : sql.ref('groups.insert_instant');

// Every login, token refresh and user retrieval lists the user's memberships: compiled once.
const membershipsOf = prepared((db, p: { userId: string }) => db.selectFrom('group_members').select('doc')
  .where('user_id', '=', p.userId).orderBy('insert_instant').orderBy('id'));

const memberColumns = { groupId: 'group_id', id: 'id', insertInstant: 'insert_instant', userId: 'user_id' } as const;

export function createGroupStore(database: Database): GroupStore {
  const { db } = database;
  const values = (g: StoredGroup) => ({
    tenant_id: g.tenantId,
    name: g.name,
    name_lower: g.name.toLowerCase(),
    doc: toDoc(g),
    last_update_instant: g.lastUpdateInstant,
  });
  const groups = (rows: { doc: string }[]) => rows.map((r) => fromDoc<StoredGroup>(r.doc));
  const members = (rows: { doc: string }[]) => rows.map((r) => fromDoc<StoredGroupMember>(r.doc));

  return {
    async insert(g) {
      await db.insertInto('groups').values({ id: g.id, insert_instant: g.insertInstant, ...values(g) }).execute();
    },
    async update(g) {
      await db.updateTable('groups').set(values(g)).where('id', '=', g.id).execute();
    },
    async find(id) {
      const row = await db.selectFrom('groups').select('doc').where('id', '=', id).executeTakeFirst();
      return row && fromDoc<StoredGroup>(row.doc);
    },
    async findMany(ids) {
      const found: StoredGroup[] = [];
      for (const chunk of chunks(ids)) {
        found.push(...groups(await db.selectFrom('groups').select('doc').where('id', 'in', chunk).execute()));
      }
      return found;
    },
    async findByName(tenantId, name) {
      const row = await db.selectFrom('groups').select('doc')
        .where('tenant_id', '=', tenantId).where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
      return row && fromDoc<StoredGroup>(row.doc);
    },
    async list(tenantId) {
      let query = db.selectFrom('groups').select('doc');
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      return groups(await query.orderBy('name_lower').orderBy('id').execute());
    },
    async search({ name, tenantId, startRow, numberOfResults, orderBy }) {
      let query = db.selectFrom('groups');
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      if (!matchesAll(name)) query = query.where(lowerContains('name_lower', name!));
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let page = query.select('doc');
      const order = orderBy.length > 0 ? orderBy : [{ field: 'name' as const, descending: false }];
      for (const { field, descending } of order) page = page.orderBy(groupOrder(field), descending ? 'desc' : 'asc');
      const rows = await page.orderBy('groups.id').limit(numberOfResults).offset(startRow).execute();
      return { groups: groups(rows), total: Number(total.n) };
    },
    async delete(id) {
      const result = await db.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async membershipsForUser(userId) {
      return members(await membershipsOf.all(db, { userId }));
    },
    async membershipsForUsers(userIds) {
      const byUser = new Map<string, GroupMember[]>();
      if (userIds.length === 0) return byUser;
      const rows = await db.selectFrom('group_members').select(['user_id', 'doc'])
        .where('user_id', 'in', [...userIds]).orderBy('insert_instant').orderBy('id').execute();
      for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), ...members([row])]);
      return byUser;
    },
    async membersOf(groupId) {
      return members(await db.selectFrom('group_members').select('doc')
        .where('group_id', '=', groupId).orderBy('insert_instant').orderBy('id').execute());
    },
    async findMembers(ids) {
      const found: StoredGroupMember[] = [];
      for (const chunk of chunks(ids)) {
        found.push(...members(await db.selectFrom('group_members').select('doc').where('id', 'in', chunk).execute()));
      }
      return found;
    },
    async findMembersByUser(groupId, userIds) {
      const found: StoredGroupMember[] = [];
      for (const chunk of chunks(userIds)) {
        found.push(...members(await db.selectFrom('group_members').select('doc')
          .where('group_id', '=', groupId).where('user_id', 'in', chunk).execute()));
      }
      return found;
    },
    async addMembers(list) {
      if (list.length === 0) return;
      await database.transaction((tx) => insertMembers(tx, list));
    },
    async replaceMembers(groupIds, list) {
      await database.transaction(async (tx) => {
        for (const chunk of chunks(groupIds)) await tx.deleteFrom('group_members').where('group_id', 'in', chunk).execute();
        await insertMembers(tx, list);
      });
    },
    async deleteMembers(ids) {
      if (ids.length === 0) return 0;
      return database.transaction(async (tx) => {
        let deleted = 0;
        for (const chunk of chunks(ids)) {
          const result = await tx.deleteFrom('group_members').where('id', 'in', chunk).executeTakeFirst();
          deleted += Number(result.numDeletedRows);
        }
        return deleted;
      });
    },
    async searchMembers({ groupId, userId, tenantId, startRow, numberOfResults, orderBy }) {
      let query = db.selectFrom('group_members');
      if (groupId !== undefined) query = query.where('group_id', '=', groupId);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
      const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let page = query.select('doc');
      // FusionAuth 1.52+: `insertInstant ASC, userId ASC, groupId ASC` unless told otherwise.
      const order: readonly SortOrder<MemberOrderField>[] = orderBy.length > 0 ? orderBy
        : [{ field: 'insertInstant', descending: false }, { field: 'userId', descending: false }, { field: 'groupId', descending: false }];
      for (const { field, descending } of order) page = page.orderBy(memberColumns[field], descending ? 'desc' : 'asc');
      const rows = await page.orderBy('id').limit(numberOfResults).offset(startRow).execute();
      return { members: members(rows), total: Number(total.n) };
    },
    async userTenants(userIds) {
      const found = new Map<string, string>();
      for (const chunk of chunks(userIds)) {
        const rows = await db.selectFrom('users').select(['id', 'tenant_id']).where('id', 'in', chunk).execute();
        for (const row of rows) found.set(row.id, row.tenant_id);
      }
      return found;
    },
  };
}
