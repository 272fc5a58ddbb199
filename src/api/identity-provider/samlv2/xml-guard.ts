/**
 * What a SAMLResponse must pass before any XML library sees it: a size cap (checked on the base64 text,
 * before decoding), strict base64, no DTD of any kind (`<!DOCTYPE`, `<!ENTITY`, …: the XXE and "billion
 * laughs" family has no place in SAML, which never uses DTDs), and a strict parse in which every parser
 * warning is fatal. Everything here only reads; trust comes later, from the signature checks.
 */
import { DOMParser, onWarningStopParsing, type Document, type Element } from '@xmldom/xmldom';
import { SamlResponseRejected } from './rejection.js';

/** Decoded size cap. Real responses, even with large group claims, stay far below this. */
export const MAX_SAML_RESPONSE_BYTES = 256 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Any markup declaration other than a comment or a CDATA section: DOCTYPE, ENTITY, ELEMENT, ATTLIST, NOTATION. */
const MARKUP_DECLARATION = /<!(?!--|\[CDATA\[)/;

export const SAML_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** Decodes the base64 SAMLResponse form value into its XML text, or rejects it. */
export function decodeSamlResponse(encoded: string): string {
  const compact = encoded.replace(/[\r\n\t ]/g, '');
  if (compact.length > Math.ceil(MAX_SAML_RESPONSE_BYTES / 3) * 4) throw new SamlResponseRejected('The SAML response is larger than allowed.');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new SamlResponseRejected('The SAML response is not valid base64.');
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_SAML_RESPONSE_BYTES) throw new SamlResponseRejected('The SAML response is larger than allowed.');
  const xml = bytes.toString('utf8');
  if (MARKUP_DECLARATION.test(xml)) throw new SamlResponseRejected('The SAML response contains a DTD or entity declaration.');
  return xml;
}

/** Parses XML that has passed `decodeSamlResponse` (or came out of a verified signature), strictly. */
export function parseXml(xml: string): Document {
  if (MARKUP_DECLARATION.test(xml)) throw new SamlResponseRejected('The XML contains a DTD or entity declaration.');
  try {
    return new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, 'text/xml');
  } catch {
    throw new SamlResponseRejected('The SAML response is not well-formed XML.');
  }
}

/** The direct children of `parent` with this namespace and local name. */
export function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) {
      const element = node as Element;
      if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
    }
  }
  return found;
}

/** The only such child, undefined when absent; more than one is refused (no ambiguity to exploit). */
export function onlyChild(parent: Element, namespace: string, localName: string): Element | undefined {
  const found = childElements(parent, namespace, localName);
  if (found.length > 1) throw new SamlResponseRejected(`More than one ${localName} element.`);
  return found[0];
}

/**
 * Refuses a document whose NameID or any AttributeValue holds a comment or processing instruction
 * (`alice@example.com<!---->.evil.com`). Exclusive canonicalization drops comments, so such a value still
 * carries a valid signature, and readers that stop at the first text node log the victim in as
 * `alice@example.com` (CVE-2017-11427 and its kin). No IdP emits markup inside these values, so the whole
 * response is refused rather than any reading of it trusted.
 */
export function refuseMarkupInValues(root: Element): void {
  const holdsMarkup = (node: Element['firstChild']): boolean => {
    for (let child = node; child !== null; child = child.nextSibling) {
      if (child.nodeType === child.COMMENT_NODE || child.nodeType === child.PROCESSING_INSTRUCTION_NODE) return true;
      if (child.nodeType === child.ELEMENT_NODE && holdsMarkup(child.firstChild)) return true;
    }
    return false;
  };
  for (const localName of ['NameID', 'AttributeValue']) {
    for (const element of Array.from(root.getElementsByTagNameNS(SAML_ASSERTION, localName))) {
      if (holdsMarkup(element.firstChild)) throw new SamlResponseRejected(`A ${localName} contains a comment or processing instruction.`);
    }
  }
}

/**
 * The text of an element: every text and CDATA node under it, concatenated (comments inside SAML values
 * are refused before this by `refuseMarkupInValues`; concatenating still never truncates a value).
 */
export function textOf(element: Element): string {
  let text = '';
  const walk = (node: Element['firstChild']): void => {
    for (let child = node; child !== null; child = child.nextSibling) {
      if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) text += child.nodeValue ?? '';
      else if (child.nodeType === child.ELEMENT_NODE) walk(child.firstChild);
    }
  };
  walk(element.firstChild);
  return text.trim();
}

/** An attribute's value, or undefined when it is absent or empty. */
export function attributeOf(element: Element, name: string): string | undefined {
  const value = element.getAttribute(name);
  return value === null || value === '' ? undefined : value;
}
