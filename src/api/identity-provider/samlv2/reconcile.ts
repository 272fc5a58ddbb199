/**
 * The reconcile step of "Complete a SAML v2 Login" (seed 003): from a verified response to a user of the
 * application's tenant, in one transaction.
 *
 *  1. A link of this provider, tenant and `identityProviderUserId` names the user (its login instant is
 *     updated). Otherwise, with `noLink`, or with the `Disabled` linking strategy, the answer is 404
 *     ("the linking strategy is set to disabled, or the value noLink: true is passed", docs
 *     `_identity-provider-login-response-body.mdx`).
 *  2. The linking strategy (default `LinkByEmail`) finds the user by the assertion's email
 *     (`LinkByEmail*`) or username (`LinkByUsername*`, `usernameClaim`) in the tenant, and links them.
 *     The `…ForExistingUser` strategies stop there with a 404 when nobody matches; the others create
 *     the user — without a password (they sign in at the provider), with the email and, when the
 *     provider has a `usernameClaim`, the username, and verified: FusionAuth marks identities created
 *     through an identity provider `Trusted` (client `IdentityVerifiedReason`).
 *  3. When the provider's `applicationConfiguration[applicationId].createRegistration` (default true)
 *     and the user has no registration for the application, one is created with its default roles
 *     (verified unless the application verifies registrations, as any API registration).
 *
 * A reconcile that cannot link (no email or username to link by, a strategy Gatehouse does not run —
 * `CreatePendingLink`, `LinkAnonymously` —, the tenant's `limitUserLinkCount` reached, a user the
 * Users API refuses to create) is the seed's 401 "The user cannot be reconciled". Each outcome carries
 * notes for the provider's debug Event Log entry.
 *
 * `lambdaConfiguration.reconcileId` is stored but not run: Gatehouse has no Lambda engine yet. The
 * reconcile is the one a provider without a lambda gets.
 */
import { ApiError, ValidationError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { asUniqueViolation, scopedTo, UniqueViolation, type Database } from '../../../db/database.js';
import type { PreparedRegistration } from '../../registration/service.js';
import type { LoginIdType, User, UserRequest } from '../../user/model.js';
import type { IdentityProviderLinkStore, LinkKey } from '../link-store.js';
import type { VerifiedSamlLogin } from './login-verifier.js';

/** The seed's 401 "Unable to complete the login request. The user cannot be reconciled": `reason` is for the debug log only. */
export class UserNotReconciled extends ApiError {
  constructor(readonly reason: string) {
    super(401);
  }
}

export interface ReconcileDeps {
  readonly database: Database;
  /** The link store on `database` (or on a transaction). */
  readonly links: (database: Database) => IdentityProviderLinkStore;
  /** The user of `tenantId` holding this email or username, if any. */
  readonly findUser: (tenantId: string, loginId: string, type: LoginIdType) => Promise<{ id: string } | undefined>;
  /** The Users API's create, which runs `withinTransaction` in the transaction that inserts the user. */
  readonly createUser: (
    tenantId: string, request: UserRequest,
    options: { withoutPassword: true; withinTransaction: (scoped: Database, user: User) => Promise<void> },
  ) => Promise<{ user: User }>;
  readonly isRegistered: (userId: string, applicationId: string) => Promise<boolean>;
  /**
   * A registration for the application with its default roles, validated before the transaction opens
   * (on SQLite a read outside the open transaction would wait for it), then inserted through `scoped`.
   */
  readonly prepareRegistration: (tenantId: string, applicationId: string) => Promise<PreparedRegistration>;
  readonly insertRegistration: (scoped: Database, tenantId: string, userId: string, prepared: PreparedRegistration) => Promise<void>;
}

export interface ReconcileInput {
  readonly login: VerifiedSamlLogin;
  readonly applicationId: string;
  readonly noLink: boolean;
  readonly now: number;
}

export type Reconciled =
  | { readonly outcome: 'user'; readonly userId: string; readonly notes: readonly string[] }
  | { readonly outcome: 'notFound'; readonly notes: readonly string[] };

type LinkBy = { readonly type: LoginIdType; readonly value: string; readonly createUser: boolean };

const DEFAULT_MAXIMUM_LINKS = 42;

/** How the linking strategy finds the user, or why it cannot. */
function linkBy(login: VerifiedSamlLogin): LinkBy | 'disabled' | UserNotReconciled {
  const strategy = login.identityProvider.linkingStrategy;
  switch (strategy) {
    case 'Disabled':
      return 'disabled';
    case 'LinkByEmail':
    case 'LinkByEmailForExistingUser':
      return login.email === undefined
        ? new UserNotReconciled(`The assertion has no email (${login.identityProvider.useNameIdForEmail ? 'NameID' : `attribute [${login.identityProvider.emailClaim ?? ''}]`}) to link by.`)
        : { type: 'email', value: login.email, createUser: strategy === 'LinkByEmail' };
    case 'LinkByUsername':
    case 'LinkByUsernameForExistingUser':
      return login.username === undefined
        ? new UserNotReconciled(`The assertion has no username (attribute [${login.identityProvider.usernameClaim ?? ''}]) to link by.`)
        : { type: 'username', value: login.username, createUser: strategy === 'LinkByUsername' };
    default:
      return new UserNotReconciled(`The linking strategy [${strategy}] is not supported by Gatehouse yet.`);
  }
}

/** A write that lost a race to a concurrent login of the same user (link, user or registration). */
function lostRace(error: unknown): boolean {
  if (asUniqueViolation(error) instanceof UniqueViolation) return true;
  return error instanceof ValidationError && Object.values(error.fieldErrors).flat().some((e) => e.code.startsWith('[duplicate]'));
}

function codesOf(error: ValidationError): string {
  const codes = [...Object.values(error.fieldErrors).flat(), ...error.generalErrors].map((e) => e.code);
  return codes.join(', ');
}

export function createReconciler(deps: ReconcileDeps) {
  /** Before the transaction: the registration `createRegistration` asks for, when the user has none. */
  async function registrationToCreate(input: ReconcileInput, registered: boolean, notes: string[]): Promise<PreparedRegistration | undefined> {
    if (registered) return undefined;
    if (!input.login.applicationConfiguration.createRegistration) {
      notes.push(`The user is not registered for the application [${input.applicationId}] and createRegistration is disabled.`);
      return undefined;
    }
    return deps.prepareRegistration(input.login.tenantId, input.applicationId);
  }

  /** Inside the transaction. */
  async function insertRegistration(scoped: Database, input: ReconcileInput, userId: string, prepared: PreparedRegistration | undefined, notes: string[]): Promise<void> {
    if (prepared === undefined) return;
    await deps.insertRegistration(scoped, input.login.tenantId, userId, prepared);
    notes.push(`Created a registration for the application [${input.applicationId}] with the roles [${(prepared.registration.roles ?? []).join(', ')}].`);
  }

  function newLink(input: ReconcileInput, key: LinkKey, userId: string) {
    const displayName = input.login.email ?? input.login.username;
    return { id: newId(), ...key, userId, ...(displayName !== undefined ? { displayName } : {}), data: {}, insertInstant: input.now, lastLoginInstant: input.now };
  }

  async function withinLinkLimit(input: ReconcileInput, userId: string): Promise<void> {
    const limit = input.login.identityProvider.tenantConfiguration[input.login.tenantId]?.limitUserLinkCount;
    if (limit?.enabled !== true) return;
    const maximum = limit.maximumLinks ?? DEFAULT_MAXIMUM_LINKS;
    if ((await deps.links(deps.database).countForUser(input.login.identityProvider.id, userId)) >= maximum) {
      throw new UserNotReconciled(`The user [${userId}] already has the tenant's maximum of [${maximum}] links to this identity provider.`);
    }
  }

  async function attempt(input: ReconcileInput): Promise<Reconciled> {
    const { login } = input;
    const key: LinkKey = { identityProviderId: login.identityProvider.id, tenantId: login.tenantId, identityProviderUserId: login.identityProviderUserId };
    const notes: string[] = [];

    const link = await deps.links(deps.database).find(key);
    if (link !== undefined) {
      notes.push(`Found the user [${link.userId}] by their link to this identity provider.`);
      const registration = await registrationToCreate(input, await deps.isRegistered(link.userId, input.applicationId), notes);
      await deps.database.transaction(async (tx) => {
        const scoped = scopedTo(deps.database, tx);
        await deps.links(scoped).touch(link.id, input.now);
        await insertRegistration(scoped, input, link.userId, registration, notes);
      });
      return { outcome: 'user', userId: link.userId, notes };
    }
    if (input.noLink) return { outcome: 'notFound', notes: ['No link exists for this user and the request asked for noLink.'] };

    const by = linkBy(login);
    if (by === 'disabled') return { outcome: 'notFound', notes: ['No link exists for this user and the linking strategy is Disabled.'] };
    if (by instanceof UserNotReconciled) throw by;

    const existing = await deps.findUser(login.tenantId, by.value, by.type);
    if (existing !== undefined) {
      await withinLinkLimit(input, existing.id);
      notes.push(`Linked the existing user [${existing.id}] by ${by.type} (linking strategy ${login.identityProvider.linkingStrategy}).`);
      const registration = await registrationToCreate(input, await deps.isRegistered(existing.id, input.applicationId), notes);
      await deps.database.transaction(async (tx) => {
        const scoped = scopedTo(deps.database, tx);
        await deps.links(scoped).insert(newLink(input, key, existing.id));
        await insertRegistration(scoped, input, existing.id, registration, notes);
      });
      return { outcome: 'user', userId: existing.id, notes };
    }
    if (!by.createUser) {
      return { outcome: 'notFound', notes: [`No user has this ${by.type} and the linking strategy ${login.identityProvider.linkingStrategy} does not create users.`] };
    }

    const request: UserRequest = {
      user: {
        ...(login.email !== undefined ? { email: login.email } : {}),
        ...(login.username !== undefined ? { username: login.username } : {}),
      },
      // FusionAuth trusts the identity provider for the identities it asserts (IdentityVerifiedReason.Trusted).
      skipVerification: true,
    };
    const registration = await registrationToCreate(input, false, notes);
    const created = await deps.createUser(login.tenantId, request, {
      withoutPassword: true,
      withinTransaction: async (scoped, user) => {
        const userId = user.id!;
        await deps.links(scoped).insert(newLink(input, key, userId));
        notes.push(`Created the user [${userId}] and linked them (linking strategy ${login.identityProvider.linkingStrategy}).`);
        await insertRegistration(scoped, input, userId, registration, notes);
      },
    });
    return { outcome: 'user', userId: created.user.id!, notes };
  }

  /** The Users or Registrations API refused a write for a reason other than a lost race: the user cannot be reconciled. */
  function refusal(error: unknown): unknown {
    return error instanceof ValidationError && !lostRace(error) ? new UserNotReconciled(`The user could not be created or registered: ${codesOf(error)}.`) : error;
  }

  return {
    /** Reconciles; a write that lost a race to a concurrent login of the same user is retried once. */
    async reconcile(input: ReconcileInput): Promise<Reconciled> {
      try {
        return await attempt(input);
      } catch (error) {
        if (!lostRace(error)) throw refusal(error);
      }
      try {
        return await attempt(input);
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;
