/**
 * The Two Factor APIs' request shapes (client 1.69 `TwoFactorRequest`, `TwoFactorDisableRequest`,
 * `TwoFactorSendRequest`, `TwoFactorStartRequest`, `TwoFactorLoginRequest`, `TwoFactorStatusRequest`).
 * Unknown top-level properties are ignored, as FusionAuth's binding does.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RefreshTokenMetaDataSchema } from '../jwt/model.js';

const FreeMap = () => Type.Record(Type.String(), Type.Unknown());
const Str = () => Type.Optional(Type.String());

export const TwoFactorRequestSchema = Type.Object({
  applicationId: Str(), authenticatorId: Str(), code: Str(), email: Str(), eventInfo: Type.Optional(FreeMap()),
  method: Str(), mobilePhone: Str(), name: Str(), secret: Str(), secretBase32Encoded: Str(), twoFactorId: Str(),
});
export type TwoFactorRequest = Static<typeof TwoFactorRequestSchema>;

export const TwoFactorDisableRequestSchema = Type.Object({ applicationId: Str(), code: Str(), methodId: Str(), eventInfo: Type.Optional(FreeMap()) });
export type TwoFactorDisableRequest = Static<typeof TwoFactorDisableRequestSchema>;

export const TwoFactorSendRequestSchema = Type.Object({
  applicationId: Str(), email: Str(), messageType: Str(), method: Str(), methodId: Str(), mobilePhone: Str(), userId: Str(),
});
export type TwoFactorSendRequest = Static<typeof TwoFactorSendRequestSchema>;

export const TwoFactorStartRequestSchema = Type.Object({
  applicationId: Str(), code: Str(), loginId: Str(), loginIdTypes: Type.Optional(Type.Array(Type.String())),
  state: Type.Optional(FreeMap()), trustChallenge: Str(), userId: Str(),
});
export type TwoFactorStartRequest = Static<typeof TwoFactorStartRequestSchema>;

export const TwoFactorLoginRequestSchema = Type.Object({
  applicationId: Str(), code: Str(), eventInfo: Type.Optional(FreeMap()), ipAddress: Str(),
  metaData: Type.Optional(RefreshTokenMetaDataSchema), newDevice: Type.Optional(Type.Boolean()), noJWT: Type.Optional(Type.Boolean()),
  trustChallenge: Str(), trustComputer: Type.Optional(Type.Boolean()), twoFactorId: Str(), userId: Str(),
});
export type TwoFactorLoginRequest = Static<typeof TwoFactorLoginRequestSchema>;

export const TwoFactorStatusRequestSchema = Type.Object({
  accessToken: Str(), action: Str(), applicationId: Str(), eventInfo: Type.Optional(FreeMap()), twoFactorTrustId: Str(), userId: Str(),
});
export type TwoFactorStatusRequest = Static<typeof TwoFactorStatusRequestSchema>;

export const TwoFactorUpdateRequestSchema = Type.Object({ methodId: Str(), name: Str(), eventInfo: Type.Optional(FreeMap()) });
export type TwoFactorUpdateRequest = Static<typeof TwoFactorUpdateRequestSchema>;

/** What a trust flow remembers (client `TwoFactorTrust`). */
export interface TrustState extends Record<string, unknown> {
  readonly applicationId?: string;
  readonly startInstant: number;
}

/** FusionAuth invalidates a two-factor id after this many wrong codes. */
export const MAX_FAILED_CODES = 5;
