/**
 * Import Refresh Tokens (seed 001; `POST /api/user/refresh-token/import`). All of the request's tokens
 * are written in one transaction, or none. Every token needs a `startInstant` in the past. With
 * `validateDbConstraints` each token is also checked for a value (not already in use, not repeated), an
 * existing application and user of the tenant, and a registration of that user to that application —
 * 400 with field errors `refreshTokens[i].<field>` whose codes omit the index
 * (`[duplicate]refreshTokens.token`). Without it those problems surface as the database refusing the
 * write: a 500 with an empty body, as the seed says.
 *
 * As in FusionAuth, imported tokens get new ids; the given values are stored hashed like any other.
 */
import { ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import type { TokenServiceDeps } from './context.js';
import type { ImportedRefreshToken, RefreshTokenImportRequest } from './model.js';
import { hashRefreshToken } from './refresh-token-values.js';
import type { StoredRefreshToken } from './store.js';

/** Raised when an unvalidated import cannot be written: rendered as a bare 500. */
export class RefreshTokenImportFailed extends Error {
  constructor() {
    super('Refresh Token Import request failed. This is likely a database unique key or foreign key violation.');
  }
}

const uuidOrUndefined = (value: string | undefined): string | undefined => (value !== undefined && isUuid(value) ? normalizeId(value) : undefined);

function addIndexed(errors: ValidationError, index: number, field: string, type: string, message: string): void {
  (errors.fieldErrors[`refreshTokens[${index}].${field}`] ??= []).push({ code: `[${type}]refreshTokens.${field}`, message });
}

interface Known {
  readonly userTenants: Map<string, string>;
  readonly registrations: Map<string, readonly string[]>;
  readonly applicationTenants: Map<string, string>;
  readonly existingHashes: Set<string>;
}

async function lookUp(deps: TokenServiceDeps, tokens: readonly ImportedRefreshToken[], withHashes: boolean): Promise<Known> {
  const userIds = [...new Set(tokens.map((t) => uuidOrUndefined(t.userId)).filter((id): id is string => id !== undefined))];
  const applicationIds = [...new Set(tokens.map((t) => uuidOrUndefined(t.applicationId)).filter((id): id is string => id !== undefined))];
  const applicationTenants = new Map<string, string>();
  for (const id of applicationIds) {
    const application = await deps.applications.find(id);
    if (application !== undefined) applicationTenants.set(id, application.tenantId);
  }
  const hashes = tokens.map((t) => t.token).filter((v): v is string => v !== undefined).map(hashRefreshToken);
  return {
    userTenants: await deps.userTenants(userIds),
    registrations: withHashes ? await deps.registeredApplications(userIds) : new Map(),
    applicationTenants,
    existingHashes: withHashes ? await deps.refreshTokens.existingHashes(hashes) : new Set(),
  };
}

function validate(tokens: readonly ImportedRefreshToken[], tenantId: string, known: Known, strict: boolean, now: number): void {
  const errors = new ValidationError();
  const seen = new Set<string>();
  tokens.forEach((token, i) => {
    if (strict) {
      const hash = token.token === undefined || token.token === '' ? undefined : hashRefreshToken(token.token);
      if (hash === undefined) addIndexed(errors, i, 'token', 'missing', 'You must specify the [token] of each refresh token.');
      else if (known.existingHashes.has(hash) || seen.has(hash)) addIndexed(errors, i, 'token', 'duplicate', 'This refresh token value is already in use.');
      if (hash !== undefined) seen.add(hash);
      const applicationId = uuidOrUndefined(token.applicationId);
      const applicationOk = applicationId !== undefined && known.applicationTenants.get(applicationId) === tenantId;
      if (token.applicationId === undefined) addIndexed(errors, i, 'applicationId', 'missing', 'You must specify the [applicationId] of each refresh token.');
      else if (!applicationOk) addIndexed(errors, i, 'applicationId', 'invalid', `The application [${token.applicationId}] does not exist.`);
      const userId = uuidOrUndefined(token.userId);
      if (token.userId === undefined) addIndexed(errors, i, 'userId', 'missing', 'You must specify the [userId] of each refresh token.');
      else if (userId === undefined || known.userTenants.get(userId) !== tenantId) addIndexed(errors, i, 'userId', 'invalid', `The user [${token.userId}] does not exist.`);
      else if (applicationOk && !(known.registrations.get(userId) ?? []).includes(applicationId!)) {
        addIndexed(errors, i, 'userId', 'notRegistered', `The user [${token.userId}] is not registered to the application [${token.applicationId}].`);
      }
    }
    if (token.startInstant === undefined) addIndexed(errors, i, 'startInstant', 'missing', 'You must specify the [startInstant] of each refresh token.');
    else if (token.startInstant >= now) addIndexed(errors, i, 'startInstant', 'invalid', 'The [startInstant] must be in the past.');
  });
  errors.throwIfAny();
}

export async function importRefreshTokens(deps: TokenServiceDeps, tenantId: string, request: RefreshTokenImportRequest): Promise<void> {
  const tokens = request.refreshTokens ?? [];
  if (tokens.length === 0) {
    throw new ValidationError().add('refreshTokens', 'missing', 'You must specify at least one refresh token in [refreshTokens].');
  }
  const strict = request.validateDbConstraints === true;
  const now = deps.clock.now();
  const known = await lookUp(deps, tokens, strict);
  validate(tokens, tenantId, known, strict, now);
  const rows = tokens.map((token): StoredRefreshToken => {
    const userId = uuidOrUndefined(token.userId);
    const userTenant = userId === undefined ? undefined : known.userTenants.get(userId);
    if (token.token === undefined || userId === undefined || userTenant === undefined) throw new RefreshTokenImportFailed();
    const applicationId = uuidOrUndefined(token.applicationId);
    return {
      id: newId(),
      tenantId: userTenant,
      userId,
      ...(applicationId !== undefined ? { applicationId } : {}),
      tokenHash: hashRefreshToken(token.token),
      startInstant: token.startInstant!,
      insertInstant: token.insertInstant ?? now,
      metaData: token.metaData ?? {},
      data: token.data ?? {},
    };
  });
  try {
    await deps.refreshTokens.insertMany(rows);
  } catch {
    // Duplicates, unknown applications (foreign keys): FusionAuth answers 500 without detail.
    throw new RefreshTokenImportFailed();
  }
}
