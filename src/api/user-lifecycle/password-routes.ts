/**
 * HTTP for Start Forgot Password Workflow and Change a User's Password (seed 001), and the GET checks
 * (docs "Validate a password change"). All take an API key or none; what the caller may do depends on
 * which it presented:
 *
 * - a `changePasswordId` (body over URL) needs nothing;
 * - a `loginId` needs an API key (401 without);
 * - otherwise an access token (`Authorization: Bearer`, or the `access_token` cookie) names the user.
 *
 * Forgot Password answers the new id only to an API-key caller, who alone may choose the id or skip
 * the email; without a key the answer is an empty 200.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldError, generalError, UnauthorizedError } from '../../core/errors.js';
import { queryList, queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { requireTenantId, type TenantDirectory, explicitTenantOf } from '../../core/tenant-context.js';
import { REFRESH_TOKEN_COOKIE, requestCookie } from '../jwt/cookies.js';
import { presentedAccessToken } from '../jwt/presented-token.js';
import type { ChangeAuthority, ChangePasswordService } from './change-password.js';
import type { ForgotPasswordService } from './forgot-password.js';
import { ChangePasswordRequestSchema, ForgotPasswordRequestSchema } from './model.js';
import { loginIdTypesOf, nonBlank } from './request-values.js';

const readForgot = bodyReader(ForgotPasswordRequestSchema);
const readChange = bodyReader(ChangePasswordRequestSchema);
const OPTIONAL_KEY = { config: { auth: 'optionalApiKey' as const } };

interface Deps {
  readonly forgotPassword: ForgotPasswordService;
  readonly changePassword: ChangePasswordService;
  readonly tenants: TenantDirectory;
}

const queryOf = (request: FastifyRequest): Query => request.query as Query;
const pathChangePasswordId = (request: FastifyRequest): string | undefined => nonBlank((request.params as { changePasswordId?: string }).changePasswordId);

export function passwordRoutes(app: FastifyInstance, { forgotPassword, changePassword, tenants }: Deps): void {
  /** Who a change (or check) is for; undefined when the request names nobody at all. */
  async function authorityOf(
    request: FastifyRequest, changePasswordId: string | undefined, loginId: string | undefined, loginIdTypes: readonly string[] | undefined, applicationId?: string,
  ): Promise<ChangeAuthority | undefined> {
    if (changePasswordId !== undefined) return { kind: 'changePasswordId', changePasswordId, ...explicitTenantOf(request) };
    if (loginId !== undefined && request.apiKey !== undefined) {
      const tenantId = await requireTenantId(request, tenants);
      return { kind: 'loginId', tenantId, loginId, loginIdTypes: loginIdTypesOf(loginIdTypes), ...(applicationId !== undefined ? { applicationId } : {}) };
    }
    const accessToken = presentedAccessToken(request);
    if (accessToken !== undefined) return { kind: 'jwt', accessToken, ...explicitTenantOf(request) };
    if (loginId !== undefined) throw new UnauthorizedError();
    return undefined;
  }

  app.post('/api/user/forgot-password', OPTIONAL_KEY, async (request, reply) => {
    const body = readForgot(request.body);
    const loginId = nonBlank(body.loginId) ?? nonBlank(body.email) ?? nonBlank(body.username);
    if (loginId === undefined) throw fieldError('loginId', 'blank', 'You must specify the [loginId] property.');
    const tenantId = await requireTenantId(request, tenants);
    const hasKey = request.apiKey !== undefined;
    const chosenId = hasKey ? nonBlank(body.changePasswordId) : undefined;
    const changePasswordId = await forgotPassword.start({
      tenantId,
      loginId,
      loginIdTypes: loginIdTypesOf(body.loginIdTypes),
      // `sendForgotPasswordMessage` (1.59) supersedes the deprecated `sendForgotPasswordEmail`.
      sendEmail: hasKey ? (body.sendForgotPasswordMessage ?? body.sendForgotPasswordEmail ?? true) : true,
      ...(body.applicationId !== undefined ? { applicationId: body.applicationId } : {}),
      ...(chosenId !== undefined ? { changePasswordId: chosenId } : {}),
      ...(body.state !== undefined ? { state: body.state } : {}),
    });
    return hasKey ? reply.code(200).send({ changePasswordId }) : reply.code(200).send();
  });

  const change = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = readChange(request.body);
    const authority = await authorityOf(request, nonBlank(body.changePasswordId) ?? pathChangePasswordId(request), nonBlank(body.loginId), body.loginIdTypes, body.applicationId);
    if (authority === undefined) {
      throw generalError('[invalid]', 'You must specify a [changePasswordId], or a [loginId] with an API key, or a JWT.');
    }
    // Seed 001: the `refresh_token` cookie takes precedence over the body's `refreshToken`.
    const refreshToken = requestCookie(request, REFRESH_TOKEN_COOKIE) ?? nonBlank(body.refreshToken);
    const response = await changePassword.change(authority, {
      ...(body.password !== undefined ? { password: body.password } : {}),
      ...(body.currentPassword !== undefined ? { currentPassword: body.currentPassword } : {}),
      ...(body.trustToken !== undefined ? { trustToken: body.trustToken } : {}),
      ...(body.trustChallenge !== undefined ? { trustChallenge: body.trustChallenge } : {}),
      ...(refreshToken !== undefined ? { refreshToken } : {}),
    });
    return response === undefined ? reply.code(200).send() : reply.code(200).send(response);
  };
  app.post('/api/user/change-password', OPTIONAL_KEY, change);
  app.post('/api/user/change-password/:changePasswordId', OPTIONAL_KEY, change);

  const check = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = queryOf(request);
    const authority = await authorityOf(request, pathChangePasswordId(request), nonBlank(queryString(query, 'loginId')), queryList(query, 'loginIdTypes'));
    if (authority === undefined) throw generalError('[invalidGET]', 'You must specify a [changePasswordId], or a [loginId] with an API key, or a JWT.');
    await changePassword.check(authority);
    return reply.code(200).send();
  };
  app.get('/api/user/change-password', OPTIONAL_KEY, check);
  app.get('/api/user/change-password/:changePasswordId', OPTIONAL_KEY, check);
}
