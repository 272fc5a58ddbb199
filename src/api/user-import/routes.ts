/**
 * HTTP for Import Users (seed 001): `POST /api/user/import`. "Only a status code is available on the
 * Import API, no JSON body will be returned": 200 empty on success.
 */
import type { FastifyInstance } from 'fastify';
import { bodyReader } from '../../core/request-body.js';
import { requireTenantId, type TenantDirectory } from '../../core/tenant-context.js';
import { ImportRequestSchema } from './model.js';
import type { UserImportService } from './service.js';

const readRequest = bodyReader(ImportRequestSchema);

export function userImportRoutes(app: FastifyInstance, service: UserImportService, tenants: TenantDirectory): void {
  app.post('/api/user/import', async (request, reply) => {
    const body = readRequest(request.body);
    // A tenant named by the key or the header must exist; without one, each user's `tenantId` (or the
    // only tenant) decides, so the request itself is not refused for naming none.
    const explicitTenantId = request.explicitTenantId !== undefined ? await requireTenantId(request, tenants) : undefined;
    await service.importUsers(body, explicitTenantId);
    return reply.code(200).send();
  });
}
