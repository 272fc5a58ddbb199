/**
 * The Message Templates API's JSON shapes (FusionAuth docs apis/message-templates; client types
 * MessageTemplate, SMSMessageTemplate, VoiceMessageTemplate, MessageTemplateRequest/Response,
 * PreviewMessageTemplateRequest/Response). Message Templates are global objects: they have no tenant.
 */
import { Type, type Static } from '@sinclair/typebox';
import { MESSAGE_TYPES, type MessageType } from '../messenger/model.js';

export const MessageTemplateSchema = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  defaultTemplate: Type.Optional(Type.String()),
  localizedTemplates: Type.Optional(Type.Record(Type.String(), Type.String())),
  data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  insertInstant: Type.Optional(Type.Integer()),
  lastUpdateInstant: Type.Optional(Type.Integer()),
});
export type MessageTemplate = Static<typeof MessageTemplateSchema>;

export const MessageTemplateRequestSchema = Type.Object({ messageTemplate: Type.Optional(MessageTemplateSchema) });

export const PreviewMessageTemplateRequestSchema = Type.Object({
  messageTemplate: Type.Optional(MessageTemplateSchema),
  locale: Type.Optional(Type.String()),
});
export type PreviewMessageTemplateRequest = Static<typeof PreviewMessageTemplateRequestSchema>;

/**
 * `SMS`, and `Voice` since FusionAuth 1.65 (VoiceMessageTemplate): the same message kinds a messenger
 * sends, so a template's type and a messenger's `messageTypes` share one vocabulary.
 */
export const MESSAGE_TEMPLATE_TYPES = MESSAGE_TYPES;
export type MessageTemplateType = MessageType;

/** The fields a client writes (id and instants are the server's). */
export const WRITABLE_FIELDS = ['name', 'type', 'defaultTemplate', 'localizedTemplates', 'data'] as const;

/** A stored template: every field the server fills is present. */
export type StoredMessageTemplate = MessageTemplate & {
  id: string;
  name: string;
  type: MessageTemplateType;
  defaultTemplate: string;
  localizedTemplates: Record<string, string>;
  insertInstant: number;
  lastUpdateInstant: number;
};
