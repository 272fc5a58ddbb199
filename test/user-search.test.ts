import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Sort, type SearchRequest } from '@fusionauth/typescript-client';
import { createUserStore } from '../src/api/user/store.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { addTenant, ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { PASSWORD } from './helpers/user-fixtures.js';
import { createSearchPopulation, idsOf, type SearchPopulation } from './helpers/user-search-fixtures.js';

const NO_ID = null as unknown as string;

describe('Search for Users (database search engine): queryString, ids, paging, sorting', () => {
  let server: TestServer;
  let p: SearchPopulation;
  before(async () => {
    server = await startTestServer();
    p = await createSearchPopulation(server, '5e7a1c2b-3d4f-4a5b-8c6d-7e8f9a0b1c2d');
  });
  after(() => server.stop());

  const search = async (criteria: SearchRequest['search'], expand?: string[]) =>
    (await p.client.searchUsersByQuery({ search: criteria, ...(expand !== undefined ? { expand } : {}) })).response;
  const ids = async (queryString: string) => idsOf(await search({ queryString }));

  it('matches a term anywhere in email, username, first, last and full name, case-insensitively', async () => {
    assert.deepEqual(await ids('smith'), [p.alice.id]);
    assert.deepEqual(await ids('SMITH'), [p.alice.id]);
    assert.deepEqual(await ids('john'), [p.carol.id, p.dave.id], 'lastName Johnson, username dave-johnson');
    assert.deepEqual(await ids('@acme.test'), [p.alice.id, p.bob.id]);
    assert.deepEqual(await ids('obb'), [p.bob.id], 'username bobby');
    assert.deepEqual(await ids('303 555'), [p.dave.id], 'the phone number');
    assert.deepEqual(await ids('nobody-has-this'), []);
    const deprecatedForm = await p.client.searchUsersByQueryString({ search: { queryString: 'JONES' } });
    assert.deepEqual(idsOf(deprecatedForm.response), [p.bob.id]);
  });

  it('reads `*` as a wildcard over the whole value: `joh*` is a prefix, `*son` a suffix, `*` everyone', async () => {
    assert.deepEqual(await ids('joh*'), [p.carol.id], 'a prefix: dave-johnson does not start with joh');
    assert.deepEqual(await ids('JOH*'), [p.carol.id]);
    assert.deepEqual(await ids('*son'), [p.carol.id, p.dave.id]);
    assert.deepEqual(await ids('a*e'), [p.alice.id], 'alice, Alice');
    assert.deepEqual(await ids('*@acme.test'), [p.alice.id, p.bob.id]);
    assert.deepEqual(await ids('bob*jones*'), [p.bob.id]);
    assert.deepEqual(await ids('*'), [p.alice.id, p.bob.id, p.carol.id, p.dave.id]);
    assert.deepEqual(await ids('**'), [p.alice.id, p.bob.id, p.carol.id, p.dave.id]);
  });

  it('treats SQL wildcard characters in the term literally', async () => {
    assert.deepEqual(await ids('%'), []);
    assert.deepEqual(await ids('_'), []);
    assert.deepEqual(await ids('alice_smith'), [], 'underscore is not a one-character wildcard');
    assert.deepEqual(await ids('alice.smith'), [p.alice.id]);
    assert.deepEqual(await ids('al?ce'), [], '? is not a wildcard for the database engine');
  });

  it('answers {users, total} with full User objects, registrations and memberships included by default', async () => {
    const response = await search({ queryString: 'bobby' });
    assert.equal(response.total, 1);
    assert.equal(response.expandable, undefined);
    const [bob] = response.users!;
    assert.equal(bob!.email, 'bob.jones@acme.test');
    assert.equal(bob!.tenantId, p.tenantId);
    assert.equal(bob!.lastLoginInstant, p.bobLastLogin);
    assert.deepEqual(bob!.data, { company: 'hooli', level: 7 });
    assert.deepEqual(bob!.registrations!.map((r) => [r.applicationId, r.roles]), [[p.appA, ['user']], [p.appB, ['admin']]]);
    assert.deepEqual(bob!.memberships!.map((m) => m.groupId), [p.groupId]);
    assert.equal((bob as Record<string, unknown>).password, undefined);
    assert.equal((bob as Record<string, unknown>).encryptionScheme, undefined);
  });

  it('leaves out what `expand` does not name and lists it as expandable', async () => {
    const registrationsOnly = await search({ queryString: 'bobby' }, ['registrations']);
    assert.equal(registrationsOnly.users![0]!.registrations!.length, 2);
    assert.equal(registrationsOnly.users![0]!.memberships, undefined);
    assert.deepEqual(registrationsOnly.expandable, ['memberships']);
    const neither = await search({ queryString: 'bobby' }, []);
    assert.equal(neither.users![0]!.registrations, undefined);
    assert.equal(neither.users![0]!.memberships, undefined);
    assert.deepEqual(neither.expandable, ['memberships', 'registrations']);
    const viaGet = await server.fetch(`/api/user/search?queryString=bobby&expand=memberships`, { headers: { authorization: ADMIN_API_KEY, 'x-fusionauth-tenantid': p.tenantId } });
    const body = await viaGet.json() as { users: { memberships?: unknown[]; registrations?: unknown[] }[]; expandable: string[] };
    assert.equal(body.users[0]!.memberships!.length, 1);
    assert.equal(body.users[0]!.registrations, undefined);
    assert.deepEqual(body.expandable, ['registrations']);
  });

  it('pages with startRow and numberOfResults (default 25), oldest first, with the full total', async () => {
    const first = await search({ queryString: '*', numberOfResults: 2 });
    assert.deepEqual(idsOf(first), [p.alice.id, p.bob.id]);
    assert.equal(first.total, 4);
    const second = await search({ queryString: '*', numberOfResults: 2, startRow: 2 });
    assert.deepEqual(idsOf(second), [p.carol.id, p.dave.id]);
    assert.equal(second.total, 4);
    const beyond = await search({ queryString: '*', startRow: 10 });
    assert.deepEqual(beyond.users, []);
    assert.equal(beyond.total, 4);
    const countOnly = await search({ queryString: '*', numberOfResults: 0 });
    assert.deepEqual(countOnly.users, []);
    assert.equal(countOnly.total, 4);
    const bad = await expectStatus(p.client.searchUsersByQuery({ search: { queryString: '*', startRow: -1, numberOfResults: -5 } }), 400);
    assert.deepEqual(fieldCodes(bad), { 'search.startRow': ['[invalid]search.startRow'], 'search.numberOfResults': ['[invalid]search.numberOfResults'] });
  });

  it('sorts by each supported field, in either order, with missing values last unless _first', async () => {
    const sorted = async (...sortFields: { name: string; order?: Sort; missing?: string }[]) => idsOf(await search({ queryString: '*', sortFields }));
    const { alice, bob, carol, dave } = p;
    assert.deepEqual(await sorted({ name: 'email' }), [alice.id, bob.id, carol.id, dave.id]);
    assert.deepEqual(await sorted({ name: 'email', order: Sort.desc }), [carol.id, bob.id, alice.id, dave.id]);
    assert.deepEqual(await sorted({ name: 'email', order: Sort.asc, missing: '_first' }), [dave.id, alice.id, bob.id, carol.id]);
    assert.deepEqual(await sorted({ name: 'username', order: Sort.desc }), [dave.id, bob.id, alice.id, carol.id]);
    assert.deepEqual(await sorted({ name: 'login', order: Sort.desc }), [dave.id, carol.id, bob.id, alice.id], 'email, else username');
    assert.deepEqual(await sorted({ name: 'insertInstant', order: Sort.desc }), [dave.id, carol.id, bob.id, alice.id]);
    assert.deepEqual((await sorted({ name: 'birthDate', order: Sort.desc })).slice(0, 2), [bob.id, alice.id]);
    assert.deepEqual((await sorted({ name: 'birthDate', missing: '_first' })).slice(2), [alice.id, bob.id]);
    assert.deepEqual((await sorted({ name: 'fullName' }))[0], alice.id);
    assert.deepEqual((await sorted({ name: 'phoneNumber' }))[0], dave.id);
    assert.deepEqual((await sorted({ name: 'lastLoginInstant', order: Sort.desc }))[0], bob.id);
    const byId = [alice.id!, bob.id!, carol.id!, dave.id!].sort();
    assert.deepEqual(await sorted({ name: 'id' }), byId);
    assert.deepEqual(await sorted({ name: 'tenantId' }, { name: 'id', order: Sort.desc }), [...byId].reverse());
    assert.deepEqual(await sorted({ name: 'birthDate' }, { name: 'email', order: Sort.desc }), [alice.id, bob.id, carol.id, dave.id]);
  });

  it('refuses sort fields the database engine cannot sort by', async () => {
    const unknown = await expectStatus(p.client.searchUsersByQuery({ search: { queryString: '*', sortFields: [{ name: 'registrations.roles' }] } }), 400);
    assert.deepEqual(fieldCodes(unknown), { 'search.sortFields.name': ['[invalid]search.sortFields.name'] });
    assert.match(unknown.fieldErrors!['search.sortFields.name']![0]!.message!, /birthDate, email, fullName, id, insertInstant, lastLoginInstant, login, phoneNumber, tenantId, username/);
    const blank = await expectStatus(p.client.searchUsersByQuery({ search: { queryString: '*', sortFields: [{ order: Sort.asc }] } }), 400);
    assert.deepEqual(fieldCodes(blank), { 'search.sortFields.name': ['[blank]search.sortFields.name'] });
    const order = await expectStatus(p.client.searchUsersByQuery({ search: { queryString: '*', sortFields: [{ name: 'email', order: 'sideways' as Sort, missing: 'zzz' }] } }), 400);
    assert.deepEqual(fieldCodes(order), { 'search.sortFields.order': ['[invalid]search.sortFields.order'], 'search.sortFields.missing': ['[invalid]search.sortFields.missing'] });
  });

  it('retrieves users by ids in the order asked, not paged, ignoring ids that are not UUIDs or not found', async () => {
    const response = await server.client.searchUsersByIds([p.dave.id!, p.alice.id!, 'not-a-uuid', randomUUID(), p.dave.id!.toUpperCase()]);
    assert.deepEqual(idsOf(response.response), [p.dave.id, p.alice.id]);
    assert.equal(response.response.total, 2);
    const viaPost = await search({ ids: [p.bob.id!], queryString: 'nobody', numberOfResults: 0 });
    assert.deepEqual(idsOf(viaPost), [p.bob.id], 'ids win over queryString and are not paged');
    assert.deepEqual(idsOf((await server.client.searchUsers([p.carol.id!])).response), [p.carol.id], 'the deprecated GET form');
  });

  it('limits every form of search to the tenant a request names, and spans tenants otherwise', async () => {
    const defaultTenant = await server.defaultTenantId();
    const outsider = (await server.clientWith(ADMIN_API_KEY, defaultTenant).createUser(NO_ID, { user: { email: 'alice.smith@acme.test', password: PASSWORD } })).response.user!;
    const everywhere = await server.client.searchUsersByQuery({ search: { queryString: 'alice.smith' } });
    assert.deepEqual(idsOf(everywhere.response), [p.alice.id, outsider.id]);
    const scoped = await server.clientWith(ADMIN_API_KEY, defaultTenant).searchUsersByQuery({ search: { queryString: 'alice.smith' } });
    assert.deepEqual(idsOf(scoped.response), [outsider.id]);
    assert.equal(scoped.response.total, 1);
    const byIds = await server.clientWith(ADMIN_API_KEY, defaultTenant).searchUsersByIds([p.alice.id!, outsider.id!]);
    assert.deepEqual(idsOf(byIds.response), [outsider.id]);
    const byQuery = await server.clientWith(ADMIN_API_KEY, defaultTenant).searchUsersByQuery({ search: { query: JSON.stringify({ term: { email: 'alice.smith@acme.test' } }) } });
    assert.deepEqual(idsOf(byQuery.response), [outsider.id]);
    await server.client.deleteUser(outsider.id!);
  });

  it('takes the same criteria on GET: ids, queryString, paging, sortFields[i], accurateTotal', async () => {
    const get = async (query: string) => {
      const response = await server.fetch(`/api/user/search?${query}`, { headers: { authorization: ADMIN_API_KEY, 'x-fusionauth-tenantid': p.tenantId } });
      assert.equal(response.status, 200);
      return response.json() as Promise<{ users: { id: string }[]; total: number }>;
    };
    const sorted = await get('queryString=*&sortFields[0].name=email&sortFields[0].order=desc&sortFields[0].missing=_first&startRow=1&numberOfResults=2');
    assert.deepEqual(sorted.users.map((u) => u.id), [p.carol.id, p.bob.id]);
    assert.equal(sorted.total, 4);
    const byIds = await get(`ids=${p.bob.id}&ids=${p.alice.id}`);
    assert.deepEqual(byIds.users.map((u) => u.id), [p.bob.id, p.alice.id]);
    assert.equal((await get('queryString=joh%2A&accurateTotal=true')).total, 1);
    const bad = await server.fetch('/api/user/search?queryString=*&sortFields[0].name=middleName', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldCodes(await bad.json()), { 'search.sortFields.name': ['[invalid]search.sortFields.name'] });
  });

  it('needs ids, query or queryString, and has no nextResults with the database engine', async () => {
    const nothing = await expectStatus(p.client.searchUsersByQuery({ search: {} }), 400);
    assert.deepEqual(fieldCodes(nothing), { 'search.queryString': ['[blank]search.queryString'] });
    const emptyBody = await expectStatus(p.client.searchUsersByQuery({}), 400);
    assert.deepEqual(fieldCodes(emptyBody), { 'search.queryString': ['[blank]search.queryString'] });
    const next = await expectStatus(p.client.searchUsersByQuery({ search: { nextResults: 'abc' } }), 400);
    assert.deepEqual(fieldCodes(next), { 'search.nextResults': ['[invalid]search.nextResults'] });
    const wrongType = await server.fetch('/api/user/search', { method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body: '{"search":{"queryString":7}}' });
    assert.equal(wrongType.status, 400);
    assert.deepEqual(fieldCodes(await wrongType.json()), { 'search.queryString': ['[invalidJSON]search.queryString'] });
  });

  it('answers the flush and reindex endpoints as the database engine has no index to rebuild', async () => {
    assert.equal((await server.client.refreshUserSearchIndex()).statusCode, 200);
    assert.equal((await server.client.reindex({ index: 'fusionauth_user' })).statusCode, 202);
    assert.equal((await server.client.reindex({ index: 'fusionauth_entity' })).statusCode, 202);
    assert.deepEqual(fieldCodes(await expectStatus(server.client.reindex({ index: 'users' }), 400)), { index: ['[invalid]index'] });
    assert.deepEqual(fieldCodes(await expectStatus(server.client.reindex({}), 400)), { index: ['[blank]index'] });
    await expectStatus(server.client.retrieveReindexStatus(), 404);
    assert.equal((await server.fetch('/api/user/search', { method: 'PUT' })).status, 401);
  });
});

describe('Search for Users: total is capped at 10,000 unless accurateTotal', () => {
  let server: TestServer;
  const tenantId = '0c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f';
  const COUNT = 10_005;
  before(async () => {
    server = await startTestServer();
    await addTenant(server, tenantId);
    // Fast seeding straight through the user store: the Users API is not what is measured here.
    const now = Date.now();
    await server.running.database.transaction(async (tx) => {
      const users = createUserStore(tx);
      for (let i = 0; i < COUNT; i++) {
        await users.insert({ user: { id: randomUUID(), tenantId, active: true, insertInstant: now + i, lastUpdateInstant: now, email: `many${i}@example.com`, lastName: `Many${i % 7}` } });
      }
    });
  });
  after(() => server.stop());

  it('counts up to 10,000 by default and exactly with accurateTotal, for broad and prefix searches', async () => {
    const client = server.clientWith(ADMIN_API_KEY, tenantId);
    for (const queryString of ['*', 'many*', 'example']) {
      const capped = await client.searchUsersByQuery({ search: { queryString, numberOfResults: 3 } });
      assert.equal(capped.response.total, 10_000, queryString);
      assert.equal(capped.response.users!.length, 3);
      assert.equal(capped.response.users![0]!.email, 'many0@example.com', 'oldest first');
      const exact = await client.searchUsersByQuery({ search: { queryString, numberOfResults: 1, startRow: COUNT - 1, accurateTotal: true } });
      assert.equal(exact.response.total, COUNT, queryString);
      assert.equal(exact.response.users![0]!.email, `many${COUNT - 1}@example.com`);
    }
    const few = await client.searchUsersByQuery({ search: { queryString: 'many1000*' } });
    assert.deepEqual(few.response.users!.map((u) => u.email), ['many1000@example.com', 'many10000@example.com', 'many10001@example.com', 'many10002@example.com', 'many10003@example.com', 'many10004@example.com']);
    assert.equal(few.response.total, 6);
  });
});
