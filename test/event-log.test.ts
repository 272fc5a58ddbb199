import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventLogType, type EventLog } from '@fusionauth/typescript-client';
import type { EventLog as LocalEventLog } from '../src/api/event-log/model.js';
import { createEventLogService, type EventLogService } from '../src/api/event-log/service.js';
import { createEventLogStore } from '../src/api/event-log/store.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { base64 } from './helpers/saml-idp.js';
import { startSamlHttp, uniqueEmail, type SamlHttp } from './helpers/saml-login-http.js';

/** Event Log API (docs apis/event-logs.mdx): retrieve and search, over entries written as the server writes them. */
describe('Event Log API', () => {
  let server: TestServer;
  let events: EventLogService;
  const written: LocalEventLog[] = [];
  let t0: number;

  before(async () => {
    server = await startTestServer();
    events = createEventLogService({ store: createEventLogStore(server.running.database), clock: server.clock });
    t0 = server.clock.now();
    const entries: [EventLogType, string][] = [
      [EventLogType.Debug, 'SAML v2 login for Richard: Answered 200.'],
      [EventLogType.Error, 'SMTP transport failed for template [Welcome].'],
      [EventLogType.Information, 'Kickstart completed 100% of its requests.'],
      [EventLogType.Debug, 'SAML v2 login for Gilfoyle: The login failed.'],
    ];
    for (const [type, message] of entries) {
      written.push(await events.write({ type, message }));
      server.clock.advance(1_000);
    }
  });
  after(() => server.stop());

  it('retrieves an entry by its Long id', async () => {
    const first = written[0]!;
    assert.ok(Number.isInteger(first.id) && first.id! > 0);
    assert.ok(written.every((e, i) => i === 0 || e.id! > written[i - 1]!.id!));
    const response = await server.client.retrieveEventLog(first.id!);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.response.eventLog, { id: first.id, insertInstant: first.insertInstant, message: first.message, type: 'Debug' });
    assert.ok(first.insertInstant! >= t0 && first.insertInstant! < t0 + 1_000);
  });

  it('404 for an unknown or non-numeric id', async () => {
    await expectStatus(server.client.retrieveEventLog(written.at(-1)!.id! + 1000), 404);
    assert.equal((await server.fetch('/api/system/event-log/abc', { headers: { authorization: (server.client as unknown as { apiKey: string }).apiKey } })).status, 404);
  });

  it('searches newest first by default, with the total', async () => {
    const response = await server.client.searchEventLogs({ search: {} });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.total, 4);
    assert.deepEqual(response.response.eventLogs!.map((e) => e.id), written.map((e) => e.id).reverse());
  });

  it('filters by type, message (contains, case-insensitive, or * wildcards) and instant range', async () => {
    const search = async (criteria: Record<string, unknown>) => (await server.client.searchEventLogs({ search: criteria })).response;
    assert.deepEqual((await search({ type: EventLogType.Debug })).eventLogs!.map((e) => e.id), [written[3]!.id, written[0]!.id]);
    assert.deepEqual((await search({ message: 'smtp TRANSPORT' })).eventLogs!.map((e) => e.id), [written[1]!.id]);
    assert.deepEqual((await search({ message: 'SAML v2*200.' })).eventLogs!.map((e) => e.id), [written[0]!.id]);
    assert.equal((await search({ message: '200.' })).total, 1);
    // `%` and `_` are text, not wildcards.
    assert.deepEqual((await search({ message: '100%' })).eventLogs!.map((e) => e.id), [written[2]!.id]);
    assert.equal((await search({ message: 'SAML_v2' })).total, 0);
    const [start, end] = [written[1]!.insertInstant!, written[2]!.insertInstant!];
    assert.deepEqual((await search({ start, end })).eventLogs!.map((e) => e.id), [written[2]!.id, written[1]!.id]);
    assert.equal((await search({ type: EventLogType.Debug, message: 'gilfoyle', start: t0 })).total, 1);
  });

  it('orders and pages', async () => {
    const page = await server.client.searchEventLogs({ search: { orderBy: 'insertInstant ASC', startRow: 1, numberOfResults: 2 } });
    assert.deepEqual(page.response.eventLogs!.map((e) => e.id), [written[1]!.id, written[2]!.id]);
    assert.equal(page.response.total, 4);
    const byType = await server.client.searchEventLogs({ search: { orderBy: 'type' } });
    assert.deepEqual(byType.response.eventLogs!.map((e) => e.type), ['Debug', 'Debug', 'Error', 'Information']);
  });

  it('searches with query parameters too', async () => {
    const key = (server.client as unknown as { apiKey: string }).apiKey;
    const response = await server.fetch(`/api/system/event-log/search?type=Error&start=${t0}`, { headers: { authorization: key } });
    assert.equal(response.status, 200);
    const body = await response.json() as { eventLogs: EventLog[]; total: number };
    assert.deepEqual(body.eventLogs.map((e) => e.id), [written[1]!.id]);
    assert.equal(body.total, 1);
  });

  it('400 for an unknown type or orderBy', async () => {
    assert.deepEqual(fieldCodes(await expectStatus(server.client.searchEventLogs({ search: { type: 'Loud' as EventLogType, orderBy: 'password DESC' } }), 400)), {
      'search.type': ['[invalid]search.type'], 'search.orderBy': ['[invalid]search.orderBy'],
    });
  });

  it('401 without a key, or with a key locked to a tenant (a global API key is required)', async () => {
    await expectStatus(server.clientWith(null).searchEventLogs({ search: {} }), 401);
    const tenantId = await server.defaultTenantId();
    const locked = await server.client.createAPIKey(null as unknown as string, { apiKey: { key: 'tenant-locked-event-log-key-0123456789', tenantId } });
    assert.equal(locked.statusCode, 200);
    await expectStatus(server.clientWith('tenant-locked-event-log-key-0123456789').retrieveEventLog(written[0]!.id!), 401);
  });
});

/** Seed 003 `debug`: "each time this provider is invoked to reconcile a login an Event Log will be created". */
describe('SAML v2 debug entries in the Event Log', () => {
  let h: SamlHttp;

  before(async () => {
    h = await startSamlHttp();
  });
  after(() => h.server.stop());

  const debugEntries = async (providerId: string) => {
    const response = await h.server.client.searchEventLogs({ search: { type: EventLogType.Debug, message: providerId, orderBy: 'insertInstant ASC' } });
    return response.response.eventLogs ?? [];
  };

  it('writes one entry per login of a debug provider: how the user was reconciled and the answer, never the response or a token', async () => {
    const saml = await h.fixture({ debug: true });
    const email = uniqueEmail('debug');
    const samlResponse = await h.signed(saml, { email, nameId: 'debug-user' });
    const login = await h.anonymous.identityProviderLogin(h.request(saml, samlResponse));
    assert.equal(login.statusCode, 200);
    const userId = login.response.user!.id!;

    const [entry, ...rest] = await debugEntries(saml.provider.id!);
    assert.equal(rest.length, 0);
    assert.equal(entry!.type, 'Debug');
    assert.match(entry!.message!, new RegExp(`identity provider \\[${saml.provider.name}\\] with Id \\[${saml.provider.id}\\]`));
    assert.match(entry!.message!, /\[debug-user\]/);
    assert.match(entry!.message!, new RegExp(`Created the user \\[${userId}\\]`));
    assert.match(entry!.message!, /Created a registration/);
    assert.match(entry!.message!, /Answered 200\./);
    for (const secret of [samlResponse, login.response.token!, login.response.refreshToken ?? 'none'].filter((s) => s !== 'none')) {
      assert.equal(entry!.message!.includes(secret.slice(0, 40)), false);
    }
    assert.equal(entry!.message!.includes('<saml'), false);
    assert.equal((await h.server.client.retrieveEventLog(entry!.id!)).response.eventLog?.message, entry!.message);
  });

  it('writes the reason of a refused response or reconcile, and the 404 of noLink', async () => {
    const saml = await h.fixture({ debug: true });
    const requestId = await saml.start();
    await assert.rejects(h.anonymous.identityProviderLogin(h.request(saml, base64(saml.response(requestId, { attributes: { email: uniqueEmail('x') } })))));
    await expectStatus(h.anonymous.identityProviderLogin(h.request(saml, await h.signed(saml, { attributes: {} }))), 401);
    assert.equal((await h.raw(h.request(saml, await h.signed(saml, { email: uniqueEmail('nolink') }), { noLink: true }))).status, 404);
    const entries = await debugEntries(saml.provider.id!);
    assert.equal(entries.length, 3);
    assert.match(entries[0]!.message!, /The login failed: The SAML response failed verification|The login failed: The SAML response carries no signed assertion/);
    assert.match(entries[1]!.message!, /The login failed: The assertion has no email \(attribute \[email\]\) to link by\./);
    assert.match(entries[2]!.message!, /noLink[\s\S]*Answered 404\./);
  });

  it('writes nothing for a provider without debug', async () => {
    const quiet = await h.fixture();
    assert.equal((await h.login(quiet, { email: uniqueEmail('quiet') })).statusCode, 200);
    assert.deepEqual(await debugEntries(quiet.provider.id!), []);
  });
});
