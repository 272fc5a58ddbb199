/**
 * The Messengers API's JSON shapes (FusionAuth docs apis/messengers: generic, twilio; client types
 * BaseMessengerConfiguration, GenericMessengerConfiguration, TwilioMessengerConfiguration,
 * MessengerRequest/Response). One schema carries every type's fields; `type` decides which are kept.
 * Messengers are global objects: they have no tenant.
 */
import { Type, type Static } from '@sinclair/typebox';

export const MessengerSchema = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  debug: Type.Optional(Type.Boolean()),
  data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  messageTypes: Type.Optional(Type.Array(Type.String())),
  transport: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  // Generic
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  httpAuthenticationUsername: Type.Optional(Type.String()),
  httpAuthenticationPassword: Type.Optional(Type.String()),
  connectTimeout: Type.Optional(Type.Integer()),
  readTimeout: Type.Optional(Type.Integer()),
  sslCertificate: Type.Optional(Type.String()),
  sslCertificateId: Type.Optional(Type.String()),
  // Twilio
  accountSID: Type.Optional(Type.String()),
  authToken: Type.Optional(Type.String()),
  fromPhoneNumber: Type.Optional(Type.String()),
  messagingServiceSid: Type.Optional(Type.String()),
  insertInstant: Type.Optional(Type.Integer()),
  lastUpdateInstant: Type.Optional(Type.Integer()),
});
export type Messenger = Static<typeof MessengerSchema>;

export const MessengerRequestSchema = Type.Object({ messenger: Type.Optional(MessengerSchema) });
export type MessengerRequest = Static<typeof MessengerRequestSchema>;

/**
 * The types Gatehouse serves. FusionAuth's current docs list only Generic and Twilio (Kafka is gone
 * from the messenger overview), so a Kafka messenger is refused with `[invalid]messenger.type`.
 */
export const MESSENGER_TYPES = ['Generic', 'Twilio'] as const;
export type MessengerType = (typeof MESSENGER_TYPES)[number];

/** `messenger.messageTypes` (since 1.65.0): what the messenger can send; defaults to `["SMS"]`. */
export const MESSAGE_TYPES = ['SMS', 'Voice'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const COMMON_FIELDS = ['name', 'debug', 'data', 'messageTypes'] as const;
/** The fields a client writes, per type (id, type, transport and instants are the server's). */
export const WRITABLE_FIELDS: Readonly<Record<MessengerType, readonly (keyof Messenger)[]>> = {
  Generic: [...COMMON_FIELDS, 'url', 'headers', 'httpAuthenticationUsername', 'httpAuthenticationPassword', 'connectTimeout', 'readTimeout', 'sslCertificate', 'sslCertificateId'],
  Twilio: [...COMMON_FIELDS, 'url', 'accountSID', 'authToken', 'fromPhoneNumber', 'messagingServiceSid'],
};

/** Twilio's API base URL, the default for a Twilio messenger's `url`. */
export const TWILIO_DEFAULT_URL = 'https://api.twilio.com';

/** A stored messenger: every field the server fills is present. */
export type StoredMessenger = Messenger & {
  id: string;
  name: string;
  type: MessengerType;
  messageTypes: MessageType[];
  insertInstant: number;
  lastUpdateInstant: number;
};
