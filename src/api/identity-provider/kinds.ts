/**
 * The per-type half of the Identity Providers API. FusionAuth's providers share a base (name, enabled,
 * applicationConfiguration, linkingStrategy …, see model.ts) and add a configuration of their own chosen
 * by `type`; each implemented type is an `IdentityProviderKind`, registered in `kinds` below, so the next
 * type (OpenID Connect, Google …) is one folder and one line here.
 */
import type { ValidationError } from '../../core/errors.js';
import type { IdentityProvider, IdentityProviderDetails, IdentityProviderInput } from './model.js';
import type { DomainClaim } from './store.js';

/** The public part of a Key Master key (no private material): what validation and verification need. */
export interface KeyView {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly certificate?: string;
  readonly publicKey?: string;
  readonly hasPrivateKey?: boolean;
}

export interface KeyDirectory {
  find(id: string): Promise<KeyView | undefined>;
}

export interface KindValidationContext {
  readonly errors: ValidationError;
  readonly existing?: IdentityProvider;
  readonly keys: KeyDirectory;
  /** Which of these domains other providers in an overlapping scope already manage. */
  domainClaims(domains: readonly string[]): Promise<DomainClaim[]>;
}

export interface IdentityProviderKind {
  readonly type: string;
  /** Reads `{"identityProvider": {...}}` with the type's closed schema (`[invalidJSON]` otherwise). */
  readRequest(body: unknown): IdentityProviderInput;
  /** The type's own fields, defaults applied; `existing` on update (for what only changes together). */
  complete(input: IdentityProviderInput, existing?: IdentityProvider): Record<string, unknown>;
  /** Adds the type's field errors to `context.errors`. */
  validate(provider: IdentityProvider, context: KindValidationContext): Promise<void>;
  /** The email domains the provider manages (lower-cased), for domain-based login. */
  domains(provider: IdentityProvider): string[];
  /** What the lookup API shows of this type beyond the base (e.g. a SAML provider's `idpEndpoint`). */
  details(provider: IdentityProvider): Partial<IdentityProviderDetails>;
}

export type IdentityProviderKinds = Readonly<Record<string, IdentityProviderKind>>;
