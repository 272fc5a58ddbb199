/**
 * Gatehouse's addresses as a SAML service provider (seed 003 "Integration Details", API-INVENTORY §2.3):
 * the ACS `<base_url>/samlv2/acs`, the entity id (Issuer) `<base_url>/samlv2/sp/{id}` unless the provider
 * overrides it with `issuer`, and the metadata URL `<base_url>/samlv2/sp/metadata/{id}`.
 */
import type { IdentityProvider } from '../model.js';

export const acsUrl = (baseUrl: string): string => `${baseUrl}/samlv2/acs`;

export function serviceProviderEntityId(baseUrl: string, provider: IdentityProvider): string {
  const issuer = typeof provider.issuer === 'string' ? provider.issuer.trim() : '';
  return issuer !== '' ? issuer : `${baseUrl}/samlv2/sp/${provider.id}`;
}

export const metadataUrl = (baseUrl: string, identityProviderId: string): string => `${baseUrl}/samlv2/sp/metadata/${identityProviderId}`;
