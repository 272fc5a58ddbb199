/**
 * Issuing access tokens: the claims of `claims.ts`, the lifetime and signing key of the JWT settings in
 * force (application when its `jwtConfiguration.enabled`, else tenant), signed with `jose`.
 */
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { StoredApplication } from '../application/store.js';
import type { KeyMaterial } from '../key/service.js';
import type { UserRegistration } from '../registration/model.js';
import type { StoredTenant } from '../tenant/store.js';
import type { User } from '../user/model.js';
import { signAccessToken } from './access-token.js';
import { accessTokenClaims, rolesFor } from './claims.js';
import { jwtSettings } from './jwt-settings.js';
import type { AccessTokenClaims, AuthenticationType } from './model.js';

export interface AccessTokenInput {
  /** The full user (registrations and memberships included, as the Users service retrieves it). */
  readonly user: User & { id: string };
  readonly tenant: StoredTenant;
  /** The application the token is for (`aud`); omit for a token without application claims. */
  readonly application?: StoredApplication;
  /** The user's registration for `application`; looked up in `user.registrations` when omitted. */
  readonly registration?: UserRegistration;
  readonly authenticationType: AuthenticationType;
  /** The id of the refresh token issued with this access token. */
  readonly sid?: string;
  /** When the user authenticated, epoch seconds (`auth_time`); now when omitted, left out when null. */
  readonly authTime?: number | null;
  /** A shorter lifetime than configured (Refresh API `timeToLiveInSeconds`); longer ones are ignored. */
  readonly timeToLiveInSeconds?: number;
  /** Epoch seconds the token may not outlive (Issue API: the presented token's `exp`). */
  readonly notAfter?: number;
}

export interface IssuedAccessToken {
  readonly token: string;
  /** Epoch milliseconds (`tokenExpirationInstant` of the Login API). */
  readonly expirationInstant: number;
  readonly claims: AccessTokenClaims;
}

export interface AccessTokenIssuer {
  issue(input: AccessTokenInput): Promise<IssuedAccessToken>;
}

export interface AccessTokenDeps {
  readonly keys: KeyMaterial;
  /** The role ids of these groups (members inherit them). */
  readonly groupRoleIds: (groupIds: readonly string[]) => Promise<string[]>;
  readonly clock: Clock;
}

export function createAccessTokenIssuer({ keys, groupRoleIds, clock }: AccessTokenDeps): AccessTokenIssuer {
  async function rolesOf(user: User, application: StoredApplication, registration: UserRegistration | undefined): Promise<string[]> {
    if (registration === undefined) return [];
    const groupIds = (user.memberships ?? []).map((m) => m.groupId).filter((id): id is string => id !== undefined);
    const inherited = groupIds.length === 0 ? [] : await groupRoleIds(groupIds);
    return rolesFor(application, registration, new Set(inherited));
  }

  return {
    async issue(input) {
      const { user, tenant, application } = input;
      const settings = jwtSettings(tenant, application);
      const key = settings.accessTokenKeyId === undefined ? undefined : await keys.signingKey(settings.accessTokenKeyId);
      if (key === undefined) throw new Error(`no usable access token signing key for tenant ${tenant.id}`);
      const registration = application === undefined
        ? undefined
        : input.registration ?? user.registrations?.find((r) => r.applicationId === application.id);
      const issuedAt = Math.floor(clock.now() / 1000);
      const lifetime = Math.min(settings.timeToLiveInSeconds, input.timeToLiveInSeconds ?? Infinity);
      const expiresAt = Math.min(issuedAt + lifetime, input.notAfter ?? Infinity);
      const claims = accessTokenClaims({
        user,
        tenantId: tenant.id,
        issuer: tenant.issuer,
        authenticationType: input.authenticationType,
        ...(application !== undefined ? { application } : {}),
        ...(registration !== undefined ? { registration } : {}),
        roles: application === undefined ? [] : await rolesOf(user, application, registration),
        ...(input.sid !== undefined ? { sid: input.sid } : {}),
        jti: newId(),
        issuedAt,
        expiresAt,
        ...(input.authTime === null ? {} : { authTime: input.authTime ?? issuedAt }),
      });
      return { token: await signAccessToken(claims, key), expirationInstant: expiresAt * 1000, claims };
    },
  };
}
