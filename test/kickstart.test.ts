import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus } from './helpers/expect.js';

const DEFAULT_TENANT = '5f0b6a1e-0c52-4b8e-9b3a-6f1d2c3b4a50';
const OTHER_TENANT = '7e2c9d40-1b6a-4f3e-8c5d-2a9b8c7d6e51';
const ADMIN_ID = '0d8f3e2a-5b7c-4a1d-9e6f-3c2b1a0d9e52';
const READER_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c53';
const LOCKED_ID = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d54';
const ADMIN_KEY = 'kickstart-admin-key-0123456789abcdef';
const READER_KEY = 'kickstart-reader-key-0123456789abcdef';
const LOCKED_KEY = 'kickstart-locked-key-0123456789abcdef';

/**
 * One Kickstart file using every feature at once, applied by the real start-up path, then checked
 * through the API: variables (`#{UUID()}` resolved once, `#{ENV.X}`), API keys with description,
 * tenant lock and endpoint permissions, per-request `tenantId`, and `&{file}` / `@{file}` includes.
 */
describe('Kickstart', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-kickstart-'));
    mkdirSync(join(dir, 'requests'));
    // Included as a whole request; its variables are substituted like the main file's.
    writeFileSync(join(dir, 'requests', 'application.json'), JSON.stringify({
      method: 'POST', url: '/api/application/#{applicationId}', tenantId: OTHER_TENANT,
      body: { application: { name: 'Kickstarted app', roles: [{ name: 'admin' }] } },
    }));
    writeFileSync(join(dir, 'full-name.txt'), 'Ada from a file');
    writeFileSync(join(dir, 'kickstart.json'), JSON.stringify({
      variables: { defaultTenantId: DEFAULT_TENANT, applicationId: '#{UUID()}', userId: '#{UUID()}', password: '#{ENV.KS_PASSWORD}' },
      apiKeys: [
        { id: ADMIN_ID, key: ADMIN_KEY, keyManager: true },
        { id: READER_ID, key: READER_KEY, description: 'reads users', permissions: { endpoints: { '/api/user': ['GET'] } } },
        { id: LOCKED_ID, key: LOCKED_KEY, description: 'default tenant only', tenantId: '#{defaultTenantId}' },
      ],
      requests: [
        { method: 'POST', url: `/api/tenant/${OTHER_TENANT}`, body: { tenant: { name: 'Other' } } },
        '&{requests/application.json}',
        {
          method: 'POST', url: '/api/user/registration/#{userId}', tenantId: OTHER_TENANT,
          body: {
            user: { email: 'ada@example.com', password: '#{password}', fullName: '@{full-name.txt}' },
            registration: { applicationId: '#{applicationId}', roles: ['admin'] },
          },
        },
      ],
    }));
    // #{ENV.X} reads the process environment, as FusionAuth does.
    process.env.KS_PASSWORD = 'kickstart-password-1';
    server = await startTestServer({ FUSIONAUTH_APP_KICKSTART_FILE: join(dir, 'kickstart.json') });
  });
  after(async () => {
    delete process.env.KS_PASSWORD;
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies variables, per-request tenants, includes and API key attributes', async () => {
    const admin = server.clientWith(ADMIN_KEY);
    // #{UUID()} is drawn once per variable: the application and the registration name the same id.
    const applications = (await admin.retrieveApplications()).response.applications ?? [];
    const application = applications.find((a) => a.name === 'Kickstarted app');
    assert.ok(application !== undefined, JSON.stringify(applications));
    assert.match(application.id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The request's tenantId went out as X-FusionAuth-TenantId: with two tenants, nothing else names one.
    assert.equal(application.tenantId, OTHER_TENANT);

    // With two tenants an email names no user until a tenant is given.
    const user = (await server.clientWith(ADMIN_KEY, OTHER_TENANT).retrieveUserByEmail('ada@example.com')).response.user!;
    assert.equal(user.tenantId, OTHER_TENANT);
    assert.match(user.id!, /^[0-9a-f-]{36}$/);
    assert.notEqual(user.id, application.id);
    assert.equal(user.fullName, 'Ada from a file');
    assert.deepEqual(user.registrations?.map((r) => [r.applicationId, r.roles]), [[application.id, ['admin']]]);
    // #{ENV.KS_PASSWORD} became the password.
    const login = await server.clientWith(ADMIN_KEY, OTHER_TENANT).login({ loginId: 'ada@example.com', password: 'kickstart-password-1', applicationId: application.id! });
    assert.equal(login.statusCode, 200);

    const reader = (await admin.retrieveAPIKey(READER_ID)).response.apiKey!;
    assert.equal(reader.metaData?.attributes?.description, 'reads users');
    assert.deepEqual(reader.permissions?.endpoints, { '/api/user': ['GET'] });
    const readerClient = server.clientWith(READER_KEY);
    assert.equal((await readerClient.retrieveUser(user.id!)).response.user?.email, 'ada@example.com');
    await expectStatus(readerClient.retrieveTenant(OTHER_TENANT), 401);
    await expectStatus(readerClient.deleteUser(user.id!), 401);

    const locked = (await admin.retrieveAPIKey(LOCKED_ID)).response.apiKey!;
    assert.equal(locked.tenantId, DEFAULT_TENANT);
    assert.equal(locked.metaData?.attributes?.description, 'default tenant only');
    // A tenant-locked key sees only its tenant's users, even with two tenants and no header.
    const lockedClient = server.clientWith(LOCKED_KEY);
    await expectStatus(lockedClient.retrieveUser(user.id!), 404);
    const created = await lockedClient.createUser(null as unknown as string, { user: { email: 'grace@example.com', password: 'kickstart-password-2' } });
    assert.equal(created.response.user?.tenantId, DEFAULT_TENANT);
  });
});
