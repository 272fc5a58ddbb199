/**
 * The Registrations API's rules (FusionAuth docs, "Registrations"). A registration ties a user to one
 * application of the user's tenant. Errors follow what FusionAuth answers: `[missing]registration.applicationId`,
 * `[invalid]userId` when registering a user that does not exist, `[duplicate]registration` when the user
 * is already registered, `[invalid]registration.roles` for a role the application does not define; reads,
 * updates and deletes of an absent user or registration are 404s.
 *
 * `scope` is the tenant the request is confined to (tenant-locked key or X-FusionAuth-TenantId header),
 * when it names one: a user of another tenant is then treated as absent.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import { writeUnique } from '../../db/database.js';
import type { StoredApplication } from '../application/store.js';
import { registrationDefaults, type RegistrationRequest, type StoredRegistration, type UserRegistration } from './model.js';
import {
  checkRegistrationFields, generateAuthenticationToken, hashAuthenticationToken, resolveRoles, targetApplicationId, usableApplication,
} from './rules.js';
import type { RegistrationStore } from './store.js';

/** A registration ready to insert, plus the hash of its authentication token when it has one. */
export interface PreparedRegistration {
  readonly registration: StoredRegistration;
  readonly authenticationTokenHash?: string;
}

export interface RegistrationService {
  /** The normalized application id a request targets (URL over body), or a 400 naming what is wrong. */
  targetApplicationId(bodyApplicationId: string | undefined, urlApplicationId: string | undefined): string;
  /** Registers an existing user (`POST /api/user/registration/{userId}`). */
  register(scope: string | undefined, userId: string, request: RegistrationRequest, urlApplicationId?: string): Promise<StoredRegistration>;
  /** Validates the registration half of a combined create, in the tenant the user will be created in. */
  prepare(tenantId: string, request: RegistrationRequest, urlApplicationId?: string): Promise<PreparedRegistration>;
  /** Inserts a prepared registration through `registrations` (a store on the caller's transaction). */
  insertPrepared(registrations: RegistrationStore, tenantId: string, userId: string, prepared: PreparedRegistration): Promise<void>;
  retrieve(scope: string | undefined, userId: string, applicationId: string): Promise<StoredRegistration>;
  /** PUT semantics: the registration named by the URL or body application id is replaced. */
  update(scope: string | undefined, userId: string, request: RegistrationRequest, urlApplicationId?: string): Promise<StoredRegistration>;
  delete(scope: string | undefined, userId: string, applicationId: string): Promise<void>;
}

interface Deps {
  readonly registrations: RegistrationStore;
  readonly applications: { find(id: string): Promise<StoredApplication | undefined> };
  readonly clock: Clock;
}

/** Fields only the server sets: ignored when a request carries them. */
function clientFields(input: UserRegistration): UserRegistration {
  const {
    id: _id, applicationId: _app, insertInstant: _i, lastUpdateInstant: _u, lastLoginInstant: _l, verified: _v,
    verifiedInstant: _vi, authenticationToken: _t, usernameStatus: _s, cleanSpeakId: _c, ...rest
  } = input;
  return rest.username === undefined ? rest : { ...rest, username: rest.username.trim() };
}

function tokenEnabled(application: StoredApplication): boolean {
  return application.authenticationTokenConfiguration?.enabled === true;
}

/** The token a request sets: generated when asked for and enabled, else the one supplied (trimmed). */
function requestedToken(request: RegistrationRequest, application: StoredApplication): string | undefined {
  if (request.generateAuthenticationToken === true && tokenEnabled(application)) return generateAuthenticationToken();
  const supplied = request.registration?.authenticationToken?.trim();
  return supplied === undefined || supplied === '' ? undefined : supplied;
}

export function createRegistrationService({ registrations, applications, clock }: Deps): RegistrationService {
  /** The tenant of a user visible in `scope`, or undefined. */
  async function visibleUserTenant(scope: string | undefined, userId: string): Promise<string | undefined> {
    if (!isUuid(userId)) return undefined;
    const tenantId = await registrations.userTenantId(normalizeId(userId));
    return tenantId !== undefined && (scope === undefined || scope === tenantId) ? tenantId : undefined;
  }

  async function prepareInto(tenantId: string, request: RegistrationRequest, urlApplicationId: string | undefined, errors: ValidationError): Promise<PreparedRegistration | undefined> {
    const input = request.registration ?? {};
    const applicationId = targetApplicationId(input.applicationId, urlApplicationId, errors);
    const application = applicationId === undefined
      ? undefined
      : usableApplication(await applications.find(applicationId), applicationId, tenantId, errors);
    checkRegistrationFields(input, errors);
    if (input.id !== undefined) {
      if (!isUuid(input.id)) errors.add('registration.id', 'invalid', `The [registration.id] property [${input.id}] is not a valid UUID.`);
      else if (await registrations.idExists(normalizeId(input.id))) {
        errors.add('registration.id', 'duplicate', `A registration with Id [${input.id}] already exists.`);
      }
    }
    if (application === undefined || applicationId === undefined) return undefined;
    const roles = resolveRoles(input.roles, application, true, errors);
    const token = requestedToken(request, application);
    // Registration verification applies only when the application asks for it (verifyRegistration);
    // otherwise, or when skipped, the registration is verified at once.
    const verified = application.verifyRegistration !== true || request.skipRegistrationVerification === true;
    const now = clock.now();
    const registration: StoredRegistration = {
      ...registrationDefaults(),
      ...clientFields(input),
      id: input.id !== undefined && isUuid(input.id) ? normalizeId(input.id) : newId(),
      applicationId,
      roles,
      verified,
      ...(verified ? { verifiedInstant: now } : {}),
      ...(token !== undefined ? { authenticationToken: token } : {}),
      insertInstant: now,
      lastUpdateInstant: now,
    };
    return { registration, ...(token !== undefined ? { authenticationTokenHash: hashAuthenticationToken(token) } : {}) };
  }

  async function insertPrepared(store: RegistrationStore, tenantId: string, userId: string, prepared: PreparedRegistration): Promise<void> {
    // The (user, application) constraint names both columns on either engine; otherwise it is the id.
    await writeUnique(() => store.insert(tenantId, userId, prepared.registration, prepared.authenticationTokenHash), (constraint) => constraint.includes('application')
      ? new ValidationError().add('registration', 'duplicate', `The user with Id [${userId}] is already registered for the application with Id [${prepared.registration.applicationId}].`)
      : new ValidationError().add('registration.id', 'duplicate', `A registration with Id [${prepared.registration.id}] already exists.`));
  }

  async function existing(scope: string | undefined, userId: string, applicationId: string): Promise<StoredRegistration> {
    const found = (await visibleUserTenant(scope, userId)) === undefined ? undefined : await registrations.find(normalizeId(userId), applicationId);
    if (found === undefined) throw new NotFoundError();
    return found;
  }

  return {
    targetApplicationId(bodyApplicationId, urlApplicationId) {
      const errors = new ValidationError();
      const applicationId = targetApplicationId(bodyApplicationId, urlApplicationId, errors);
      errors.throwIfAny();
      return applicationId!;
    },

    async register(scope, userId, request, urlApplicationId) {
      const errors = new ValidationError();
      const tenantId = await visibleUserTenant(scope, userId);
      if (tenantId === undefined) throw errors.add('userId', 'invalid', `The user with Id [${userId}] does not exist.`);
      const id = normalizeId(userId);
      const prepared = await prepareInto(tenantId, request, urlApplicationId, errors);
      if (prepared !== undefined && (await registrations.find(id, prepared.registration.applicationId)) !== undefined) {
        errors.add('registration', 'duplicate', `The user with Id [${id}] is already registered for the application with Id [${prepared.registration.applicationId}].`);
      }
      errors.throwIfAny();
      await insertPrepared(registrations, tenantId, id, prepared!);
      return prepared!.registration;
    },

    async prepare(tenantId, request, urlApplicationId) {
      const errors = new ValidationError();
      const prepared = await prepareInto(tenantId, request, urlApplicationId, errors);
      errors.throwIfAny();
      return prepared!;
    },

    insertPrepared,

    retrieve: existing,

    async update(scope, userId, request, urlApplicationId) {
      if ((await visibleUserTenant(scope, userId)) === undefined) throw new NotFoundError();
      const errors = new ValidationError();
      const input = request.registration ?? {};
      const applicationId = targetApplicationId(input.applicationId, urlApplicationId, errors);
      errors.throwIfAny();
      const id = normalizeId(userId);
      const current = await existing(scope, id, applicationId!);
      const application = await applications.find(applicationId!);
      if (application === undefined) throw new NotFoundError();
      checkRegistrationFields(input, errors);
      const roles = resolveRoles(input.roles, application, false, errors);
      errors.throwIfAny();
      const token = requestedToken(request, application);
      // PUT replaces what the client owns; identity, verification and login state stay the server's.
      const updated: StoredRegistration = {
        ...registrationDefaults(),
        ...clientFields(input),
        id: current.id,
        applicationId: current.applicationId,
        roles,
        verified: current.verified ?? false,
        ...(current.verifiedInstant !== undefined ? { verifiedInstant: current.verifiedInstant } : {}),
        ...(current.usernameStatus !== undefined ? { usernameStatus: current.usernameStatus } : {}),
        ...(current.cleanSpeakId !== undefined ? { cleanSpeakId: current.cleanSpeakId } : {}),
        ...(current.lastLoginInstant !== undefined ? { lastLoginInstant: current.lastLoginInstant } : {}),
        ...(token !== undefined ? { authenticationToken: token } : {}),
        insertInstant: current.insertInstant,
        lastUpdateInstant: clock.now(),
      };
      const hash = token !== undefined ? hashAuthenticationToken(token) : await registrations.authenticationTokenHash(id, current.applicationId);
      await registrations.update(id, updated, hash);
      return updated;
    },

    async delete(scope, userId, applicationId) {
      await existing(scope, userId, applicationId);
      if (!(await registrations.delete(normalizeId(userId), applicationId))) throw new NotFoundError();
    },
  };
}
