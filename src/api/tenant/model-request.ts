/**
 * The Tenant API's request envelopes (client `TenantRequest`, `TenantDeleteRequest`,
 * `TenantSearchRequest`): what routes read with `bodyReader`. The tenant itself is `TenantSchema`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FreeMap } from './model-configuration.js';
import { TenantSchema } from './model.js';

/** `eventInfo` (BaseEventRequest) describes the caller for events; accepted and not used yet. */
const EventInfo = () => Type.Optional(FreeMap());

export const TenantRequestSchema = Type.Object({
  tenant: Type.Optional(TenantSchema),
  /** POST only: copy every setting of this tenant except the SMTP password. */
  sourceTenantId: Type.Optional(Type.String()),
  webhookIds: Type.Optional(Type.Array(Type.String())),
  eventInfo: EventInfo(),
});
export type TenantRequest = Static<typeof TenantRequestSchema>;

/** `DELETE /api/tenant/{id}` with a JSON body (client `deleteTenantWithRequest`). */
export const TenantDeleteRequestSchema = Type.Object({
  async: Type.Optional(Type.Boolean()),
  eventInfo: EventInfo(),
});

export const TenantSearchCriteriaSchema = Type.Object({
  name: Type.Optional(Type.String()),
  numberOfResults: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String()),
  startRow: Type.Optional(Type.Integer()),
});

export const TenantSearchRequestSchema = Type.Object({ search: Type.Optional(TenantSearchCriteriaSchema) });
