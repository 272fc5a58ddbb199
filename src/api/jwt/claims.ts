/**
 * An access token's claims, built as FusionAuth builds them (API-INVENTORY §4.1; docs
 * json/jwt/login-response.json): registered claims first, then `authenticationType`, the user's
 * identity claims, the application claims, `sid`, `auth_time`, `tid`. Claims without a value are left
 * out, never sent as null.
 */
import type { Application } from '../application/model.js';
import type { UserRegistration } from '../registration/model.js';
import type { User } from '../user/model.js';
import type { AccessTokenClaims, AuthenticationType } from './model.js';

export interface ClaimsInput {
  readonly user: User & { id: string };
  readonly tenantId: string;
  readonly issuer?: string;
  readonly authenticationType: AuthenticationType;
  /** The audience application (`aud`), present even when the user is not registered to it. */
  readonly application?: Application & { id: string };
  /** The user's registration for `application`; `applicationId` and `roles` only exist with one. */
  readonly registration?: UserRegistration;
  readonly roles: readonly string[];
  readonly sid?: string;
  readonly jti: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly authTime?: number;
}

/**
 * The role names a user holds in an application: the registration's roles plus the roles of the
 * user's groups that belong to this application (FusionAuth: members inherit a group's roles for the
 * applications they are registered to). Registration roles first, each name once.
 */
export function rolesFor(application: Application, registration: UserRegistration | undefined, groupRoleIds: ReadonlySet<string>): string[] {
  if (registration === undefined) return [];
  const names = new Set(registration.roles ?? []);
  for (const role of application.roles ?? []) {
    if (role.id !== undefined && role.name !== undefined && groupRoleIds.has(role.id)) names.add(role.name);
  }
  return [...names];
}

/** `Strict` scope handling leaves the user's identity claims out of access tokens (FusionAuth 1.50+). */
const identityClaimsAllowed = (application: Application | undefined): boolean =>
  application?.oauthConfiguration?.scopeHandlingPolicy !== 'Strict';

export function accessTokenClaims(input: ClaimsInput): AccessTokenClaims {
  const { user, application, registration } = input;
  const identity = identityClaimsAllowed(application);
  const registered = application !== undefined && registration !== undefined;
  const claims: AccessTokenClaims = {
    aud: application?.id,
    exp: input.expiresAt,
    iat: input.issuedAt,
    iss: input.issuer,
    sub: user.id,
    jti: input.jti,
    authenticationType: input.authenticationType,
    email: identity ? user.email : undefined,
    email_verified: identity && user.email !== undefined ? user.verified === true : undefined,
    preferred_username: identity ? user.username : undefined,
    applicationId: registered ? application.id : undefined,
    roles: registered ? [...input.roles] : undefined,
    sid: input.sid,
    auth_time: input.authTime,
    tid: input.tenantId,
    tty: 'at',
  };
  for (const key of Object.keys(claims) as (keyof AccessTokenClaims)[]) {
    if (claims[key] === undefined) delete claims[key];
  }
  return claims;
}
