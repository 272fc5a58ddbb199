/**
 * The UserRegistration object (`{"registration": {...}}`), as FusionAuth's Registrations API reads and
 * writes it and as it appears in the User's `registrations` array. Roles are a set of role names of the
 * application; `data` is free-form.
 */
import { Type, type Static } from '@sinclair/typebox';

const Uuid = () => Type.String();
const Instant = () => Type.Integer();
const FreeMap = () => Type.Record(Type.String(), Type.Unknown());

export const UserRegistrationSchema = Type.Object(
  {
    id: Type.Optional(Uuid()),
    applicationId: Type.Optional(Uuid()),
    authenticationToken: Type.Optional(Type.String()),
    cleanSpeakId: Type.Optional(Uuid()),
    data: Type.Optional(FreeMap()),
    insertInstant: Type.Optional(Instant()),
    lastLoginInstant: Type.Optional(Instant()),
    lastUpdateInstant: Type.Optional(Instant()),
    preferredLanguages: Type.Optional(Type.Array(Type.String())),
    roles: Type.Optional(Type.Array(Type.String())),
    timezone: Type.Optional(Type.String()),
    tokens: Type.Optional(Type.Record(Type.String(), Type.String())),
    username: Type.Optional(Type.String()),
    usernameStatus: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('PENDING'), Type.Literal('REJECTED')])),
    verified: Type.Optional(Type.Boolean()),
    verifiedInstant: Type.Optional(Instant()),
  },
  { additionalProperties: false },
);
export type UserRegistration = Static<typeof UserRegistrationSchema>;

/** A registration as stored and returned: the generated fields are always present. */
export type StoredRegistration = UserRegistration & {
  id: string;
  applicationId: string;
  insertInstant: number;
  lastUpdateInstant: number;
};

/**
 * Body of `POST|PUT|PATCH /api/user/registration…` (RegistrationRequest). `user` is present only on the
 * combined user-and-registration create; its shape is the Users API's and is read with its schema there.
 * Like the Users API's request, unknown top-level properties are ignored; the objects inside are strict.
 */
export const RegistrationRequestSchema = Type.Object(
  {
    registration: Type.Optional(UserRegistrationSchema),
    user: Type.Optional(FreeMap()),
    generateAuthenticationToken: Type.Optional(Type.Boolean()),
    skipRegistrationVerification: Type.Optional(Type.Boolean()),
    skipVerification: Type.Optional(Type.Boolean()),
    sendSetPasswordEmail: Type.Optional(Type.Boolean()),
    sendSetPasswordIdentityType: Type.Optional(Type.String()),
    disableDomainBlock: Type.Optional(Type.Boolean()),
    verificationIds: Type.Optional(Type.Array(Type.String())),
    eventInfo: Type.Optional(FreeMap()),
  },
);
export type RegistrationRequest = Static<typeof RegistrationRequestSchema>;

/** DELETE may carry a RegistrationDeleteRequest (`deleteRegistrationWithRequest`): only `eventInfo`. */
export const RegistrationDeleteRequestSchema = Type.Object({ eventInfo: Type.Optional(FreeMap()) });

/** FusionAuth caps preferredLanguages at 20 (docs, registration.preferredLanguages). */
export const MAX_PREFERRED_LANGUAGES = 20;

/**
 * The defaults FusionAuth's UserRegistration carries (Java domain initialisers): empty data, languages,
 * roles and tokens, `usernameStatus` ACTIVE, `verified` always present.
 */
export function registrationDefaults(): Pick<UserRegistration, 'data' | 'preferredLanguages' | 'roles' | 'tokens' | 'usernameStatus' | 'verified'> {
  return { data: {}, preferredLanguages: [], roles: [], tokens: {}, usernameStatus: 'ACTIVE', verified: false };
}
