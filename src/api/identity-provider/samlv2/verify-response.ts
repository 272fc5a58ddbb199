/**
 * Verifies a SAML v2 Response for the Web Browser SSO profile (HTTP-POST), as seed 003's "Complete a
 * SAML v2 Login" requires: the signature (on the Response or on the Assertion) with the provider's keys,
 * the Issuer, InResponseTo against the started request, the Audience, Destination and Recipient, the
 * time window with a small clock skew, and a Success status.
 *
 * Signature checking is @node-saml/node-saml's (xml-crypto underneath): it refuses a document with more
 * than one assertion, accepts only an enveloped signature whose single reference is its parent element,
 * and hands back the bytes that were actually signed. Everything about the user is read from those
 * verified bytes only, so signature-wrapping tricks (an extra unsigned assertion, the signed one moved)
 * cannot inject content. node-saml's own time checks are switched off (they read the system clock) and
 * done here with the injected clock instead. Every failure is a `SamlResponseRejected` (401).
 */
import type { Profile } from '@node-saml/node-saml';
import { readAssertion, type AssertionContent, type SubjectConfirmationData } from './assertion.js';
import { SamlResponseRejected } from './rejection.js';
import { SAML_ASSERTION, SAML_PROTOCOL, attributeOf, decodeSamlResponse, onlyChild, parseXml, refuseMarkupInValues, textOf } from './xml-guard.js';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const DEFAULT_CLOCK_SKEW_MS = 60_000;

export interface SamlResponseExpectations {
  /** PEM certificates or public keys of the provider (its verification keys). */
  readonly verificationKeys: readonly string[];
  /** Our entity id as the service provider. */
  readonly serviceProviderEntityId: string;
  /** The Audience the assertion must be restricted to (the SP entity id unless the start said otherwise). */
  readonly audience: string;
  /** Our ACS URL. */
  readonly acsUrl: string;
  /** The URLs accepted as Destination and Recipient; `undefined` when the destination policy is Disabled. */
  readonly destinations: readonly string[] | undefined;
  /** The AuthnRequest id this response must answer. */
  readonly requestId: string;
  /** The IdP's entity id, when known; the assertion's Issuer must then equal it. */
  readonly idpIssuer?: string;
  readonly now: number;
  readonly clockSkewMs?: number;
}

export interface VerifiedSamlResponse {
  readonly assertionId: string;
  readonly issuer: string;
  readonly nameId: string;
  readonly nameIdFormat?: string;
  readonly attributes: Readonly<Record<string, string[]>>;
  readonly sessionIndex?: string;
  readonly inResponseTo: string;
}

/** The InResponseTo of a response, read without trusting it: only to find the request it claims to answer. */
export function claimedInResponseTo(samlResponse: string): string | undefined {
  const root = responseElement(decodeSamlResponse(samlResponse));
  return attributeOf(root, 'InResponseTo');
}

function responseElement(xml: string) {
  const root = parseXml(xml).documentElement;
  if (root === null || root.namespaceURI !== SAML_PROTOCOL || root.localName !== 'Response') {
    throw new SamlResponseRejected('The document is not a SAML v2 Response.');
  }
  return root;
}

function instant(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(parsed)) throw new SamlResponseRejected(`The ${name} instant [${value}] is not valid.`);
  return parsed;
}

/** True when `now` is inside [notBefore, notOnOrAfter) widened by the skew. */
function withinWindow(now: number, skew: number, notBefore: string | undefined, notOnOrAfter: string | undefined, name: string): boolean {
  const from = instant(notBefore, `${name} NotBefore`);
  const until = instant(notOnOrAfter, `${name} NotOnOrAfter`);
  return (from === undefined || now + skew >= from) && (until === undefined || now - skew < until);
}

async function verifiedAssertionXml(samlResponse: string, expected: SamlResponseExpectations): Promise<string> {
  // Loaded on the first SAML login: a server without SAML providers does not carry node-saml and its
  // XML-signature stack (~5 MB of heap).
  const { SAML, ValidateInResponseTo } = await import('@node-saml/node-saml');
  const saml = new SAML({
    idpCert: [...expected.verificationKeys],
    issuer: expected.serviceProviderEntityId,
    callbackUrl: expected.acsUrl,
    audience: expected.audience,
    // Either the Response or the Assertion must carry a valid signature (node-saml insists on one of them).
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    // -1 disables node-saml's checks against the system clock; the window is checked below with ours.
    acceptedClockSkewMs: -1,
    // InResponseTo is matched against our own request table, consumed exactly once by the caller.
    validateInResponseTo: ValidateInResponseTo.never,
  });
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (error) {
    throw new SamlResponseRejected(`The SAML response failed verification: ${error instanceof Error ? error.message : 'unknown error'}.`);
  }
  const xml = profile?.getAssertionXml?.();
  if (xml === undefined) throw new SamlResponseRejected('The SAML response carries no signed assertion.');
  return xml;
}

function checkResponseEnvelope(xml: string, expected: SamlResponseExpectations): string | undefined {
  const response = responseElement(xml);
  // The raw document, not the verified bytes: canonicalization has already dropped the comments there.
  refuseMarkupInValues(response);
  if (response.getAttribute('Version') !== '2.0') throw new SamlResponseRejected('The response is not SAML 2.0.');
  const status = onlyChild(response, SAML_PROTOCOL, 'Status');
  const code = status && onlyChild(status, SAML_PROTOCOL, 'StatusCode');
  if (code === undefined || code.getAttribute('Value') !== SUCCESS) throw new SamlResponseRejected('The response status is not Success.');
  const inResponseTo = attributeOf(response, 'InResponseTo');
  if (inResponseTo === undefined) throw new SamlResponseRejected('The response is unsolicited (no InResponseTo).');
  if (inResponseTo !== expected.requestId) throw new SamlResponseRejected('The response answers another request.');
  if (expected.destinations !== undefined) {
    const destination = attributeOf(response, 'Destination');
    if (destination === undefined || !expected.destinations.includes(destination)) {
      throw new SamlResponseRejected(`The response Destination [${destination ?? ''}] is not an expected destination.`);
    }
  }
  const issuer = onlyChild(response, SAML_ASSERTION, 'Issuer');
  return issuer && textOf(issuer);
}

function usableConfirmation(confirmation: SubjectConfirmationData, expected: SamlResponseExpectations, skew: number): boolean {
  if (confirmation.notOnOrAfter === undefined) return false;
  if (!withinWindow(expected.now, skew, confirmation.notBefore, confirmation.notOnOrAfter, 'SubjectConfirmationData')) return false;
  if (confirmation.inResponseTo !== undefined && confirmation.inResponseTo !== expected.requestId) return false;
  if (expected.destinations === undefined) return true;
  return confirmation.recipient !== undefined && expected.destinations.includes(confirmation.recipient);
}

function checkAssertion(assertion: AssertionContent, responseIssuer: string | undefined, expected: SamlResponseExpectations): void {
  const skew = expected.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  if (assertion.issuer === undefined) throw new SamlResponseRejected('The assertion has no Issuer.');
  if (responseIssuer !== undefined && responseIssuer !== assertion.issuer) throw new SamlResponseRejected('The response and assertion issuers differ.');
  if (expected.idpIssuer !== undefined && assertion.issuer !== expected.idpIssuer) throw new SamlResponseRejected('The assertion comes from another issuer.');
  if (assertion.nameId === undefined || assertion.nameId === '') throw new SamlResponseRejected('The assertion has no NameID.');
  if (!assertion.bearerConfirmations.some((c) => usableConfirmation(c, expected, skew))) {
    throw new SamlResponseRejected('No bearer SubjectConfirmation is valid now, for this request and this recipient.');
  }
  const conditions = assertion.conditions;
  if (conditions === undefined) throw new SamlResponseRejected('The assertion has no Conditions.');
  if (!withinWindow(expected.now, skew, conditions.notBefore, conditions.notOnOrAfter, 'Conditions')) {
    throw new SamlResponseRejected('The assertion is expired or not yet valid.');
  }
  if (conditions.audiences.length === 0 || !conditions.audiences.every((list) => list.includes(expected.audience))) {
    throw new SamlResponseRejected('The assertion is not for this audience.');
  }
}

/** Verifies the base64 `SAMLResponse`; answers what the signed assertion says, or throws `SamlResponseRejected`. */
export async function verifySamlResponse(samlResponse: string, expected: SamlResponseExpectations): Promise<VerifiedSamlResponse> {
  const xml = decodeSamlResponse(samlResponse);
  const responseIssuer = checkResponseEnvelope(xml, expected);
  // node-saml decodes base64 itself: hand it exactly the bytes that passed the guards.
  const assertion = readAssertion(await verifiedAssertionXml(Buffer.from(xml, 'utf8').toString('base64'), expected));
  checkAssertion(assertion, responseIssuer, expected);
  return {
    assertionId: assertion.id,
    issuer: assertion.issuer!,
    nameId: assertion.nameId!,
    ...(assertion.nameIdFormat !== undefined ? { nameIdFormat: assertion.nameIdFormat } : {}),
    attributes: assertion.attributes,
    ...(assertion.sessionIndex !== undefined ? { sessionIndex: assertion.sessionIndex } : {}),
    inResponseTo: expected.requestId,
  };
}
