/**
 * HTTP for email and registration verification (seed 001 "Verify a User's Email", "Resend Verification
 * Email"; docs "Verify a User Registration", "Resend a User Registration Verification Email").
 *
 * The verify calls need no authentication (the id is the credential); the id may come in the body or,
 * deprecated, on the URL, and the body wins. `{userId}` instead of an id marks a user verified and
 * needs an API key. The resend calls take an API key or none: only with a key may the caller skip the
 * email (`sendVerifyEmail=false`) and see the new id; without one the answer is an empty 200.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldError, UnauthorizedError } from '../../core/errors.js';
import { queryBoolean, queryString, type Query } from '../../core/query.js';
import { bodyReader } from '../../core/request-body.js';
import { requireTenantId, type TenantDirectory, explicitTenantOf } from '../../core/tenant-context.js';
import type { EmailVerificationService } from './email-verification.js';
import { VerifyEmailRequestSchema, VerifyRegistrationRequestSchema } from './model.js';
import type { RegistrationVerificationService } from './registration-verification.js';
import { nonBlank, verificationResponse } from './request-values.js';

const readVerifyEmail = bodyReader(VerifyEmailRequestSchema);
const readVerifyRegistration = bodyReader(VerifyRegistrationRequestSchema);
const OPTIONAL_KEY = { config: { auth: 'optionalApiKey' as const } };

interface Deps {
  readonly emails: EmailVerificationService;
  readonly registrations: RegistrationVerificationService;
  readonly tenants: TenantDirectory;
}

const queryOf = (request: FastifyRequest): Query => request.query as Query;
const pathVerificationId = (request: FastifyRequest): string | undefined => nonBlank((request.params as { verificationId?: string }).verificationId);
const ok = (reply: FastifyReply) => reply.code(200).send();

function requiredQuery(query: Query, name: string): string {
  const value = nonBlank(queryString(query, name));
  if (value === undefined) throw fieldError(name, 'blank', `You must specify the [${name}] request parameter.`);
  return value;
}

export function verificationRoutes(app: FastifyInstance, { emails, registrations, tenants }: Deps): void {
  const verifyEmail = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = readVerifyEmail(request.body);
    const verificationId = nonBlank(body.verificationId) ?? pathVerificationId(request);
    if (verificationId !== undefined) {
      await emails.verify({ verificationId, ...(body.oneTimeCode !== undefined ? { oneTimeCode: body.oneTimeCode } : {}), ...explicitTenantOf(request) });
      return ok(reply);
    }
    const userId = nonBlank(body.userId);
    if (userId === undefined) throw fieldError('verificationId', 'blank', 'You must specify the [verificationId] property.');
    // Marking a user verified without proof of the address is an administrative act.
    if (request.apiKey === undefined) throw new UnauthorizedError();
    await emails.verifyUser(userId, request.explicitTenantId);
    return ok(reply);
  };
  app.post('/api/user/verify-email', OPTIONAL_KEY, verifyEmail);
  app.post('/api/user/verify-email/:verificationId', OPTIONAL_KEY, verifyEmail);

  app.put('/api/user/verify-email', OPTIONAL_KEY, async (request, reply) => {
    const query = queryOf(request);
    const email = requiredQuery(query, 'email');
    const tenantId = await requireTenantId(request, tenants);
    const hasKey = request.apiKey !== undefined;
    const applicationId = queryString(query, 'applicationId');
    const started = await emails.resend({
      tenantId, email, send: hasKey ? queryBoolean(query, 'sendVerifyEmail', true) : true, ...(applicationId !== undefined ? { applicationId } : {}),
    });
    return hasKey ? reply.code(200).send(verificationResponse(started)) : ok(reply);
  });

  const verifyRegistration = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = readVerifyRegistration(request.body);
    const verificationId = nonBlank(body.verificationId) ?? pathVerificationId(request);
    if (verificationId === undefined) throw fieldError('verificationId', 'blank', 'You must specify the [verificationId] property.');
    await registrations.verify({ verificationId, ...(body.oneTimeCode !== undefined ? { oneTimeCode: body.oneTimeCode } : {}), ...explicitTenantOf(request) });
    return ok(reply);
  };
  app.post('/api/user/verify-registration', OPTIONAL_KEY, verifyRegistration);
  app.post('/api/user/verify-registration/:verificationId', OPTIONAL_KEY, verifyRegistration);

  app.put('/api/user/verify-registration', OPTIONAL_KEY, async (request, reply) => {
    const query = queryOf(request);
    const email = requiredQuery(query, 'email');
    const applicationId = requiredQuery(query, 'applicationId');
    const tenantId = await requireTenantId(request, tenants);
    const hasKey = request.apiKey !== undefined;
    // The docs name the switch `sendVerifyRegistrationEmail`; the client sends `sendVerifyPasswordEmail`.
    const send = !hasKey || (queryBoolean(query, 'sendVerifyRegistrationEmail', true) && queryBoolean(query, 'sendVerifyPasswordEmail', true));
    const started = await registrations.resend({ tenantId, email, applicationId, send });
    return hasKey ? reply.code(200).send(verificationResponse(started)) : ok(reply);
  });
}
