/**
 * HTTP for `/api/user/registration` (FusionAuth docs, "Registrations"). A POST with a `user` in the body
 * is the combined user-and-registration create; without one it registers the existing user named on the
 * URL. The application id may also be given as a URL segment, which then wins over the body (1.25+).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError } from '../../core/errors.js';
import { normalizeId } from '../../core/ids.js';
import { isObject } from '../../core/json.js';
import { patchRequest } from '../../core/patch.js';
import { bodyReader } from '../../core/request-body.js';
import { optionalPathId, pathId } from '../../core/route-params.js';
import { requireTenantId, type TenantDirectory } from '../../core/tenant-context.js';
import { UserRequestSchema } from '../user/model.js';
import { userRequestOf, type CombinedRegistration } from './combined.js';
import { RegistrationDeleteRequestSchema, RegistrationRequestSchema, type RegistrationRequest, type StoredRegistration } from './model.js';
import type { RegistrationService } from './service.js';

const readRequest = bodyReader(RegistrationRequestSchema);
const readDeleteRequest = bodyReader(RegistrationDeleteRequestSchema);
const readUserRequest = bodyReader(UserRequestSchema);
const BASE = '/api/user/registration';

/** The fields a create adds while the new registration awaits verification (src/api/user-lifecycle). */
export interface RegistrationVerificationFields {
  registrationVerificationId?: string;
  registrationVerificationOneTimeCode?: string;
}

interface Deps {
  readonly registrations: RegistrationService;
  readonly combined: CombinedRegistration;
  readonly tenants: TenantDirectory;
  /** Starts (and emails) the verification of a new unverified registration. */
  readonly verification?: (userId: string, registration: StoredRegistration) => Promise<RegistrationVerificationFields>;
}

/** The application id in a raw (not yet validated) body, for PATCH, which merges before validating. */
function bodyApplicationId(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body.registration)) return undefined;
  const id = body.registration.applicationId;
  return typeof id === 'string' ? id : undefined;
}

export function registrationRoutes(app: FastifyInstance, { registrations, combined, tenants, verification }: Deps): void {
  const verificationOf = async (userId: string, registration: StoredRegistration): Promise<RegistrationVerificationFields> =>
    verification === undefined ? {} : verification(userId, registration);

  const create = async (request: FastifyRequest) => {
    const body: RegistrationRequest = readRequest(request.body);
    const userId = optionalPathId(request.params, 'userId');
    const applicationId = optionalPathId(request.params, 'applicationId');
    if (body.user !== undefined) {
      const userRequest = readUserRequest(userRequestOf(body));
      const tenantId = await requireTenantId(request, tenants);
      const created = await combined.create(tenantId, userId, body, userRequest, applicationId);
      return { ...created, ...(await verificationOf(created.user.id!, created.registration)) };
    }
    if (userId === undefined) throw fieldError('userId', 'missing', 'The Id of the User was not specified on the URL.');
    const registration = await registrations.register(request.explicitTenantId, userId, body, applicationId);
    return { registration, ...(await verificationOf(normalizeId(userId), registration)) };
  };
  app.post(BASE, create);
  app.post(`${BASE}/:userId`, create);
  app.post(`${BASE}/:userId/:applicationId`, create);

  app.get(`${BASE}/:userId/:applicationId`, async (request) => ({
    registration: await registrations.retrieve(request.explicitTenantId, pathId(request.params, 'userId'), pathId(request.params, 'applicationId')),
  }));

  const update = async (request: FastifyRequest) => ({
    registration: await registrations.update(
      request.explicitTenantId, pathId(request.params, 'userId'), readRequest(request.body), optionalPathId(request.params, 'applicationId'),
    ),
  });
  app.put(`${BASE}/:userId`, update);
  app.put(`${BASE}/:userId/:applicationId`, update);

  const patch = async (request: FastifyRequest) => {
    const userId = pathId(request.params, 'userId');
    const urlApplicationId = optionalPathId(request.params, 'applicationId');
    const applicationId = registrations.targetApplicationId(bodyApplicationId(request.body), urlApplicationId);
    const current = await registrations.retrieve(request.explicitTenantId, userId, applicationId);
    const merged = readRequest(patchRequest(request, { registration: current }));
    return { registration: await registrations.update(request.explicitTenantId, userId, merged, applicationId) };
  };
  app.patch(`${BASE}/:userId`, patch);
  app.patch(`${BASE}/:userId/:applicationId`, patch);

  app.delete(`${BASE}/:userId/:applicationId`, async (request, reply) => {
    readDeleteRequest(request.body);
    await registrations.delete(request.explicitTenantId, pathId(request.params, 'userId'), pathId(request.params, 'applicationId'));
    return reply.code(200).send();
  });
}
