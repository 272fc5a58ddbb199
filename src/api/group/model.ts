/**
 * Groups (`{"group": {...}, "roleIds": [...]}`) and their members
 * (`{"members": {"<groupId>": [{userId, data}]}}`), as FusionAuth 1.69's Group API reads and writes
 * them. A group's roles are set through `roleIds` on the request and returned as `roles`, a map of
 * application id to that application's roles; users inherit them for applications they are registered to.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApplicationRoleSchema } from '../application/model.js';

const Uuid = () => Type.String();
const Instant = () => Type.Integer();
const FreeMap = () => Type.Record(Type.String(), Type.Unknown());

export const GroupSchema = Type.Object(
  {
    id: Type.Optional(Uuid()),
    name: Type.Optional(Type.String()),
    tenantId: Type.Optional(Uuid()),
    data: Type.Optional(FreeMap()),
    roles: Type.Optional(Type.Record(Type.String(), Type.Array(ApplicationRoleSchema))),
    insertInstant: Type.Optional(Instant()),
    lastUpdateInstant: Type.Optional(Instant()),
  },
  { additionalProperties: false },
);
export type Group = Static<typeof GroupSchema>;

export const GroupMemberSchema = Type.Object(
  {
    id: Type.Optional(Uuid()),
    groupId: Type.Optional(Uuid()),
    userId: Type.Optional(Uuid()),
    data: Type.Optional(FreeMap()),
    insertInstant: Type.Optional(Instant()),
  },
  { additionalProperties: false },
);
export type GroupMember = Static<typeof GroupMemberSchema>;

export function groupDefaults(): Group {
  return { data: {}, roles: {} };
}

/** POST/PUT/PATCH `/api/group[/{id}]`. `roleIds` replaces the group's roles on update. */
export const GroupRequestSchema = Type.Object({
  group: Type.Optional(GroupSchema),
  roleIds: Type.Optional(Type.Array(Uuid())),
});
export type GroupRequest = Static<typeof GroupRequestSchema>;

export const GroupResponseSchema = Type.Object({
  group: Type.Optional(GroupSchema),
  groups: Type.Optional(Type.Array(GroupSchema)),
});
export type GroupResponse = Static<typeof GroupResponseSchema>;

/** POST (add) and PUT (replace all members of each listed group) `/api/group/member`. */
export const MemberRequestSchema = Type.Object({
  members: Type.Optional(Type.Record(Type.String(), Type.Array(GroupMemberSchema))),
});
export type MemberRequest = Static<typeof MemberRequestSchema>;

export const MemberResponseSchema = MemberRequestSchema;
export type MemberResponse = Static<typeof MemberResponseSchema>;

/** DELETE `/api/group/member` body: member ids, or group id → user ids. */
export const MemberDeleteRequestSchema = Type.Object({
  memberIds: Type.Optional(Type.Array(Uuid())),
  members: Type.Optional(Type.Record(Type.String(), Type.Array(Uuid()))),
});
export type MemberDeleteRequest = Static<typeof MemberDeleteRequestSchema>;
