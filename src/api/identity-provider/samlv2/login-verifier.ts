/**
 * The SAML half of "Complete a SAML v2 Login" (`POST /api/identity-provider/login`, seed 003), for the
 * Login API to call before it reconciles the user: the provider and application must be enabled for each
 * other, the response must answer a started, unexpired, unconsumed request of this provider and
 * application, verify against the provider's keys (verify-response.ts), and then consume that request —
 * exactly once, so a replayed response (or the same assertion under another request id) is refused.
 *
 * Failures are 401 (`SamlResponseRejected`, with a `reason` for the provider's debug log); a missing
 * `data.samlResponse` or an unknown application is a 400.
 */
import type { Clock } from '../../../core/clock.js';
import { ValidationError } from '../../../core/errors.js';
import { isUuid, normalizeId } from '../../../core/ids.js';
import type { KeyDirectory } from '../kinds.js';
import type { ApplicationConfiguration, IdentityProvider } from '../model.js';
import type { PendingRequest, PendingRequestStore } from '../request-store.js';
import { verificationPem } from './keys.js';
import { SAMLV2, type SamlV2IdentityProvider } from './model.js';
import { SamlResponseRejected } from './rejection.js';
import { acsUrl, serviceProviderEntityId } from './urls.js';
import { claimedInResponseTo, verifySamlResponse, type SamlResponseExpectations, type VerifiedSamlResponse } from './verify-response.js';

export interface SamlLoginInput {
  readonly identityProviderId?: string;
  readonly applicationId?: string;
  /** `data.samlResponse` of the login request: the base64 SAMLResponse the IdP posted. */
  readonly samlResponse?: string;
  /** The tenant the request is scoped to (locked key or header), if any. */
  readonly tenantId?: string;
}

export interface VerifiedSamlLogin {
  readonly identityProvider: SamlV2IdentityProvider;
  /** The provider's settings for the application (`createRegistration` …). */
  readonly applicationConfiguration: ApplicationConfiguration;
  /** The tenant of the application (and of the user to reconcile). */
  readonly tenantId: string;
  /** The consumed start request: its `state` goes back to the caller. */
  readonly request: PendingRequest;
  readonly assertion: VerifiedSamlResponse;
  /** From `emailClaim`, or the NameID when `useNameIdForEmail`. */
  readonly email?: string;
  /** From `usernameClaim`. */
  readonly username?: string;
  /** The user's id at the IdP: `uniqueIdClaim`'s value, else the NameID (the link's `identityProviderUserId`). */
  readonly identityProviderUserId: string;
}

export interface SamlLoginVerifierDeps {
  readonly provider: (id: string) => Promise<IdentityProvider | undefined>;
  readonly application: (id: string) => Promise<{ id: string; tenantId: string; active: boolean } | undefined>;
  readonly requests: PendingRequestStore;
  readonly keys: KeyDirectory;
  /** FUSIONAUTH_APP_URL: the base of the ACS URL and the default SP entity id. */
  readonly baseUrl: string;
  readonly clock: Clock;
}

export type SamlLoginVerifier = (input: SamlLoginInput) => Promise<VerifiedSamlLogin>;

const first = (values: readonly string[] | undefined): string | undefined => values?.find((v) => v !== '');

function expectedDestinations(provider: SamlV2IdentityProvider, request: PendingRequest, baseUrl: string): string[] | undefined {
  const { policy, alternates } = provider.assertionConfiguration.destination;
  if (policy === 'Disabled') return undefined;
  const expected = request.state.samlDestination ?? acsUrl(baseUrl);
  return policy === 'AllowAlternates' ? [expected, ...alternates] : [expected];
}

async function verificationKeys(provider: SamlV2IdentityProvider, keys: KeyDirectory): Promise<string[]> {
  const pems: string[] = [];
  for (const id of provider.verificationKeyIds) {
    const key = await keys.find(id);
    const pem = key && verificationPem(key);
    if (pem !== undefined) pems.push(pem);
  }
  if (pems.length === 0) throw new SamlResponseRejected('The identity provider has no usable verification key.');
  return pems;
}

export function createSamlLoginVerifier(deps: SamlLoginVerifierDeps): SamlLoginVerifier {
  return async (input) => {
    if (input.samlResponse === undefined || input.samlResponse.trim() === '') {
      throw new ValidationError().add('data.samlResponse', 'missing', 'You must specify the [data.samlResponse] property.');
    }
    const application = isUuid(input.applicationId) ? await deps.application(normalizeId(input.applicationId)) : undefined;
    if (application === undefined) throw new ValidationError().add('applicationId', 'invalid', `The application [${input.applicationId ?? ''}] does not exist.`);
    const found = isUuid(input.identityProviderId) ? await deps.provider(normalizeId(input.identityProviderId)) : undefined;
    if (found === undefined || found.type !== SAMLV2) throw new SamlResponseRejected('Unknown SAML v2 identity provider.');
    const provider = found as SamlV2IdentityProvider;
    if (provider.tenantId !== undefined && provider.tenantId !== application.tenantId) throw new SamlResponseRejected('The identity provider belongs to another tenant.');
    if (input.tenantId !== undefined && input.tenantId !== application.tenantId) throw new SamlResponseRejected('The application belongs to another tenant.');
    const applicationConfiguration = provider.applicationConfiguration[application.id];
    if (!provider.enabled) throw new SamlResponseRejected('The identity provider is disabled.');
    if (!application.active || applicationConfiguration?.enabled !== true) throw new SamlResponseRejected('The identity provider is not enabled for this application.');

    const requestId = claimedInResponseTo(input.samlResponse);
    if (requestId === undefined) throw new SamlResponseRejected('The response is unsolicited (no InResponseTo).');
    const now = deps.clock.now();
    const request = await deps.requests.find(requestId);
    if (request === undefined || request.consumed || request.expiresInstant <= now
      || request.identityProviderId !== provider.id || request.applicationId !== application.id) {
      throw new SamlResponseRejected('The response does not answer a pending request of this provider and application, or was already used.');
    }
    const expectations: SamlResponseExpectations = {
      verificationKeys: await verificationKeys(provider, deps.keys),
      serviceProviderEntityId: serviceProviderEntityId(deps.baseUrl, provider),
      audience: request.state.samlAudience ?? serviceProviderEntityId(deps.baseUrl, provider),
      acsUrl: acsUrl(deps.baseUrl),
      destinations: expectedDestinations(provider, request, deps.baseUrl),
      requestId,
      ...(provider.idpInitiatedConfiguration.issuer !== undefined ? { idpIssuer: provider.idpInitiatedConfiguration.issuer } : {}),
      now,
    };
    const assertion = await verifySamlResponse(input.samlResponse, expectations);
    if (!(await deps.requests.consume(requestId, provider.id, assertion.assertionId, now))) {
      throw new SamlResponseRejected('The request was already consumed, or this assertion was already used.');
    }
    const email = provider.useNameIdForEmail ? assertion.nameId : provider.emailClaim !== undefined ? first(assertion.attributes[provider.emailClaim]) : undefined;
    const username = provider.usernameClaim !== undefined ? first(assertion.attributes[provider.usernameClaim]) : undefined;
    const uniqueId = provider.uniqueIdClaim !== undefined ? first(assertion.attributes[provider.uniqueIdClaim]) : assertion.nameId;
    if (uniqueId === undefined) throw new SamlResponseRejected(`The assertion has no [${provider.uniqueIdClaim ?? 'NameID'}] to identify the user by.`);
    return {
      identityProvider: provider,
      applicationConfiguration,
      tenantId: application.tenantId,
      request: { ...request, consumed: true },
      assertion,
      ...(email !== undefined ? { email } : {}),
      ...(username !== undefined ? { username } : {}),
      identityProviderUserId: uniqueId,
    };
  };
}
