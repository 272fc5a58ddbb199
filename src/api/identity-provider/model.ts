/**
 * The parts every identity provider shares (FusionAuth's `BaseIdentityProvider`): `{"identityProvider":
 * {...}}` with a `type` that selects the per-type configuration. Sources: seed 003, fusionauth-site
 * `apis/identity-providers/_shared/*`, `@fusionauth/typescript-client` 1.69 `BaseIdentityProvider`,
 * API-INVENTORY §3.9. Each type (samlv2/ first) adds its own properties to these to make its closed
 * request schema, which is also its response allow-list.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FreeMap, Instant, OneOf, Uuid } from '../application/model-shared.js';

/** Every type FusionAuth knows (client `IdentityProviderType`); only some are implemented here. */
export const IDENTITY_PROVIDER_TYPES = [
  'Apple', 'EpicGames', 'ExternalJWT', 'Facebook', 'Google', 'HYPR', 'LinkedIn', 'Nintendo', 'OpenIDConnect',
  'SAMLv2', 'SAMLv2IdPInitiated', 'SonyPSN', 'Steam', 'Twitch', 'Twitter', 'Xbox',
] as const;

export const LINKING_STRATEGIES = [
  'CreatePendingLink', 'Disabled', 'LinkAnonymously', 'LinkByEmail', 'LinkByEmailForExistingUser', 'LinkByUsername',
  'LinkByUsernameForExistingUser', 'Unsupported',
] as const;
export type LinkingStrategy = (typeof LINKING_STRATEGIES)[number];

/** The properties of `BaseIdentityProvider`, for a type's schema to spread into its own. */
export function baseProviderProperties<A extends ReturnType<typeof Type.Object>>(applicationConfiguration: A) {
  return {
    id: Type.Optional(Uuid()),
    name: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
    debug: Type.Optional(Type.Boolean()),
    tenantId: Type.Optional(Uuid()),
    source: Type.Optional(Type.String()),
    data: Type.Optional(FreeMap()),
    applicationConfiguration: Type.Optional(Type.Record(Type.String(), applicationConfiguration)),
    tenantConfiguration: Type.Optional(Type.Record(Type.String(), TenantConfigurationSchema)),
    linkingStrategy: Type.Optional(OneOf(LINKING_STRATEGIES)),
    lambdaConfiguration: Type.Optional(Type.Object({ reconcileId: Type.Optional(Uuid()) }, { additionalProperties: false })),
    attributeMappings: Type.Optional(Type.Record(Type.String(), Type.String())),
    insertInstant: Type.Optional(Instant()),
    lastUpdateInstant: Type.Optional(Instant()),
  };
}

/** `BaseIdentityProviderApplicationConfiguration`: per-application enablement. */
export const baseApplicationConfigurationProperties = {
  enabled: Type.Optional(Type.Boolean()),
  createRegistration: Type.Optional(Type.Boolean()),
  data: Type.Optional(FreeMap()),
};

const TenantConfigurationSchema = Type.Object(
  {
    data: Type.Optional(FreeMap()),
    limitUserLinkCount: Type.Optional(Type.Object(
      { enabled: Type.Optional(Type.Boolean()), maximumLinks: Type.Optional(Type.Integer()) },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);

export interface ApplicationConfiguration {
  enabled: boolean;
  createRegistration: boolean;
  data?: Record<string, unknown>;
  [typeSpecific: string]: unknown;
}

/** The base fields of a stored provider, defaults applied. */
export interface IdentityProviderBase {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  debug: boolean;
  tenantId?: string;
  source?: string;
  data: Record<string, unknown>;
  applicationConfiguration: Record<string, ApplicationConfiguration>;
  tenantConfiguration: Record<string, Static<typeof TenantConfigurationSchema>>;
  linkingStrategy: LinkingStrategy;
  lambdaConfiguration: { reconcileId?: string };
  attributeMappings?: Record<string, string>;
  insertInstant: number;
  lastUpdateInstant: number;
}

/** A stored provider: the base with its defaults applied; type-specific fields ride along. */
export interface IdentityProvider extends IdentityProviderBase {
  [typeSpecific: string]: unknown;
}

/** What a request carries before validation: everything optional. */
export type IdentityProviderInput = Partial<IdentityProvider>;

/** Only the type, to choose the type's own reader. Everything else is checked by that reader. */
export const IdentityProviderTypeProbeSchema = Type.Object({
  identityProvider: Type.Optional(Type.Object({ type: Type.Optional(Type.Unknown()) })),
});

/** `GET /api/identity-provider/lookup` (client `IdentityProviderDetails`). */
export interface IdentityProviderDetails {
  id: string;
  name: string;
  type: string;
  applicationIds: string[];
  idpEndpoint?: string;
  tenantId?: string;
  insertInstant: number;
  lastUpdateInstant: number;
}
