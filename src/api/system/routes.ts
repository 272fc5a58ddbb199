/** System status, health and version (FusionAuth System API). Status answers without a key. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.js';
import { sql } from 'kysely';

/** The FusionAuth version whose API Gatehouse implements; clients may compare against it. */
export const COMPATIBLE_VERSION = '1.69.0';

export function systemRoutes(app: FastifyInstance, database: Database): void {
  const healthy = async (): Promise<boolean> => {
    try {
      await sql`select 1`.execute(database.db);
      return true;
    } catch {
      return false;
    }
  };

  // FusionAuth answers 452 when the database cannot be reached (API-INVENTORY §1.6).
  app.get('/api/status', { config: { auth: 'optionalApiKey' } }, async (request, reply) => {
    if (!(await healthy())) return reply.code(452).send({ status: 'database unavailable' });
    return request.apiKey === undefined ? { status: 'ok' } : { status: 'ok', version: COMPATIBLE_VERSION, database: database.dialect };
  });

  app.get('/api/health', { config: { auth: 'none' } }, async (_request, reply) =>
    (await healthy()) ? reply.code(200).send({ status: 'ok' }) : reply.code(452).send({ status: 'database unavailable' }));

  app.get('/api/system/version', async () => ({ version: COMPATIBLE_VERSION }));
}
