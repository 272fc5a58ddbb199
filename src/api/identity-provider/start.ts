/**
 * `POST /api/identity-provider/start` for SAML v2 (seed 003 "Start a SAML v2 Login Request"): records the
 * AuthnRequest id the caller will send to the IdP — `data.requestId` when given, else a generated
 * `id<32 hex>` as FusionAuth generates — so that the response can be matched to it exactly once. The id is
 * the `code` of the 202 response. The request lives for the tenant's
 * `externalIdentifierConfiguration.samlv2AuthNRequestIdTimeToLiveInSeconds` (default 300).
 *
 * Like FusionAuth: an unknown or disabled provider, or one not enabled for the application, is a 401.
 * Optional `data.samlDestination` / `data.samlAudience` replace the expected Destination and Audience of
 * the response (FusionAuth's start API reads the same two keys).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { asUniqueViolation, UniqueViolation } from '../../db/database.js';
import type { IdentityProvider } from './model.js';
import type { PendingRequestStore } from './request-store.js';
import { SAMLV2 } from './samlv2/model.js';

export interface StartLoginInput {
  readonly identityProviderId?: string;
  readonly applicationId?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly loginId?: string;
  readonly state?: Record<string, unknown>;
}

/** What start needs to know of an application and its tenant. */
export interface StartDirectory {
  application(id: string): Promise<{ id: string; tenantId: string; active: boolean; requiresApiKey: boolean } | undefined>;
  /** The tenant's SAML AuthnRequest id lifetime, in seconds. */
  requestIdTimeToLiveSeconds(tenantId: string): Promise<number>;
  provider(id: string): Promise<IdentityProvider | undefined>;
}

export interface StartLoginService {
  /** Answers the `code` (the AuthnRequest id). `hasApiKey`: whether the caller presented a valid key. */
  start(input: StartLoginInput, scope: string | undefined, hasApiKey: boolean): Promise<string>;
}

const MAX_REQUEST_ID_LENGTH = 255;
const DEFAULT_TTL_SECONDS = 300;

export function createStartLoginService(deps: { directory: StartDirectory; requests: PendingRequestStore; clock: Clock }): StartLoginService {
  const { directory, requests, clock } = deps;
  return {
    async start(input, scope, hasApiKey) {
      const errors = new ValidationError();
      if (input.identityProviderId === undefined) errors.add('identityProviderId', 'missing', 'You must specify the [identityProviderId] property.');
      if (input.applicationId === undefined) errors.add('applicationId', 'missing', 'You must specify the [applicationId] property.');
      const requestId = input.data?.requestId;
      if (requestId !== undefined && (requestId.trim() === '' || requestId.length > MAX_REQUEST_ID_LENGTH || /\s/.test(requestId))) {
        errors.add('data.requestId', 'invalid', `The [data.requestId] must be 1 to ${MAX_REQUEST_ID_LENGTH} characters without spaces.`);
      }
      errors.throwIfAny();
      const application = isUuid(input.applicationId) ? await directory.application(normalizeId(input.applicationId)) : undefined;
      if (application === undefined) throw errors.add('applicationId', 'invalid', `The application [${input.applicationId}] does not exist.`);
      if (application.requiresApiKey && !hasApiKey) throw new UnauthorizedError();
      const provider = isUuid(input.identityProviderId) ? await directory.provider(normalizeId(input.identityProviderId)) : undefined;
      const tenantOk = provider !== undefined && (provider.tenantId === undefined || provider.tenantId === application.tenantId)
        && (scope === undefined || scope === application.tenantId);
      if (provider === undefined || provider.type !== SAMLV2 || !tenantOk || !provider.enabled || !application.active
        || provider.applicationConfiguration[application.id]?.enabled !== true) {
        throw new UnauthorizedError();
      }
      const now = clock.now();
      await requests.purgeExpired(now);
      const ttl = (await directory.requestIdTimeToLiveSeconds(application.tenantId)) || DEFAULT_TTL_SECONDS;
      const id = requestId ?? `id${randomUUID().replaceAll('-', '')}`;
      const { samlDestination, samlAudience } = input.data ?? {};
      try {
        await requests.insert({
          id,
          identityProviderId: provider.id,
          applicationId: application.id,
          tenantId: application.tenantId,
          state: {
            ...(samlDestination !== undefined ? { samlDestination } : {}),
            ...(samlAudience !== undefined ? { samlAudience } : {}),
            ...(input.state !== undefined ? { state: input.state } : {}),
            ...(input.loginId !== undefined ? { loginId: input.loginId } : {}),
          },
          expiresInstant: now + ttl * 1000,
          insertInstant: now,
        });
      } catch (error) {
        if (asUniqueViolation(error) instanceof UniqueViolation) {
          throw new ValidationError().add('data.requestId', 'duplicate', `The SAML request id [${id}] has already been used.`);
        }
        throw error;
      }
      return id;
    },
  };
}
