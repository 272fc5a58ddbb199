/**
 * Reads a SAML assertion — only ever the XML a signature check returned (the verified bytes), never the
 * raw document — into plain values: its id, issuer, subject, confirmations, conditions, session and
 * attributes. Ambiguity is refused rather than resolved (two Subjects, two Conditions, two NameIDs).
 */
import type { Element } from '@xmldom/xmldom';
import { SamlResponseRejected } from './rejection.js';
import { SAML_ASSERTION, attributeOf, childElements, onlyChild, parseXml, textOf } from './xml-guard.js';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface SubjectConfirmationData {
  readonly notBefore?: string;
  readonly notOnOrAfter?: string;
  readonly recipient?: string;
  readonly inResponseTo?: string;
}

export interface AssertionContent {
  readonly id: string;
  readonly issuer?: string;
  readonly nameId?: string;
  readonly nameIdFormat?: string;
  /** The data of each bearer SubjectConfirmation (the Web Browser SSO profile's). */
  readonly bearerConfirmations: readonly SubjectConfirmationData[];
  readonly conditions?: { readonly notBefore?: string; readonly notOnOrAfter?: string; readonly audiences: readonly (readonly string[])[] };
  readonly sessionIndex?: string;
  /** Attribute name → its values, in document order. */
  readonly attributes: Readonly<Record<string, string[]>>;
}

function confirmations(subject: Element): SubjectConfirmationData[] {
  return childElements(subject, SAML_ASSERTION, 'SubjectConfirmation')
    .filter((confirmation) => confirmation.getAttribute('Method') === BEARER)
    .map((confirmation) => {
      const data = onlyChild(confirmation, SAML_ASSERTION, 'SubjectConfirmationData');
      if (data === undefined) return {};
      const read = (name: string) => attributeOf(data, name);
      return { notBefore: read('NotBefore'), notOnOrAfter: read('NotOnOrAfter'), recipient: read('Recipient'), inResponseTo: read('InResponseTo') };
    });
}

function attributes(assertion: Element): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const statement of childElements(assertion, SAML_ASSERTION, 'AttributeStatement')) {
    for (const attribute of childElements(statement, SAML_ASSERTION, 'Attribute')) {
      const name = attributeOf(attribute, 'Name');
      if (name === undefined) continue;
      const values = childElements(attribute, SAML_ASSERTION, 'AttributeValue').map(textOf);
      out[name] = [...(out[name] ?? []), ...values];
    }
  }
  // A plain object for callers; fromEntries defines own properties, so a `__proto__` name stays data.
  return Object.fromEntries(Object.entries(out));
}

export function readAssertion(verifiedXml: string): AssertionContent {
  const assertion = parseXml(verifiedXml).documentElement;
  if (assertion === null || assertion.namespaceURI !== SAML_ASSERTION || assertion.localName !== 'Assertion') {
    throw new SamlResponseRejected('The signed content is not a SAML assertion.');
  }
  const id = attributeOf(assertion, 'ID');
  if (id === undefined) throw new SamlResponseRejected('The assertion has no ID.');
  const issuer = onlyChild(assertion, SAML_ASSERTION, 'Issuer');
  const subject = onlyChild(assertion, SAML_ASSERTION, 'Subject');
  const nameId = subject && onlyChild(subject, SAML_ASSERTION, 'NameID');
  const conditions = onlyChild(assertion, SAML_ASSERTION, 'Conditions');
  const authn = childElements(assertion, SAML_ASSERTION, 'AuthnStatement')[0];
  return {
    id,
    issuer: issuer && textOf(issuer),
    nameId: nameId && textOf(nameId),
    nameIdFormat: nameId && attributeOf(nameId, 'Format'),
    bearerConfirmations: subject ? confirmations(subject) : [],
    conditions: conditions && {
      notBefore: attributeOf(conditions, 'NotBefore'),
      notOnOrAfter: attributeOf(conditions, 'NotOnOrAfter'),
      audiences: childElements(conditions, SAML_ASSERTION, 'AudienceRestriction')
        .map((restriction) => childElements(restriction, SAML_ASSERTION, 'Audience').map(textOf)),
    },
    sessionIndex: authn && attributeOf(authn, 'SessionIndex'),
    attributes: attributes(assertion),
  };
}
