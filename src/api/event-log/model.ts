/**
 * The Event Log API's shapes (docs `apis/event-logs.mdx`; client 1.69 `EventLog`, `EventLogType`,
 * `EventLogResponse`, `EventLogSearchCriteria`, `EventLogSearchRequest`, `EventLogSearchResponse`).
 * The Event Log holds what cannot be told to a caller at the time: here, a SAML v2 identity provider's
 * debug output.
 */
import { Type, type Static } from '@sinclair/typebox';

export const EVENT_LOG_TYPES = ['Information', 'Debug', 'Error'] as const;
export type EventLogType = (typeof EVENT_LOG_TYPES)[number];

export interface EventLog {
  id: number;
  insertInstant: number;
  message: string;
  type: EventLogType;
}

/** An entry to write; the id and instant are the server's. */
export interface NewEventLog {
  readonly type: EventLogType;
  readonly message: string;
}

/** `EventLogSearchCriteria`: BaseSearchCriteria plus message, type and an instant range. */
export const EventLogCriteriaSchema = Type.Object({
  end: Type.Optional(Type.Integer()),
  message: Type.Optional(Type.String()),
  numberOfResults: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String()),
  start: Type.Optional(Type.Integer()),
  startRow: Type.Optional(Type.Integer()),
  type: Type.Optional(Type.String()),
});
export type EventLogCriteria = Static<typeof EventLogCriteriaSchema>;

export const EventLogSearchRequestSchema = Type.Object({ search: Type.Optional(EventLogCriteriaSchema) });

export interface EventLogSearchResponse {
  eventLogs: EventLog[];
  total: number;
}

/** Entries kept (FusionAuth's `systemConfiguration.eventLogConfiguration.numberToRetain` default). */
export const EVENT_LOGS_TO_RETAIN = 10_000;

/** Longer messages are cut: a debug entry quotes attacker-supplied text (a SAML Destination …). */
export const MAX_MESSAGE_LENGTH = 8_000;
