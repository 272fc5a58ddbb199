/**
 * The Login API's shapes (seed 002 "Login APIs"; client 1.69 `LoginRequest`, `LoginPingRequest`,
 * `LogoutRequest`, `LoginResponse`, `LoginPreventedResponse`, `LoginRecordSearchRequest`,
 * `LoginRecordExportRequest`, `DisplayableRawLogin`). Unknown top-level request properties are ignored,
 * as FusionAuth's Jackson binding does; the objects inside are typed.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RefreshTokenMetaDataSchema } from '../jwt/model.js';
import type { LoginPreventedAction } from '../user-action/model.js';
import type { User } from '../user/model.js';

const FreeMap = () => Type.Record(Type.String(), Type.Unknown());

/** `metaData.device.type` values (seed 002). */
export const DEVICE_TYPES = ['BROWSER', 'DESKTOP', 'LAPTOP', 'MOBILE', 'OTHER', 'SERVER', 'TABLET', 'TV', 'UNKNOWN'] as const;

/** The login id types a `loginIdTypes` list may name (1.59 identities; phone numbers are not login ids yet). */
export const LOGIN_ID_TYPES = ['email', 'username', 'phoneNumber'] as const;

/** POST /api/login, with a password (or an application Authentication Token) or a one-time password. */
export const LoginRequestSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  botDetectionScore: Type.Optional(Type.Number()),
  eventInfo: Type.Optional(FreeMap()),
  ipAddress: Type.Optional(Type.String()),
  loginId: Type.Optional(Type.String()),
  loginIdTypes: Type.Optional(Type.Array(Type.String())),
  metaData: Type.Optional(RefreshTokenMetaDataSchema),
  newDevice: Type.Optional(Type.Boolean()),
  noJWT: Type.Optional(Type.Boolean()),
  oneTimePassword: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  twoFactorTrustId: Type.Optional(Type.String()),
});
export type LoginRequest = Static<typeof LoginRequestSchema>;

/** PUT /api/login with a JSON body (client `loginPingWithRequest`). */
export const LoginPingRequestSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  eventInfo: Type.Optional(FreeMap()),
  ipAddress: Type.Optional(Type.String()),
  metaData: Type.Optional(RefreshTokenMetaDataSchema),
  noJWT: Type.Optional(Type.Boolean()),
  userId: Type.Optional(Type.String()),
});

/** POST /api/logout (client `logoutWithRequest`); the same values may come as query parameters. */
export const LogoutRequestSchema = Type.Object({
  eventInfo: Type.Optional(FreeMap()),
  global: Type.Optional(Type.Boolean()),
  refreshToken: Type.Optional(Type.String()),
});

/** `LoginRecordSearchCriteria` (BaseSearchCriteria + application, user and instant range). */
export const LoginRecordCriteriaSchema = Type.Object({
  applicationId: Type.Optional(Type.String()),
  end: Type.Optional(Type.Integer()),
  numberOfResults: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String()),
  start: Type.Optional(Type.Integer()),
  startRow: Type.Optional(Type.Integer()),
  userId: Type.Optional(Type.String()),
});

/** POST /api/system/login-record/search. `retrieveTotal` is top-level (seed) and accepted inside `search` too. */
export const LoginRecordSearchRequestSchema = Type.Object({
  retrieveTotal: Type.Optional(Type.Boolean()),
  search: Type.Optional(Type.Composite([LoginRecordCriteriaSchema, Type.Object({ retrieveTotal: Type.Optional(Type.Boolean()) })])),
});

/** POST /api/system/login-record/export. */
export const LoginRecordExportRequestSchema = Type.Object({
  criteria: Type.Optional(LoginRecordCriteriaSchema),
  dateTimeSecondsFormat: Type.Optional(Type.String()),
  zoneId: Type.Optional(Type.String()),
});

/** One element of the 409 body: an action preventing login (client `LoginPreventedResponse`), built from a User Action log. */
export type { LoginPreventedAction };

export type ChangePasswordReason = 'Administrative' | 'Breached' | 'Expired' | 'Validation';

/** A two-factor method as the 242 response lists it: never the secret. */
export interface TwoFactorMethodSummary {
  id?: string;
  method?: string;
  email?: string;
  mobilePhone?: string;
  name?: string;
  lastUsed?: boolean;
  authenticator?: { algorithm?: string; codeLength?: number; timeStep?: number };
}

/** The Login API's response body (client `LoginResponse`), by status. */
export interface LoginResponse {
  actions?: LoginPreventedAction[];
  changePasswordId?: string;
  changePasswordReason?: ChangePasswordReason;
  emailVerificationId?: string;
  methods?: TwoFactorMethodSummary[];
  refreshToken?: string;
  refreshTokenId?: string;
  registrationVerificationId?: string;
  state?: Record<string, unknown>;
  token?: string;
  tokenExpirationInstant?: number;
  twoFactorId?: string;
  user?: User;
}

/** A login record as the search and recent-login APIs return it (client `DisplayableRawLogin`). */
export interface DisplayableRawLogin {
  applicationId?: string;
  applicationName?: string;
  instant: number;
  ipAddress?: string;
  loginId?: string;
  userId: string;
}
