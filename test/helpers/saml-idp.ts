/**
 * A SAML v2 identity provider for tests: builds Web Browser SSO Responses (xmlbuilder2) and signs the
 * Assertion or the Response with xml-crypto and a generated key pair, as Okta, Azure AD or ADFS would.
 * Attack tests take the signed XML and tamper with it as text.
 */
import { SignedXml } from 'xml-crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { rsaPair, selfSigned, type TestKeyPair } from './certificates.js';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

export interface TestIdp {
  readonly pair: TestKeyPair;
  readonly certificatePem: string;
  readonly entityId: string;
}

export async function createTestIdp(entityId = 'https://idp.example.com/metadata'): Promise<TestIdp> {
  const pair = rsaPair();
  const now = Date.now();
  const certificatePem = await selfSigned(pair, {
    subject: 'CN=Test IdP', notBefore: new Date(now - 24 * 3600_000), notAfter: new Date(now + 365 * 24 * 3600_000),
  });
  return { pair, certificatePem, entityId };
}

export interface ResponseOptions {
  readonly issuer: string;
  readonly inResponseTo?: string;
  /** SubjectConfirmationData@InResponseTo: defaults to `inResponseTo`; null leaves it out. */
  readonly subjectInResponseTo?: string | null;
  readonly destination?: string;
  readonly recipient?: string;
  readonly audience?: string;
  readonly nameId?: string;
  readonly attributes?: Record<string, string | string[]>;
  /** The instant everything is relative to (the test clock's now). */
  readonly now: number;
  /** Conditions window, relative to `now` (ms). */
  readonly notBeforeOffset?: number;
  readonly notOnOrAfterOffset?: number;
  readonly status?: string;
  readonly responseId?: string;
  readonly assertionId?: string;
  readonly sessionIndex?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
let counter = 0;
export const randomId = (): string => `_${Date.now().toString(16)}${(++counter).toString(16)}${Math.random().toString(16).slice(2)}`;

function assertionElement(parent: XMLBuilder, o: ResponseOptions): void {
  const notBefore = o.now + (o.notBeforeOffset ?? -60_000);
  const notOnOrAfter = o.now + (o.notOnOrAfterOffset ?? 5 * 60_000);
  const assertion = parent.ele(ASSERTION, 'saml:Assertion', { ID: o.assertionId ?? randomId(), IssueInstant: iso(o.now), Version: '2.0' });
  assertion.ele(ASSERTION, 'saml:Issuer').txt(o.issuer);
  const subject = assertion.ele(ASSERTION, 'saml:Subject');
  subject.ele(ASSERTION, 'saml:NameID', { Format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }).txt(o.nameId ?? 'user@example.com');
  const data: Record<string, string> = { NotOnOrAfter: iso(notOnOrAfter) };
  if (o.recipient !== undefined) data.Recipient = o.recipient;
  const subjectInResponseTo = o.subjectInResponseTo === undefined ? o.inResponseTo : o.subjectInResponseTo ?? undefined;
  if (subjectInResponseTo !== undefined) data.InResponseTo = subjectInResponseTo;
  subject.ele(ASSERTION, 'saml:SubjectConfirmation', { Method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer' })
    .ele(ASSERTION, 'saml:SubjectConfirmationData', data);
  const conditions = assertion.ele(ASSERTION, 'saml:Conditions', { NotBefore: iso(notBefore), NotOnOrAfter: iso(notOnOrAfter) });
  if (o.audience !== undefined) conditions.ele(ASSERTION, 'saml:AudienceRestriction').ele(ASSERTION, 'saml:Audience').txt(o.audience);
  assertion.ele(ASSERTION, 'saml:AuthnStatement', { AuthnInstant: iso(o.now), SessionIndex: o.sessionIndex ?? '_session-1' })
    .ele(ASSERTION, 'saml:AuthnContext').ele(ASSERTION, 'saml:AuthnContextClassRef').txt('urn:oasis:names:tc:SAML:2.0:ac:classes:Password');
  const statement = assertion.ele(ASSERTION, 'saml:AttributeStatement');
  for (const [name, value] of Object.entries(o.attributes ?? {})) {
    const attribute = statement.ele(ASSERTION, 'saml:Attribute', { Name: name });
    for (const v of Array.isArray(value) ? value : [value]) attribute.ele(ASSERTION, 'saml:AttributeValue').txt(v);
  }
}

/** An unsigned Response with one Assertion. */
export function buildResponse(o: ResponseOptions): string {
  const attributes: Record<string, string> = { ID: o.responseId ?? randomId(), Version: '2.0', IssueInstant: iso(o.now) };
  if (o.destination !== undefined) attributes.Destination = o.destination;
  if (o.inResponseTo !== undefined) attributes.InResponseTo = o.inResponseTo;
  const response = create().ele(PROTOCOL, 'samlp:Response', attributes);
  response.att('http://www.w3.org/2000/xmlns/', 'xmlns:saml', ASSERTION);
  response.ele(ASSERTION, 'saml:Issuer').txt(o.issuer);
  response.ele(PROTOCOL, 'samlp:Status').ele(PROTOCOL, 'samlp:StatusCode', { Value: o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success' });
  assertionElement(response, o);
  return response.end({ headless: true });
}

function sign(xml: string, idp: Pick<TestIdp, 'pair' | 'certificatePem'>, element: 'Assertion' | 'Response'): string {
  const signer = new SignedXml({
    privateKey: idp.pair.privatePem,
    publicCert: idp.certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: EXC_C14N,
  });
  const target = `//*[local-name(.)='${element}']`;
  signer.addReference({
    xpath: target,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
  });
  // The schema puts the Signature right after the element's Issuer.
  signer.computeSignature(xml, { location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

export const signAssertion = (xml: string, idp: Pick<TestIdp, 'pair' | 'certificatePem'>): string => sign(xml, idp, 'Assertion');
export const signResponse = (xml: string, idp: Pick<TestIdp, 'pair' | 'certificatePem'>): string => sign(xml, idp, 'Response');

export const base64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
