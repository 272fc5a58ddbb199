/**
 * The User Actions and Actioning Users APIs' JSON shapes (FusionAuth docs apis/user-actions and
 * apis/actioning-users; client 1.69 types UserAction, UserActionOption, UserActionRequest/Response,
 * ActionRequest, ActionData, ActionResponse, UserActionLog, LogHistory). User Actions are global objects
 * (no tenant); an action taken on a user (a UserActionLog) belongs to that user's tenant.
 */
import { Type, type Static } from '@sinclair/typebox';

const Localized = () => Type.Optional(Type.Record(Type.String(), Type.String()));

export const UserActionOptionSchema = Type.Object({
  name: Type.Optional(Type.String()),
  localizedNames: Localized(),
});
export type UserActionOption = Static<typeof UserActionOptionSchema>;

/** `transactionType` values (client enum TransactionType); FusionAuth defaults it to `None`. */
export const TRANSACTION_TYPES = ['None', 'Any', 'SimpleMajority', 'SuperMajority', 'AbsoluteMajority'] as const;

export const UserActionSchema = Type.Object({
  id: Type.Optional(Type.String()),
  active: Type.Optional(Type.Boolean()),
  cancelEmailTemplateId: Type.Optional(Type.String()),
  endEmailTemplateId: Type.Optional(Type.String()),
  includeEmailInEventJSON: Type.Optional(Type.Boolean()),
  insertInstant: Type.Optional(Type.Integer()),
  lastUpdateInstant: Type.Optional(Type.Integer()),
  localizedNames: Localized(),
  modifyEmailTemplateId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  options: Type.Optional(Type.Array(UserActionOptionSchema)),
  preventLogin: Type.Optional(Type.Boolean()),
  sendEndEvent: Type.Optional(Type.Boolean()),
  startEmailTemplateId: Type.Optional(Type.String()),
  temporal: Type.Optional(Type.Boolean()),
  transactionType: Type.Optional(Type.Union(TRANSACTION_TYPES.map((t) => Type.Literal(t)))),
  userEmailingEnabled: Type.Optional(Type.Boolean()),
  userNotificationsEnabled: Type.Optional(Type.Boolean()),
});
export type UserAction = Static<typeof UserActionSchema>;

export const UserActionRequestSchema = Type.Object({ userAction: Type.Optional(UserActionSchema) });
export type UserActionRequest = Static<typeof UserActionRequestSchema>;

/** A stored User Action: every server-owned field is set. */
export type StoredUserAction = UserAction & {
  id: string;
  name: string;
  active: boolean;
  temporal: boolean;
  preventLogin: boolean;
  options: UserActionOption[];
  insertInstant: number;
  lastUpdateInstant: number;
};

/** The email template fields, in FusionAuth's validation order. The last three are time-based only. */
export const EMAIL_TEMPLATE_FIELDS = ['startEmailTemplateId', 'modifyEmailTemplateId', 'cancelEmailTemplateId', 'endEmailTemplateId'] as const;

/** `action` of POST/PUT/DELETE /api/user/action (client ActionData). */
export const ActionDataSchema = Type.Object({
  actioneeUserId: Type.Optional(Type.String()),
  actionerUserId: Type.Optional(Type.String()),
  applicationIds: Type.Optional(Type.Array(Type.String())),
  comment: Type.Optional(Type.String()),
  emailUser: Type.Optional(Type.Boolean()),
  expiry: Type.Optional(Type.Integer()),
  notifyUser: Type.Optional(Type.Boolean()),
  option: Type.Optional(Type.String()),
  reasonId: Type.Optional(Type.String()),
  userActionId: Type.Optional(Type.String()),
});
export type ActionData = Static<typeof ActionDataSchema>;

/** Client ActionRequest (BaseEventRequest's `eventInfo` is accepted and ignored: Gatehouse sends no events yet). */
export const ActionRequestSchema = Type.Object({
  action: Type.Optional(ActionDataSchema),
  broadcast: Type.Optional(Type.Boolean()),
  eventInfo: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type ActionRequest = Static<typeof ActionRequestSchema>;

export interface HistoryItem {
  actionerUserId?: string;
  comment?: string;
  createInstant?: number;
  expiry?: number;
}

/**
 * An action taken on a user (client UserActionLog). `insertInstant` is when the action was taken or
 * last modified: FusionAuth moves it on every modify and cancel, keeping the previous values in
 * `history.historyItems`. `applicationIds` is always present (empty: every application).
 */
export interface UserActionLog {
  id: string;
  actioneeUserId: string;
  actionerUserId?: string;
  applicationIds: string[];
  comment?: string;
  emailUserOnEnd: boolean;
  /** false while an end event is owed (a time-based action whose definition sends end events). */
  endEventSent?: boolean;
  expiry?: number;
  history?: { historyItems: HistoryItem[] };
  insertInstant: number;
  localizedName?: string;
  localizedOption?: string;
  localizedReason?: string;
  name?: string;
  notifyUserOnEnd: boolean;
  option?: string;
  reason?: string;
  reasonCode?: string;
  userActionId: string;
}

/**
 * One element of the Login API's 409 `actions` (client LoginPreventedResponse): FusionAuth builds it
 * from the log with `actionId` = the User Action's id (seed 002 shows the action definition's id) and
 * does not copy the option.
 */
export interface LoginPreventedAction {
  actionId?: string;
  actionerUserId?: string;
  expiry?: number;
  localizedName?: string;
  localizedOption?: string;
  localizedReason?: string;
  name?: string;
  option?: string;
  reason?: string;
  reasonCode?: string;
}

export function loginPreventedAction(log: UserActionLog): LoginPreventedAction {
  return {
    actionId: log.userActionId,
    ...(log.actionerUserId !== undefined ? { actionerUserId: log.actionerUserId } : {}),
    ...(log.expiry !== undefined ? { expiry: log.expiry } : {}),
    ...(log.localizedName !== undefined ? { localizedName: log.localizedName } : {}),
    ...(log.localizedReason !== undefined ? { localizedReason: log.localizedReason } : {}),
    ...(log.name !== undefined ? { name: log.name } : {}),
    ...(log.reason !== undefined ? { reason: log.reason } : {}),
    ...(log.reasonCode !== undefined ? { reasonCode: log.reasonCode } : {}),
  };
}

/** An action is active while it has an expiry in the future (FusionAuth's UserActionLog.isActive). */
export const isActiveLog = (log: UserActionLog, now: number): boolean => log.expiry !== undefined && log.expiry > now;
