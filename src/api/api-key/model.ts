/** The APIKey object (`{"apiKey": {...}}`), as FusionAuth's API Keys API reads and writes it. */
import { Type, type Static } from '@sinclair/typebox';

const Permissions = Type.Object({
  endpoints: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
});

export const ApiKeySchema = Type.Object({
  id: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  keyManager: Type.Optional(Type.Boolean()),
  tenantId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  retrievable: Type.Optional(Type.Boolean()),
  expirationInstant: Type.Optional(Type.Integer()),
  ipAccessControlListId: Type.Optional(Type.String()),
  permissions: Type.Optional(Permissions),
  metaData: Type.Optional(Type.Object({ attributes: Type.Optional(Type.Record(Type.String(), Type.String())) })),
  insertInstant: Type.Optional(Type.Integer()),
  lastUpdateInstant: Type.Optional(Type.Integer()),
});
export type ApiKey = Static<typeof ApiKeySchema>;

export const ApiKeyRequestSchema = Type.Object({
  apiKey: Type.Optional(ApiKeySchema),
  sourceKeyId: Type.Optional(Type.String()),
});
export type ApiKeyRequest = Static<typeof ApiKeyRequestSchema>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
