/**
 * Group membership (`/api/group/member`, FusionAuth docs "Add/Update/Remove Users … Group" and
 * MemberAction/GroupService): add members, replace a group's whole membership, remove members by
 * member id, by group and user, by group, or in bulk, and search. Each request's writes are one
 * transaction. A group key that names no visible group is `[invalid]members` under `members[<groupId>]`;
 * a user must exist in the group's tenant.
 */
import type { Clock } from '../../core/clock.js';
import { fieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import { asUniqueViolation, UniqueViolation } from '../../db/database.js';
import { addCoded } from '../application/search-support.js';
import type { GroupMember } from './model.js';
import type { TenantScope } from './service.js';
import type { GroupMemberSearch, GroupStore, NewGroupMember, StoredGroup, StoredGroupMember } from './store.js';

export type MemberMap = Record<string, GroupMember[]>;

export interface MemberService {
  /** POST: adds the members; a user already in the group keeps (and is answered with) its membership. */
  add(scope: TenantScope, members: MemberMap | undefined): Promise<MemberMap>;
  /** PUT: each listed group's membership becomes exactly the given members. */
  replace(scope: TenantScope, members: MemberMap | undefined): Promise<MemberMap>;
  removeById(scope: TenantScope, memberId: string): Promise<void>;
  removeByUser(scope: TenantScope, groupId: string, userId: string): Promise<void>;
  removeAll(scope: TenantScope, groupId: string): Promise<void>;
  /** DELETE with a body: `{memberIds}` or `{members: {groupId: [userId…]}}`. */
  removeMany(scope: TenantScope, request: { memberIds?: string[]; members?: Record<string, string[]> }): Promise<void>;
  search(scope: TenantScope, criteria: GroupMemberSearch): Promise<{ members: GroupMember[]; total: number }>;
}

interface Deps {
  readonly groups: GroupStore;
  readonly clock: Clock;
}

/** The add/replace response omits `groupId` (it is the map key), as FusionAuth's does. */
const answer = ({ groupId: _groupId, ...member }: StoredGroupMember): GroupMember => member;

const idOf = (value: string): string => (isUuid(value) ? normalizeId(value) : value);

export function createMemberService({ groups, clock }: Deps): MemberService {
  const visible = (scope: TenantScope, tenantId: string): boolean => scope === undefined || scope === tenantId;

  /** Validates a members map; returns the groups and the members to write, grouped by group id. */
  async function prepare(scope: TenantScope, requested: MemberMap | undefined, replacing: boolean) {
    const entries = Object.entries(requested ?? {});
    if (entries.length === 0) throw fieldError('members', 'missing', 'You must specify at least one group in the [members] property.');
    const errors = new ValidationError();
    const found = await groups.findMany(entries.map(([groupId]) => idOf(groupId)).filter(isUuid));
    const byId = new Map(found.filter((g) => visible(scope, g.tenantId)).map((g) => [g.id, g]));
    const userTenants = await groups.userTenants([...new Set(entries.flatMap(([, list]) =>
      list.map((m) => m.userId).filter((u): u is string => u !== undefined && isUuid(u)).map(normalizeId)))]);
    const givenIds = entries.flatMap(([, list]) => list.map((m) => m.id).filter((i): i is string => i !== undefined && isUuid(i)).map(normalizeId));
    // On replace, ids of the listed groups' current members may be given again: those rows go first.
    const replaced = new Set(replacing ? entries.map(([groupId]) => idOf(groupId)) : []);
    const takenIds = new Set((await groups.findMembers(givenIds)).filter((m) => !replaced.has(m.groupId)).map((m) => m.id));

    const plan: { group: StoredGroup; members: { userId: string; id?: string; data: Record<string, unknown> }[] }[] = [];
    for (const [key, list] of entries) {
      const group = byId.get(idOf(key));
      if (group === undefined) {
        addCoded(errors, `members[${key}]`, '[invalid]members', `The group [${key}] does not exist.`);
        continue;
      }
      // One membership per user and group: a user listed twice keeps the last entry.
      const perUser = new Map<string, { userId: string; id?: string; data: Record<string, unknown> }>();
      list.forEach((member, i) => {
        const at = `members[${key}][${i}]`;
        if (member.userId === undefined || member.userId.trim() === '') {
          addCoded(errors, `${at}.userId`, '[missing]userId', 'You must specify the [userId] of each member.');
          return;
        }
        const userId = idOf(member.userId);
        if (userTenants.get(userId) !== group.tenantId) {
          addCoded(errors, `${at}.userId`, '[invalid]userId', `The user [${member.userId}] does not exist in the tenant of group [${key}].`);
          return;
        }
        if (member.id !== undefined && (!isUuid(member.id) || takenIds.has(normalizeId(member.id)))) {
          addCoded(errors, `${at}.id`, isUuid(member.id) ? '[duplicate]memberId' : '[invalid]memberId', `The member id [${member.id}] cannot be used.`);
          return;
        }
        perUser.set(userId, { userId, data: member.data ?? {}, ...(member.id !== undefined ? { id: normalizeId(member.id) } : {}) });
      });
      plan.push({ group, members: [...perUser.values()] });
    }
    errors.throwIfAny();
    return plan;
  }

  function newMember(group: StoredGroup, m: { userId: string; id?: string; data: Record<string, unknown> }, now: number): NewGroupMember {
    return { tenantId: group.tenantId, member: { id: m.id ?? newId(), groupId: group.id, userId: m.userId, data: m.data, insertInstant: now } };
  }

  async function write(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      // A concurrent request added the same user or member id between our check and our write.
      if (asUniqueViolation(error) instanceof UniqueViolation) throw fieldError('members', 'duplicate', 'A membership in this request already exists.');
      throw error;
    }
  }

  async function findMember(scope: TenantScope, member: StoredGroupMember | undefined): Promise<StoredGroupMember> {
    if (member === undefined) throw new NotFoundError();
    const group = await groups.find(member.groupId);
    if (group === undefined || !visible(scope, group.tenantId)) throw new NotFoundError();
    return member;
  }

  async function visibleGroup(scope: TenantScope, groupId: string): Promise<StoredGroup> {
    const group = isUuid(groupId) ? await groups.find(normalizeId(groupId)) : undefined;
    if (group === undefined || !visible(scope, group.tenantId)) throw new NotFoundError();
    return group;
  }

  return {
    async add(scope, requested) {
      const plan = await prepare(scope, requested, false);
      const now = clock.now();
      const response: MemberMap = {};
      const toInsert: NewGroupMember[] = [];
      for (const { group, members } of plan) {
        const existing = new Map((await groups.findMembersByUser(group.id, members.map((m) => m.userId))).map((m) => [m.userId, m]));
        response[group.id] = members.map((m) => {
          const kept = existing.get(m.userId);
          if (kept !== undefined) return answer(kept);
          const created = newMember(group, m, now);
          toInsert.push(created);
          return answer(created.member);
        });
      }
      await write(() => groups.addMembers(toInsert));
      return response;
    },

    async replace(scope, requested) {
      const plan = await prepare(scope, requested, true);
      const now = clock.now();
      const response: MemberMap = {};
      const toInsert: NewGroupMember[] = [];
      for (const { group, members } of plan) {
        const created = members.map((m) => newMember(group, m, now));
        toInsert.push(...created);
        response[group.id] = created.map((c) => answer(c.member));
      }
      await write(() => groups.replaceMembers(plan.map((p) => p.group.id), toInsert));
      return response;
    },

    async removeById(scope, memberId) {
      const found = isUuid(memberId) ? (await groups.findMembers([normalizeId(memberId)]))[0] : undefined;
      const member = await findMember(scope, found);
      await groups.deleteMembers([member.id]);
    },

    async removeByUser(scope, groupId, userId) {
      const group = await visibleGroup(scope, groupId);
      const member = isUuid(userId) ? (await groups.findMembersByUser(group.id, [normalizeId(userId)]))[0] : undefined;
      if (member === undefined) throw new NotFoundError();
      await groups.deleteMembers([member.id]);
    },

    async removeAll(scope, groupId) {
      const group = await visibleGroup(scope, groupId);
      await groups.replaceMembers([group.id], []);
    },

    async removeMany(scope, { memberIds, members }) {
      if (members !== undefined) {
        const errors = new ValidationError();
        const ids: string[] = [];
        for (const [key, userIds] of Object.entries(members)) {
          const group = isUuid(key) ? await groups.find(normalizeId(key)) : undefined;
          if (group === undefined || !visible(scope, group.tenantId)) {
            addCoded(errors, `members[${key}]`, '[invalid]members', `The group [${key}] does not exist.`);
            continue;
          }
          const found = await groups.findMembersByUser(group.id, userIds.filter(isUuid).map(normalizeId));
          ids.push(...found.map((m) => m.id));
        }
        errors.throwIfAny();
        await groups.deleteMembers(ids);
        return;
      }
      if (memberIds === undefined) throw fieldError('memberId', 'missing', 'You must specify the [memberId] to remove, or [memberIds] or [members] in the request body.');
      const wanted = [...new Set(memberIds.map(idOf))];
      const found = await groups.findMembers(wanted.filter(isUuid));
      if (found.length !== wanted.length) throw new NotFoundError();
      for (const member of found) await findMember(scope, member);
      await groups.deleteMembers(found.map((m) => m.id));
    },

    async search(scope, { groupId, userId, tenantId, startRow, numberOfResults, orderBy }) {
      const tenant = scope ?? (tenantId !== undefined ? idOf(tenantId) : undefined);
      const result = await groups.searchMembers({
        ...(groupId !== undefined ? { groupId: idOf(groupId) } : {}),
        ...(userId !== undefined ? { userId: idOf(userId) } : {}),
        ...(tenant !== undefined ? { tenantId: tenant } : {}),
        startRow,
        numberOfResults,
        orderBy,
      });
      return { members: result.members, total: result.total };
    },
  };
}
