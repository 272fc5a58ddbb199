/**
 * `GET /samlv2/sp/metadata/{identityProviderId}` (seed 003 "Metadata URL", API-INVENTORY §2.3): the
 * service provider metadata an IdP imports to trust Gatehouse. Public, as FusionAuth's is: it holds only
 * public information.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../core/errors.js';
import { pathId } from '../../../core/route-params.js';
import type { KeyDirectory } from '../kinds.js';
import type { IdentityProvider } from '../model.js';
import { serviceProviderMetadata } from './metadata.js';
import { SAMLV2, type SamlV2IdentityProvider } from './model.js';

export interface SamlMetadataDeps {
  readonly provider: (id: string) => Promise<IdentityProvider | undefined>;
  readonly keys: KeyDirectory;
  readonly baseUrl: string;
}

export function samlServiceProviderRoutes(app: FastifyInstance, { provider, keys, baseUrl }: SamlMetadataDeps): void {
  app.get('/samlv2/sp/metadata/:identityProviderId', { config: { auth: 'none' } }, async (request, reply) => {
    const found = await provider(pathId(request.params, 'identityProviderId'));
    if (found === undefined || found.type !== SAMLV2) throw new NotFoundError();
    const saml = found as SamlV2IdentityProvider;
    const signingKey = saml.signRequest && saml.requestSigningKeyId !== undefined ? await keys.find(saml.requestSigningKeyId) : undefined;
    return reply.type('application/samlmetadata+xml; charset=UTF-8').send(serviceProviderMetadata(saml, baseUrl, signingKey));
  });
}
