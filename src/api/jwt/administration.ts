/**
 * The Refresh Token API (docs: apis/jwt/retrieve-refresh-tokens, apis/jwt/revoke-refresh-tokens).
 *
 * Retrieve: by user (at most 1,000, newest first, expired ones left out; `[missing]userId` /
 * `[invalid]userId`) or by id (404 when missing, expired or revoked). Revoke: by value or id (404 when
 * there is no such live token), by user, by application, or by user and application; with nothing to
 * go on, 400 `[invalid]`. A JWT may revoke only its owner's tokens, one at a time (FusionAuth's
 * RefreshAction: another user's token is "missing", a bulk revoke is 401).
 *
 * A request that names a tenant (locked key or header) sees only that tenant's tokens.
 */
import { fieldError, generalError, NotFoundError, UnauthorizedError, ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { lookups, type Lookups, type TokenServiceDeps } from './context.js';
import type { RefreshToken } from './model.js';
import { isRefreshTokenExpired } from './refresh-policy.js';
import { presentRefreshToken, type RefreshTokenValues } from './refresh-tokens.js';
import type { StoredRefreshToken } from './store.js';

/** What a revoke request names (query parameters, JSON or form body, or the `{tokenId}` segment). */
export interface RevokeCriteria {
  readonly token?: string;
  readonly tokenId?: string;
  readonly userId?: string;
  readonly applicationId?: string;
}

export interface RevokeCaller {
  /** The subject of the access token the request was authenticated with; absent for an API key. */
  readonly jwtUserId?: string;
  readonly explicitTenantId?: string;
}

export interface RefreshTokenAdministration {
  listForUser(userId: string | undefined, explicitTenantId?: string): Promise<RefreshToken[]>;
  retrieve(id: string, explicitTenantId?: string): Promise<RefreshToken>;
  revoke(criteria: RevokeCriteria, caller: RevokeCaller): Promise<void>;
}

/** At most this many tokens are listed for a user (docs: "Only 1,000 tokens … will be returned"). */
const LIST_LIMIT = 1000;

const inTenant = (tenantId: string, explicitTenantId: string | undefined): boolean => explicitTenantId === undefined || tenantId === explicitTenantId;

export function createRefreshTokenAdministration(deps: TokenServiceDeps, values: RefreshTokenValues): RefreshTokenAdministration {
  const store = deps.refreshTokens;

  /** The token if it is live and visible in the request's tenant. */
  async function live(look: Lookups, token: StoredRefreshToken | undefined, explicitTenantId: string | undefined): Promise<StoredRefreshToken | undefined> {
    if (token === undefined || !inTenant(token.tenantId, explicitTenantId)) return undefined;
    const scope = await look.scopeOf(token);
    return scope !== undefined && !isRefreshTokenExpired(token, scope.settings, deps.clock.now()) ? token : undefined;
  }

  /** The user id if the user exists in the request's tenant. */
  async function existingUser(userId: string, explicitTenantId: string | undefined): Promise<string | undefined> {
    if (!isUuid(userId)) return undefined;
    const id = normalizeId(userId);
    const tenantId = (await deps.userTenants([id])).get(id);
    return tenantId !== undefined && inTenant(tenantId, explicitTenantId) ? id : undefined;
  }

  /** Checks the named user and application exist; answers their normalized ids. */
  async function checkTargets(look: Lookups, criteria: RevokeCriteria, explicitTenantId: string | undefined) {
    const errors = new ValidationError();
    let applicationId: string | undefined;
    let userId: string | undefined;
    if (criteria.applicationId !== undefined) {
      const application = isUuid(criteria.applicationId) ? await look.application(normalizeId(criteria.applicationId)) : undefined;
      if (application === undefined || !inTenant(application.tenantId, explicitTenantId)) {
        errors.add('applicationId', 'invalid', `The application [${criteria.applicationId}] does not exist.`);
      } else applicationId = application.id;
    }
    if (criteria.userId !== undefined) {
      userId = await existingUser(criteria.userId, explicitTenantId);
      if (userId === undefined) errors.add('userId', 'invalid', `The user [${criteria.userId}] does not exist.`);
    }
    errors.throwIfAny();
    return { applicationId, userId };
  }

  return {
    async listForUser(userId, explicitTenantId) {
      if (userId === undefined) throw fieldError('userId', 'missing', 'You must specify the [userId] parameter.');
      const id = await existingUser(userId, explicitTenantId);
      if (id === undefined) throw fieldError('userId', 'invalid', `The user [${userId}] does not exist.`);
      const look = lookups(deps);
      const tokens: RefreshToken[] = [];
      for (const token of await store.listForUser(id, LIST_LIMIT)) {
        if ((await live(look, token, explicitTenantId)) !== undefined) tokens.push(presentRefreshToken(token));
      }
      return tokens;
    },

    async retrieve(id, explicitTenantId) {
      const token = await live(lookups(deps), await store.findById(id), explicitTenantId);
      if (token === undefined) throw new NotFoundError();
      return presentRefreshToken(token);
    },

    async revoke(criteria, { jwtUserId, explicitTenantId }) {
      const named = jwtUserId !== undefined ? { ...criteria, userId: jwtUserId } : criteria;
      if (named.token === undefined && named.tokenId === undefined && named.userId === undefined && named.applicationId === undefined) {
        throw generalError('[invalid]', 'You must specify a refresh token, a token id, a user id or an application id.');
      }
      const look = lookups(deps);
      const { applicationId, userId } = await checkTargets(look, named, explicitTenantId);
      if (named.token !== undefined || named.tokenId !== undefined) {
        const candidate = named.tokenId !== undefined
          ? await store.findById(named.tokenId)
          : await values.find(named.token!).then((found) => (found?.matched === 'current' ? found.token : undefined));
        const token = await live(look, candidate, explicitTenantId);
        if (token === undefined || (userId !== undefined && token.userId !== userId)) throw new NotFoundError();
        await store.deleteById(token.id);
        return;
      }
      if (jwtUserId !== undefined) throw new UnauthorizedError();
      if (userId !== undefined) await store.deleteByUser(userId, applicationId);
      else if (applicationId !== undefined) await store.deleteByApplication(applicationId);
    },
  };
}
