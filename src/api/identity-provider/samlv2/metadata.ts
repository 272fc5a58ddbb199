/**
 * SAML v2 service provider metadata for one SAML identity provider (`GET /samlv2/sp/metadata/{id}`):
 * what the IdP needs to trust Gatehouse — our entity id, the ACS (HTTP-POST binding), the NameID format
 * we ask for and, when AuthnRequests are signed, the certificate that signs them. Built with xmlbuilder2,
 * which escapes every value.
 */
import { create } from 'xmlbuilder2';
import type { KeyView } from '../kinds.js';
import type { SamlV2IdentityProvider } from './model.js';
import { acsUrl, serviceProviderEntityId } from './urls.js';

const METADATA = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** The base64 body of a PEM certificate, as X509Certificate carries it. */
const certificateBody = (pem: string): string => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

export function serviceProviderMetadata(provider: SamlV2IdentityProvider, baseUrl: string, signingKey: KeyView | undefined): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(METADATA, 'md:EntityDescriptor', { entityID: serviceProviderEntityId(baseUrl, provider) });
  const descriptor = document.ele(METADATA, 'md:SPSSODescriptor', {
    AuthnRequestsSigned: String(provider.signRequest),
    WantAssertionsSigned: 'true',
    protocolSupportEnumeration: PROTOCOL,
  });
  if (provider.signRequest && signingKey?.certificate !== undefined) {
    descriptor.ele(METADATA, 'md:KeyDescriptor', { use: 'signing' })
      .ele(DSIG, 'ds:KeyInfo')
      .ele(DSIG, 'ds:X509Data')
      .ele(DSIG, 'ds:X509Certificate').txt(certificateBody(signingKey.certificate));
  }
  descriptor.ele(METADATA, 'md:NameIDFormat').txt(provider.nameIdFormat);
  descriptor.ele(METADATA, 'md:AssertionConsumerService', { Binding: HTTP_POST, Location: acsUrl(baseUrl), index: '0', isDefault: 'true' });
  return document.end({ prettyPrint: true });
}
