import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';

const FUSIONAUTH_CONNECTOR_ID = 'e3306678-a53a-4964-9040-1c96f36dda72';
const STOCK_THEME_ID = '75a068fd-e94b-451a-9aeb-3ddb9a3b5987';
const noId = null as unknown as string;

/** Tenants API: create, retrieve, update, PATCH, copy and search (FusionAuth docs, "Tenants"). */
describe('Tenants API', () => {
  let server: TestServer;
  let defaultTenantId: string;
  const json = { authorization: ADMIN_API_KEY, 'content-type': 'application/json' };

  before(async () => {
    server = await startTestServer();
    defaultTenantId = await server.defaultTenantId();
  });
  after(() => server.stop());

  const create = async (tenant: Tenant, id: string = noId) => (await server.client.createTenant(id, { tenant })).response.tenant!;

  it('has a Default tenant on first start with FusionAuth defaults, signing with the HS256 Default signing key', async () => {
    const { response } = await server.client.retrieveTenant(defaultTenantId);
    const tenant = response.tenant!;
    assert.equal(tenant.name, 'Default');
    assert.equal(tenant.issuer, 'acme.com');
    assert.equal(tenant.themeId, STOCK_THEME_ID);
    assert.equal(tenant.state, 'Active');
    assert.equal(tenant.configured, true);
    assert.equal(tenant.httpSessionMaxInactiveInterval, 3600);
    assert.equal(tenant.jwtConfiguration?.timeToLiveInSeconds, 3600);
    assert.equal(tenant.jwtConfiguration?.refreshTokenTimeToLiveInMinutes, 43200);
    assert.equal(tenant.jwtConfiguration?.refreshTokenUsagePolicy, 'Reusable');
    assert.equal(tenant.jwtConfiguration?.refreshTokenExpirationPolicy, 'Fixed');
    assert.equal('enabled' in (tenant.jwtConfiguration ?? {}), false);
    assert.deepEqual(tenant.passwordEncryptionConfiguration, {
      encryptionScheme: 'salted-pbkdf2-hmac-sha256', encryptionSchemeFactor: 24000, modifyEncryptionSchemeOnLogin: false,
    });
    assert.equal(tenant.passwordValidationRules?.minLength, 8);
    assert.equal(tenant.passwordValidationRules?.maxLength, 256);
    assert.deepEqual(tenant.passwordValidationRules?.rememberPreviousPasswords, { enabled: false, count: 1 });
    assert.equal(tenant.failedAuthenticationConfiguration?.tooManyAttempts, 5);
    assert.equal(tenant.failedAuthenticationConfiguration?.resetCountInSeconds, 60);
    assert.equal(tenant.failedAuthenticationConfiguration?.actionDuration, 3);
    assert.equal(tenant.failedAuthenticationConfiguration?.actionDurationUnit, 'MINUTES');
    assert.equal(tenant.emailConfiguration?.verifyEmail, false);
    assert.equal(tenant.emailConfiguration?.host, 'localhost');
    assert.equal(tenant.emailConfiguration?.port, 25);
    assert.equal(tenant.externalIdentifierConfiguration?.authorizationGrantIdTimeToLiveInSeconds, 30);
    assert.deepEqual(tenant.externalIdentifierConfiguration?.changePasswordIdGenerator, { length: 32, type: 'randomBytes' });
    assert.equal(tenant.maximumPasswordAge?.enabled, false);
    assert.equal(tenant.minimumPasswordAge?.seconds, 30);
    assert.deepEqual(tenant.connectorPolicies, [{ connectorId: FUSIONAUTH_CONNECTOR_ID, domains: ['*'], migrate: false }]);
    assert.equal(tenant.multiFactorConfiguration?.authenticator?.enabled, true);
    assert.equal(tenant.multiFactorConfiguration?.loginPolicy, 'Enabled');
    assert.ok(tenant.insertInstant! > 0);

    const key = await server.running.database.db.selectFrom('keys').select(['name', 'algorithm'])
      .where('id', '=', tenant.jwtConfiguration!.accessTokenKeyId!).executeTakeFirstOrThrow();
    assert.deepEqual(key, { name: 'Default signing key', algorithm: 'HS256' });
    assert.equal(tenant.jwtConfiguration?.idTokenKeyId, tenant.jwtConfiguration?.accessTokenKeyId);
  });

  it('creates a tenant with a generated id, filled with defaults and the Default tenant’s keys and issuer', async () => {
    const defaults = (await server.client.retrieveTenant(defaultTenantId)).response.tenant!;
    const created = await server.client.createTenant(noId, {
      tenant: { name: '  Pied Piper  ', data: { plan: 'gold' }, jwtConfiguration: { enabled: true, timeToLiveInSeconds: 600 } },
    });
    assert.equal(created.statusCode, 200);
    const tenant = created.response.tenant!;
    assert.match(tenant.id!, /^[0-9a-f-]{36}$/);
    assert.equal(tenant.name, 'Pied Piper');
    assert.deepEqual(tenant.data, { plan: 'gold' });
    assert.equal(tenant.issuer, 'acme.com');
    assert.equal(tenant.state, 'Active');
    assert.equal(tenant.configured, true);
    assert.equal(tenant.jwtConfiguration?.timeToLiveInSeconds, 600);
    assert.equal(tenant.jwtConfiguration?.refreshTokenTimeToLiveInMinutes, 43200);
    assert.equal(tenant.jwtConfiguration?.accessTokenKeyId, defaults.jwtConfiguration?.accessTokenKeyId);
    assert.equal(tenant.jwtConfiguration?.idTokenKeyId, defaults.jwtConfiguration?.idTokenKeyId);
    assert.equal('enabled' in tenant.jwtConfiguration!, false);
    assert.equal(tenant.passwordValidationRules?.minLength, 8);
    assert.equal(tenant.emailConfiguration?.defaultFromEmail, 'change-me@example.com');
    assert.ok(tenant.insertInstant! > defaults.insertInstant!);
    assert.equal(tenant.lastUpdateInstant, tenant.insertInstant);
    assert.deepEqual((await server.client.retrieveTenant(tenant.id!)).response.tenant, tenant);
  });

  it('creates a tenant with a given id and refuses the same id or a malformed one', async () => {
    const id = '5f2c7b1e-0d4a-4e2b-9a8c-1b2c3d4e5f60';
    const tenant = await create({ name: 'Hooli' }, id.toUpperCase());
    assert.equal(tenant.id, id);
    const duplicate = await expectStatus(server.client.createTenant(id, { tenant: { name: 'Hooli XYZ' } }), 400);
    assert.deepEqual(fieldCodes(duplicate), { tenantId: ['[duplicate]tenantId'] });
    const malformed = await server.fetch('/api/tenant/not-a-uuid', { method: 'POST', headers: json, body: JSON.stringify({ tenant: { name: 'Bad id' } }) });
    assert.equal(malformed.status, 400);
    assert.deepEqual(fieldCodes(await malformed.json()), { tenantId: ['[invalid]tenantId'] });
  });

  it('requires the tenant object and a name, unique without regard to case', async () => {
    const missing = await server.fetch('/api/tenant', { method: 'POST', headers: json, body: JSON.stringify({}) });
    assert.equal(missing.status, 400);
    assert.deepEqual(fieldCodes(await missing.json()), { tenant: ['[missing]tenant'] });
    const blank = await expectStatus(server.client.createTenant(noId, { tenant: { name: '   ' } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'tenant.name': ['[blank]tenant.name'] });
    await create({ name: 'Raviga' });
    const duplicate = await expectStatus(server.client.createTenant(noId, { tenant: { name: ' RAVIGA ' } }), 400);
    assert.deepEqual(fieldCodes(duplicate), { 'tenant.name': ['[duplicate]tenant.name'] });
    assert.equal(duplicate.fieldErrors?.['tenant.name']?.[0]?.message, 'A tenant with name [RAVIGA] already exists.');
    const other = await create({ name: 'Raviga Capital' });
    const renamed = await expectStatus(server.client.updateTenant(other.id!, { tenant: { name: 'raviga' } }), 400);
    assert.deepEqual(fieldCodes(renamed), { 'tenant.name': ['[duplicate]tenant.name'] });
    const same = await server.client.updateTenant(other.id!, { tenant: { name: 'RAVIGA CAPITAL' } });
    assert.equal(same.response.tenant?.name, 'RAVIGA CAPITAL');
  });

  it('retrieves all tenants ordered by name and answers 404 for an unknown or malformed id', async () => {
    const { response } = await server.client.retrieveTenants();
    const names = response.tenants!.map((t) => t.name!);
    assert.ok(names.includes('Default') && names.includes('Pied Piper'));
    assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    await expectStatus(server.client.retrieveTenant('00000000-0000-4000-8000-000000000000'), 404);
    const malformed = await server.fetch('/api/tenant/nope', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(malformed.status, 404);
  });

  it('PUT replaces the tenant: what is left out returns to its default; identity, state and insertInstant stay', async () => {
    const tenant = await create({ name: 'Replace me', data: { a: 1 }, issuer: 'https://replace.example', jwtConfiguration: { timeToLiveInSeconds: 60 } });
    server.clock.advance(5_000);
    const { response } = await server.client.updateTenant(tenant.id!, {
      tenant: { name: 'Replaced', id: '11111111-1111-4111-8111-111111111111', state: 'Inactive' as never, insertInstant: 1, emailConfiguration: { host: 'smtp.example.com' } },
    });
    const updated = response.tenant!;
    assert.equal(updated.id, tenant.id);
    assert.equal(updated.name, 'Replaced');
    assert.equal(updated.state, 'Active');
    assert.equal(updated.insertInstant, tenant.insertInstant);
    assert.ok(updated.lastUpdateInstant! >= tenant.lastUpdateInstant! + 5_000);
    assert.deepEqual(updated.data, {});
    assert.equal(updated.issuer, 'acme.com');
    assert.equal(updated.jwtConfiguration?.timeToLiveInSeconds, 3600);
    assert.equal(updated.emailConfiguration?.host, 'smtp.example.com');
    assert.equal(updated.emailConfiguration?.port, 25);
    await expectStatus(server.client.updateTenant('00000000-0000-4000-8000-000000000001', { tenant: { name: 'Ghost' } }), 404);
    const missing = await server.fetch(`/api/tenant/${tenant.id}`, { method: 'PUT', headers: json, body: '{}' });
    assert.deepEqual(fieldCodes(await missing.json()), { tenant: ['[missing]tenant'] });
  });

  it('PATCH merges nested objects, removes what is set to null and validates the result like PUT', async () => {
    const tenant = await create({
      name: 'Patchable', data: { keep: 'yes', drop: 'no' },
      passwordValidationRules: { minLength: 10, requireNumber: true }, emailConfiguration: { host: 'mail.example.com', port: 587 },
    });
    const { response } = await server.client.patchTenant(tenant.id!, {
      tenant: { passwordValidationRules: { maxLength: 64 }, data: { drop: null, added: 2 } as unknown as Record<string, unknown> },
    });
    const patched = response.tenant!;
    assert.equal(patched.name, 'Patchable');
    assert.equal(patched.passwordValidationRules?.minLength, 10);
    assert.equal(patched.passwordValidationRules?.requireNumber, true);
    assert.equal(patched.passwordValidationRules?.maxLength, 64);
    assert.deepEqual(patched.data, { keep: 'yes', added: 2 });
    assert.equal(patched.emailConfiguration?.host, 'mail.example.com');
    assert.equal(patched.emailConfiguration?.port, 587);
    assert.equal(patched.insertInstant, tenant.insertInstant);

    const merge = await server.fetch(`/api/tenant/${tenant.id}`, {
      method: 'PATCH', headers: { ...json, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ tenant: { emailConfiguration: { port: null } } }),
    });
    assert.equal(merge.status, 200);
    assert.equal(((await merge.json()) as { tenant: Tenant }).tenant.emailConfiguration?.port, 25);

    const jsonPatch = await server.fetch(`/api/tenant/${tenant.id}`, {
      method: 'PATCH', headers: { ...json, 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([
        { op: 'replace', path: '/tenant/issuer', value: 'https://patched.example' },
        { op: 'remove', path: '/tenant/data/keep' },
      ]),
    });
    assert.equal(jsonPatch.status, 200);
    const afterJsonPatch = ((await jsonPatch.json()) as { tenant: Tenant }).tenant;
    assert.equal(afterJsonPatch.issuer, 'https://patched.example');
    assert.deepEqual(afterJsonPatch.data, { added: 2 });

    // application/json appends to arrays (FusionAuth's documented PATCH limitation); merge-patch replaces them.
    await server.client.patchTenant(tenant.id!, { tenant: { registrationConfiguration: { blockedDomains: ['spam.example'] } } });
    const appended = await server.client.patchTenant(tenant.id!, { tenant: { registrationConfiguration: { blockedDomains: ['junk.example'] } } });
    assert.deepEqual(appended.response.tenant?.registrationConfiguration?.blockedDomains, ['spam.example', 'junk.example']);
    const replaced = await server.fetch(`/api/tenant/${tenant.id}`, {
      method: 'PATCH', headers: { ...json, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ tenant: { registrationConfiguration: { blockedDomains: ['only.example'] } } }),
    });
    assert.deepEqual(((await replaced.json()) as { tenant: Tenant }).tenant.registrationConfiguration?.blockedDomains, ['only.example']);

    const invalid = await expectStatus(server.client.patchTenant(tenant.id!, { tenant: { passwordValidationRules: { minLength: 100 } } }), 400);
    assert.deepEqual(fieldCodes(invalid), { 'tenant.passwordValidationRules.minLength': ['[tooLarge]tenant.passwordValidationRules.minLength'] });
    await expectStatus(server.client.patchTenant('00000000-0000-4000-8000-000000000002', { tenant: { name: 'x' } }), 404);
  });

  it('copies a tenant with sourceTenantId, leaving the SMTP password behind', async () => {
    const source = await create({
      name: 'Copy source', issuer: 'https://source.example', data: { copied: true },
      emailConfiguration: { host: 'smtp.source.example', username: 'mailer', password: 'smtp-secret' },
      passwordValidationRules: { minLength: 12 },
    });
    assert.equal(source.emailConfiguration?.password, 'smtp-secret');
    const { response } = await server.client.createTenant(noId, { sourceTenantId: source.id!, tenant: { name: 'Copy target', issuer: 'ignored' } });
    const copy = response.tenant!;
    assert.notEqual(copy.id, source.id);
    assert.equal(copy.name, 'Copy target');
    assert.equal(copy.issuer, 'https://source.example');
    assert.deepEqual(copy.data, { copied: true });
    assert.equal(copy.passwordValidationRules?.minLength, 12);
    assert.equal(copy.emailConfiguration?.username, 'mailer');
    assert.equal(copy.emailConfiguration?.password, undefined);
    assert.ok(copy.insertInstant! >= source.insertInstant!);

    const unknown = await expectStatus(server.client.createTenant(noId, { sourceTenantId: '00000000-0000-4000-8000-000000000003', tenant: { name: 'No source' } }), 400);
    assert.deepEqual(fieldCodes(unknown), { sourceTenantId: ['[invalid]sourceTenantId'] });
    const onUpdate = await expectStatus(server.client.updateTenant(copy.id!, { sourceTenantId: source.id!, tenant: { name: 'Copy target' } }), 400);
    assert.deepEqual(fieldCodes(onUpdate), { sourceTenantId: ['[notAllowed]sourceTenantId'] });
  });

  it('searches by name (contains, * wildcard) with paging and ordering, without SMTP passwords', async () => {
    for (const name of ['Search Alpha', 'Search Beta', 'Search Gamma']) {
      await create({ name, emailConfiguration: { password: 'hidden' } });
      server.clock.advance(10);
    }
    const all = await server.client.searchTenants({ search: { name: 'search' } });
    assert.equal(all.response.total, 3);
    assert.deepEqual(all.response.tenants!.map((t) => t.name), ['Search Alpha', 'Search Beta', 'Search Gamma']);
    assert.equal(all.response.tenants![0]!.emailConfiguration?.password, undefined);
    assert.equal(all.response.tenants![0]!.emailConfiguration?.host, 'localhost');

    const page = await server.client.searchTenants({ search: { name: 'SEARCH*a', orderBy: 'insertInstant DESC', startRow: 1, numberOfResults: 1 } });
    assert.equal(page.response.total, 3);
    assert.deepEqual(page.response.tenants!.map((t) => t.name), ['Search Beta']);

    const viaGet = await server.fetch('/api/tenant/search?name=gam&orderBy=name%20DESC', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(viaGet.status, 200);
    const body = await viaGet.json() as { tenants: Tenant[]; total: number };
    assert.deepEqual(body.tenants.map((t) => t.name), ['Search Gamma']);
    assert.equal(body.total, 1);

    const badOrder = await expectStatus(server.client.searchTenants({ search: { orderBy: 'issuer ASC' } }), 400);
    assert.deepEqual(fieldCodes(badOrder), { 'search.orderBy': ['[invalid]search.orderBy'] });
  });

  it('returns every tenant when the search names none', async () => {
    const { response } = await server.client.searchTenants({ search: { numberOfResults: 500 } });
    const everything = (await server.client.retrieveTenants()).response.tenants!;
    assert.equal(response.total, everything.length);
    assert.equal(response.tenants!.length, everything.length);
  });
});
