/** Shared setup for the identity provider tests: keys, applications and SAML providers through the client. */
import assert from 'node:assert/strict';
import type { FusionAuthClient, SAMLv2IdentityProvider } from '@fusionauth/typescript-client';
import { IdentityProviderType } from '@fusionauth/typescript-client';
import type { TestIdp } from './saml-idp.js';

const NO_ID = null as unknown as string;
let counter = 0;
export const unique = (prefix: string): string => `${prefix} ${++counter} ${Math.random().toString(36).slice(2, 7)}`;

/** Imports the IdP's certificate as a verification-only key; answers its id. */
export async function importCertificate(client: FusionAuthClient, idp: TestIdp): Promise<string> {
  const response = await client.importKey(NO_ID, { key: { name: unique('idp cert'), certificate: idp.certificatePem } });
  assert.equal(response.statusCode, 200);
  return response.response.key!.id!;
}

export async function createApplication(client: FusionAuthClient, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await client.createApplication(NO_ID, { application: { name: unique('app'), ...extra } });
  assert.equal(response.statusCode, 200);
  return response.response.application!.id!;
}

/** A valid SAML v2 provider request, enabled for `applicationId`. */
export function samlProvider(keyId: string, applicationId: string, extra: Partial<SAMLv2IdentityProvider> = {}): SAMLv2IdentityProvider {
  return {
    name: unique('SAML'),
    type: IdentityProviderType.SAMLv2,
    enabled: true,
    buttonText: 'Login with SAML',
    idpEndpoint: 'https://idp.example.com/sso',
    keyId,
    emailClaim: 'email',
    applicationConfiguration: { [applicationId]: { enabled: true, createRegistration: true } },
    ...extra,
  };
}

export async function createProvider(client: FusionAuthClient, provider: SAMLv2IdentityProvider, id: string = NO_ID): Promise<SAMLv2IdentityProvider> {
  const response = await client.createIdentityProvider(id, { identityProvider: provider });
  assert.equal(response.statusCode, 200, JSON.stringify(response.response));
  return response.response.identityProvider as SAMLv2IdentityProvider;
}
