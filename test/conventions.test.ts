import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';

/** Seed 000: authentication, status codes and the Errors object, over raw HTTP. */
describe('API conventions', () => {
  let server: TestServer;
  const json = { authorization: ADMIN_API_KEY, 'content-type': 'application/json' };
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('answers GET /api/status without a key, and with more detail with one', async () => {
    const anonymous = await server.fetch('/api/status');
    assert.equal(anonymous.status, 200);
    assert.deepEqual(await anonymous.json(), { status: 'ok' });
    const status = await server.client.retrieveSystemStatusUsingAPIKey();
    assert.equal(status.statusCode, 200);
    assert.equal(status.response.version, '1.69.0');
  });

  it('answers 401 with an empty body to a missing, unknown or Bearer key', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'not-a-key' }, { authorization: `Bearer ${ADMIN_API_KEY}` }]) {
      const response = await server.fetch('/api/system/version', { headers });
      assert.equal(response.status, 401);
      assert.equal(await response.text(), '');
    }
  });

  it('accepts the key as Basic apikey:<key>', async () => {
    const basic = Buffer.from(`apikey:${ADMIN_API_KEY}`).toString('base64');
    const response = await server.fetch('/api/system/version', { headers: { authorization: `Basic ${basic}` } });
    assert.equal(response.status, 200);
  });

  it('answers 404 with an empty body for an unknown path and 405 for a wrong method', async () => {
    const missing = await server.fetch('/api/no-such-thing', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), '');
    const wrongMethod = await server.fetch('/api/system/version', { method: 'DELETE', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(wrongMethod.status, 405);
    assert.equal(await wrongMethod.text(), '');
    const wrongMethodWithId = await server.fetch('/api/api-key/3f3a1c5e-1b7e-4a5e-9a0b-7c1d2e3f4a5b', { method: 'OPTIONS', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(wrongMethodWithId.status, 405);
  });

  it('answers 404 to an id that is not a UUID', async () => {
    const response = await server.fetch('/api/api-key/not-a-uuid', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 404);
  });

  it('answers malformed JSON with 400 [invalidJSON]', async () => {
    const response = await server.fetch('/api/api-key', { method: 'POST', headers: json, body: '{"apiKey": {' });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = await response.json() as { generalErrors: { code: string }[] };
    assert.equal(body.generalErrors[0]?.code, '[invalidJSON]');
  });

  it('answers a JSON array or a wrongly typed property with 400, naming the property', async () => {
    const array = await server.fetch('/api/api-key', { method: 'POST', headers: json, body: '[1,2]' });
    assert.equal(array.status, 400);
    const typed = await server.fetch('/api/api-key', { method: 'POST', headers: json, body: JSON.stringify({ apiKey: { keyManager: 'yes', expirationInstant: 'soon' } }) });
    assert.equal(typed.status, 400);
    const body = await typed.json() as { fieldErrors: Record<string, { code: string }[]> };
    assert.deepEqual(Object.keys(body.fieldErrors).sort(), ['apiKey.expirationInstant', 'apiKey.keyManager']);
    assert.equal(body.fieldErrors['apiKey.keyManager']?.[0]?.code, '[invalidJSON]apiKey.keyManager');
  });

  it('treats JSON null as an omitted property', async () => {
    const response = await server.fetch('/api/api-key', { method: 'POST', headers: json, body: JSON.stringify({ apiKey: { key: null, name: null, tenantId: null } }) });
    assert.equal(response.status, 200);
    const body = await response.json() as { apiKey: Record<string, unknown> };
    assert.equal(typeof body.apiKey.key, 'string');
    assert.equal('name' in body.apiKey, false);
    assert.equal('tenantId' in body.apiKey, false);
  });

  it('ignores __proto__ keys in request bodies', async () => {
    const response = await server.fetch('/api/api-key', { method: 'POST', headers: json, body: '{"apiKey": {"__proto__": {"keyManager": true}, "name": "proto"}}' });
    assert.equal(response.status, 200);
    const body = await response.json() as { apiKey: { keyManager: boolean; name: string } };
    assert.equal(body.apiKey.keyManager, false);
    assert.equal(body.apiKey.name, 'proto');
  });

  it('answers an oversized body with 400, not 413 or 500', async () => {
    const huge = JSON.stringify({ apiKey: { name: 'x'.repeat(33 * 1024 * 1024) } });
    const response = await server.fetch('/api/api-key', { method: 'POST', headers: json, body: huge });
    assert.equal(response.status, 400);
  });

  it('answers 400 to an X-FusionAuth-TenantId that is not a UUID', async () => {
    const response = await server.fetch('/api/system/version', { headers: { authorization: ADMIN_API_KEY, 'x-fusionauth-tenantid': 'nope' } });
    assert.equal(response.status, 400);
    const body = await response.json() as { fieldErrors: Record<string, unknown> };
    assert.ok(body.fieldErrors.tenantId);
  });

  it('accepts a body-less POST labelled text/plain', async () => {
    const response = await server.fetch('/api/api-key', { method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'text/plain' } });
    assert.equal(response.status, 200);
  });
});
