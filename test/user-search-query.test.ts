import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { PASSWORD } from './helpers/user-fixtures.js';
import { createSearchPopulation, idsOf, type SearchPopulation } from './helpers/user-search-fixtures.js';

const NO_ID = null as unknown as string;

describe('Search for Users: the Elasticsearch query subset on the database', () => {
  let server: TestServer;
  let p: SearchPopulation;
  let all: string[];
  before(async () => {
    server = await startTestServer();
    p = await createSearchPopulation(server, '7b6a5c4d-3e2f-4a1b-9c8d-6e5f4a3b2c1d');
    all = [p.alice.id!, p.bob.id!, p.carol.id!, p.dave.id!];
  });
  after(() => server.stop());

  const query = async (q: unknown): Promise<string[]> =>
    idsOf((await p.client.searchUsersByQuery({ search: { query: JSON.stringify(q) } })).response);
  const queryString = async (text: string): Promise<string[]> =>
    idsOf((await p.client.searchUsersByQuery({ search: { queryString: text } })).response);
  const refused = async (search: { query?: string; queryString?: string }, path = search.query !== undefined ? 'search.query' : 'search.queryString'): Promise<string> => {
    const errors = await expectStatus(p.client.searchUsersByQuery({ search }), 400);
    assert.deepEqual(fieldCodes(errors), { [path]: [`[invalid]${path}`] });
    return errors.fieldErrors![path]![0]!.message!;
  };
  const ids = (...users: User[]) => users.map((u) => u.id);

  it('match, match_phrase and term compare case-insensitively, exactly (documented forms included)', async () => {
    assert.deepEqual(await query({ match: { email: { query: 'ALICE.smith@acme.test' } } }), ids(p.alice));
    assert.deepEqual(await query({ match: { email: 'alice' } }), [], 'an email is one value, not words');
    assert.deepEqual(await query({ match_phrase: { fullName: 'alice smith' } }), ids(p.alice));
    assert.deepEqual(await query({ term: { username: 'BOBBY' } }), ids(p.bob));
    assert.deepEqual(await query({ term: { username: { value: 'dave-johnson', boost: 2 } } }), ids(p.dave));
    assert.deepEqual(await query({ term: { id: p.carol.id!.toUpperCase() } }), ids(p.carol));
    assert.deepEqual(await query({ term: { tenantId: p.tenantId } }), all);
    assert.deepEqual(await query({ match: { login: 'dave-johnson' } }), ids(p.dave), 'login is the email, username or phone');
    assert.deepEqual(await query({ match: { login: 'bob.jones@acme.test' } }), ids(p.bob));
    assert.deepEqual(await query({ match: { phoneNumber: '+1 303 555 0100' } }), ids(p.dave));
  });

  it('terms and ids match any of their values', async () => {
    assert.deepEqual(await query({ terms: { firstName: ['alice', 'CAROL', 'nobody'] } }), ids(p.alice, p.carol));
    assert.deepEqual(await query({ terms: { lastName: [] } }), []);
    assert.deepEqual(await query({ ids: { values: [p.dave.id, p.bob.id] } }), ids(p.bob, p.dave));
  });

  it('booleans and instants: active, verified, insertInstant, lastLoginInstant', async () => {
    assert.deepEqual(await query({ term: { active: false } }), ids(p.carol));
    assert.deepEqual(await query({ match: { active: 'true' } }), ids(p.alice, p.bob, p.dave));
    assert.deepEqual(await query({ term: { verified: true } }), all);
    assert.deepEqual(await query({ range: { insertInstant: { gt: p.bob.insertInstant } } }), ids(p.carol, p.dave));
    assert.deepEqual(await query({ range: { insertInstant: { gte: p.bob.insertInstant, lte: p.carol.insertInstant } } }), ids(p.bob, p.carol));
    assert.deepEqual(await query({ range: { insertInstant: { lt: new Date(p.bob.insertInstant!).toISOString() } } }), ids(p.alice), 'an ISO-8601 instant');
    assert.deepEqual(await query({ range: { lastLoginInstant: { gte: p.bobLastLogin - 1, lt: p.bobLastLogin + 1 } } }), ids(p.bob));
    assert.deepEqual(await query({ term: { insertInstant: String(p.dave.insertInstant) } }), ids(p.dave));
  });

  it('wildcard and prefix, on columns and in data', async () => {
    assert.deepEqual(await query({ wildcard: { email: '*@ACME.test' } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ wildcard: { username: { value: 'b?bb*' } } }), ids(p.bob));
    assert.deepEqual(await query({ wildcard: { username: 'b?b' } }), [], '? is exactly one character');
    assert.deepEqual(await query({ prefix: { lastName: 'john' } }), ids(p.carol));
    assert.deepEqual(await query({ prefix: { username: { value: 'dave-' } } }), ids(p.dave));
    assert.deepEqual(await query({ prefix: { lastName: 'jo%' } }), [], '% is literal');
    assert.deepEqual(await query({ wildcard: { 'data.company': 'pied*' } }), ids(p.alice, p.carol));
  });

  it('range and exists on birthDate (YYYY-MM-DD)', async () => {
    assert.deepEqual(await query({ range: { birthDate: { gte: '1985-01-01' } } }), ids(p.bob));
    assert.deepEqual(await query({ range: { birthDate: { gt: '1970-01-01', lt: '1990-12-24' } } }), ids(p.alice));
    assert.deepEqual(await query({ exists: { field: 'birthDate' } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ term: { birthDate: '1990-12-24' } }), ids(p.bob));
  });

  it('data.* by the value\'s own type: strings case-insensitively, numbers, booleans, arrays', async () => {
    assert.deepEqual(await query({ match: { 'data.company': { query: 'piedpiper' } } }), ids(p.alice, p.carol), 'the docs: PiedPiper, piedpiper, PIEDPIPER alike');
    assert.deepEqual(await query({ match: { 'data.Company': 'piedpiper' } }), [], 'keys are case-sensitive');
    assert.deepEqual(await query({ match: { 'data.migrated': { query: 'true' } } }), ids(p.alice), 'the docs\' boolean example');
    assert.deepEqual(await query({ term: { 'data.migrated': true } }), ids(p.alice));
    assert.deepEqual(await query({ term: { 'data.level': 7 } }), ids(p.bob));
    assert.deepEqual(await query({ term: { 'data.level': '3' } }), ids(p.alice));
    assert.deepEqual(await query({ range: { 'data.level': { gte: 5 } } }), ids(p.bob));
    assert.deepEqual(await query({ range: { 'data.level': { gt: 1, lte: 7 } } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ range: { 'data.company': { gte: 'p' } } }), ids(p.alice, p.carol), 'strings compare as text');
    assert.deepEqual(await query({ term: { 'data.tags': 'b' } }), ids(p.alice), 'any element of an array');
    assert.deepEqual(await query({ constant_score: { filter: { exists: { field: 'data.level' } } } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ exists: { field: 'data.nothing' } }), []);
  });

  it('bool: must, filter, should (with and without minimum_should_match) and must_not', async () => {
    assert.deepEqual(await query({ bool: { must: [{ prefix: { email: 'b' } }], filter: { term: { active: true } } } }), ids(p.bob));
    assert.deepEqual(await query({ bool: { should: [{ term: { firstName: 'alice' } }, { term: { firstName: 'dave' } }] } }), ids(p.alice, p.dave));
    assert.deepEqual(await query({ bool: { must: { term: { active: true } }, should: [{ term: { firstName: 'alice' } }] } }), ids(p.alice, p.bob, p.dave),
      'beside must, should only scores');
    const threeClauses = [{ term: { firstName: 'alice' } }, { term: { lastName: 'smith' } }, { term: { username: 'bobby' } }];
    assert.deepEqual(await query({ bool: { should: threeClauses, minimum_should_match: 2 } }), ids(p.alice));
    assert.deepEqual(await query({ bool: { should: threeClauses, minimum_should_match: '-2' } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ bool: { should: threeClauses, minimum_should_match: '67%' } }), ids(p.alice));
    assert.deepEqual(await query({ bool: { should: threeClauses, minimum_should_match: 4 } }), []);
    assert.deepEqual(await query({ bool: { must: { term: { active: true } }, should: threeClauses, minimum_should_match: 1 } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ bool: { must_not: [{ exists: { field: 'email' } }] } }), ids(p.dave));
    assert.deepEqual(await query({ bool: { must_not: { term: { email: 'carol@other.test' } } } }), ids(p.alice, p.bob, p.dave), 'a missing email is not carol\'s');
    assert.deepEqual(await query({ bool: { must_not: { term: { 'data.company': 'hooli' } } } }), ids(p.alice, p.carol, p.dave));
    assert.deepEqual(await query({ bool: {} }), all);
    assert.deepEqual(await query({ match_all: {} }), all);
    assert.deepEqual(await query({ query: { match_none: {} } }), [], 'an Elasticsearch body\'s {query: …} wrapper');
    assert.deepEqual(await query({ dis_max: { queries: [{ term: { username: 'alice' } }, { term: { username: 'bobby' } }] } }), ids(p.alice, p.bob));
  });

  it('nested registrations: every inner clause holds for one and the same registration', async () => {
    const withRole = (applicationId: string, role: string) => ({ nested: { path: 'registrations', query: { bool: { must: [
      { match: { 'registrations.applicationId': applicationId } }, { match: { 'registrations.roles': role } },
    ] } } } });
    assert.deepEqual(await query(withRole(p.appA, 'admin')), ids(p.alice));
    assert.deepEqual(await query(withRole(p.appB, 'admin')), ids(p.bob), 'bob is admin in B and user in A: not admin of A');
    assert.deepEqual(await query(withRole(p.appA, 'user')), ids(p.bob));
    // The seed's "Specific Role" example, an array inside the must array.
    assert.deepEqual(await query({ bool: { must: [[withRole(p.appA, 'admin')]] } }), ids(p.alice));
    // The seed's "Unverified Registrations" example: registrations are verified unless the application asks for verification.
    const verified = (value: boolean) => ({ bool: { must: [{ nested: { path: 'registrations', query: { bool: { must: [
      { match: { 'registrations.applicationId': p.appA } }, { match: { 'registrations.verified': value } }] } } } }] } });
    assert.deepEqual(await query(verified(false)), []);
    assert.deepEqual(await query(verified(true)), ids(p.alice, p.bob));
    assert.deepEqual(await query({ nested: { path: 'registrations', query: { range: { 'registrations.insertInstant': { gte: 0 } } } } }), ids(p.alice, p.bob));
    assert.deepEqual(await query({ bool: { must_not: { nested: { path: 'registrations', query: { match_all: {} } } } } }), ids(p.carol, p.dave));
  });

  it('memberships: nested, or a lone memberships.groupId clause', async () => {
    assert.deepEqual(await query({ term: { 'memberships.groupId': p.groupId } }), ids(p.bob, p.carol));
    assert.deepEqual(await query({ nested: { path: 'memberships', query: { term: { 'memberships.groupId': p.groupId } } } }), ids(p.bob, p.carol));
    assert.deepEqual(await query({ bool: { must: { term: { 'memberships.groupId': p.groupId } }, must_not: { term: { active: false } } } }), ids(p.bob));
  });

  it('a field-qualified queryString: field:value, wildcards, _exists_, AND, OR, NOT and parentheses', async () => {
    assert.deepEqual(await queryString('email:*@acme.test'), ids(p.alice, p.bob));
    assert.deepEqual(await queryString(`memberships.groupId:${p.groupId}`), ids(p.bob, p.carol), 'the docs\' group example');
    assert.deepEqual(await queryString(`tenantId:${p.tenantId}`), all, 'the docs\' tenant example');
    assert.deepEqual(await queryString('email:alice.smith@acme.test'), ids(p.alice));
    assert.deepEqual(await queryString('email:alice'), [], 'no implicit wildcards on a field (the docs: email:dinesh finds nothing)');
    assert.deepEqual(await queryString('active:true AND lastName:johnson'), []);
    assert.deepEqual(await queryString('active:false AND lastName:johnson'), ids(p.carol));
    assert.deepEqual(await queryString('firstName:alice OR username:bobby'), ids(p.alice, p.bob));
    assert.deepEqual(await queryString('active:true AND !(_exists_:birthDate)'), ids(p.dave));
    assert.deepEqual(await queryString('NOT _exists_:email'), ids(p.dave));
    assert.deepEqual(await queryString('(firstName:alice || firstName:bob) && data.level:7'), ids(p.bob));
    assert.deepEqual(await queryString('fullName:"Alice Smith"'), ids(p.alice));
    assert.deepEqual(await queryString('data.company:pied*'), ids(p.alice, p.carol));
  });

  it('refuses anything outside the subset with a 400 naming it, never a different answer', async () => {
    assert.match(await refused({ query: JSON.stringify({ fuzzy: { email: 'alice' } }) }), /\[fuzzy\] query is not supported/);
    assert.match(await refused({ query: JSON.stringify({ query_string: { query: 'alice' } }) }), /\[query_string\] query is not supported/);
    assert.match(await refused({ query: JSON.stringify({ match: { email: { query: 'a', fuzziness: 'AUTO' } } }) }), /option \[fuzziness\]/);
    assert.match(await refused({ query: JSON.stringify({ range: { insertInstant: { gte: 'now-1d', format: 'x' } } }) }), /option \[format\]/);
    assert.match(await refused({ query: JSON.stringify({ term: { favouriteColour: 'blue' } }) }), /field \[favouriteColour\] is not searchable/);
    assert.match(await refused({ query: JSON.stringify({ term: { 'registrations.roles': 'admin' } }) }), /wrap the clause in a \[nested\] query/);
    assert.match(await refused({ query: JSON.stringify({ nested: { path: 'registrations', query: { term: { email: 'x' } } } }) }), /must start with \[registrations\.\]/);
    assert.match(await refused({ query: JSON.stringify({ nested: { path: 'identities', query: { match_all: {} } } }) }), /path \[identities\]/);
    assert.match(await refused({ query: JSON.stringify({ wildcard: { active: 'tr*' } }) }), /need a text field/);
    assert.match(await refused({ query: JSON.stringify({ term: { active: 'maybe' } }) }), /true or false/);
    assert.match(await refused({ query: JSON.stringify({ range: { birthDate: { gte: 'last year' } } }) }), /YYYY-MM-DD/);
    assert.match(await refused({ query: JSON.stringify({ range: { insertInstant: { gte: 'now-1d' } } }) }), /is an instant/);
    assert.match(await refused({ query: JSON.stringify({ term: { email: null } }) }), /must be a string, a number or a boolean/);
    assert.match(await refused({ query: JSON.stringify({ term: { email: 'a' }, match: { email: 'b' } }) }), /exactly one query type/);
    assert.match(await refused({ query: JSON.stringify({ bool: { should: [], minimum_should_match: '3<90%' } }) }), /minimum_should_match/);
    assert.match(await refused({ query: '{"match": ' }), /not valid JSON/);
    assert.match(await refused({ queryString: 'email:/.*example.com/' }), /regular expression/);
    assert.match(await refused({ queryString: 'email:a* username:b*' }), /joined with AND or OR/);
    assert.match(await refused({ queryString: 'email:a* AND +username:b' }), /\[\+\] operator/);
    assert.match(await refused({ queryString: 'email:a* AND alice' }), /has no field/);
    assert.match(await refused({ queryString: '(email:a*' }), /parenthesis/);
    let deep: unknown = { match_all: {} };
    for (let i = 0; i < 40; i++) deep = { bool: { must: deep } };
    assert.match(await refused({ query: JSON.stringify(deep) }), /nested more than 32 levels/);
    assert.match(await refused({ queryString: `${'('.repeat(40)}email:a${')'.repeat(40)}` }), /nested more than 32 levels/);
    assert.match(await refused({ query: JSON.stringify({ bool: { must: [[[[{ match_all: {} }]]]] } }) }), /too many arrays/);
  });

  it('takes the query on GET (`?query=`, URL-encoded JSON) with `expand`, paging and sortFields', async () => {
    interface Found { users: { id: string; registrations?: { applicationId: string }[]; memberships?: { groupId: string }[] }[]; total: number; expandable?: string[] }
    const get = async (q: unknown, extra = ''): Promise<Response> =>
      server.fetch(`/api/user/search?query=${encodeURIComponent(JSON.stringify(q))}${extra}`, { headers: { authorization: ADMIN_API_KEY, 'x-fusionauth-tenantid': p.tenantId } });
    const found = async (q: unknown, extra = ''): Promise<Found> => {
      const response = await get(q, extra);
      assert.equal(response.status, 200);
      return response.json() as Promise<Found>;
    };
    // A nested registrations query, its JSON full of characters a URL must escape ({}, ", :, spaces, commas).
    const inAppA = { nested: { path: 'registrations', query: { bool: { must: [{ match: { 'registrations.applicationId': p.appA } }] } } } };
    const both = await found(inAppA);
    assert.deepEqual(both.users.map((u) => u.id), ids(p.alice, p.bob));
    assert.equal(both.total, 2);
    // No expand: both relations, nothing listed as expandable (seed 001, backwards compatibility).
    assert.equal(both.expandable, undefined);
    assert.deepEqual(both.users[1]!.registrations!.map((r) => r.applicationId).sort(), [p.appA, p.appB].sort());
    assert.deepEqual(both.users[1]!.memberships!.map((m) => m.groupId), [p.groupId]);

    const registrationsOnly = await found(inAppA, '&expand=registrations');
    assert.equal(registrationsOnly.users[1]!.registrations!.length, 2);
    assert.equal(registrationsOnly.users[1]!.memberships, undefined);
    assert.deepEqual(registrationsOnly.expandable, ['memberships']);
    const repeated = await found({ term: { 'memberships.groupId': p.groupId } }, '&expand=memberships&expand=registrations');
    assert.deepEqual(repeated.users.map((u) => u.id), ids(p.bob, p.carol));
    assert.equal(repeated.expandable, undefined);
    assert.deepEqual(repeated.users[1]!.memberships!.map((m) => m.groupId), [p.groupId]);
    const neither = await found(inAppA, '&expand=');
    assert.equal(neither.users[0]!.registrations, undefined);
    assert.equal(neither.users[0]!.memberships, undefined);
    assert.deepEqual(neither.expandable, ['memberships', 'registrations']);

    const paged = await found({ match_all: {} }, '&sortFields[0].name=email&sortFields[0].order=desc&sortFields[0].missing=_first&startRow=1&numberOfResults=2&expand=memberships');
    assert.equal(paged.total, 4);
    // Dave has no email and sorts first (`missing=_first`); from row 1: carol, then bob.
    assert.deepEqual(paged.users.map((u) => u.id), ids(p.carol, p.bob));
    assert.deepEqual(paged.expandable, ['registrations']);

    const bad = await get({ fuzzy: { email: 'alice' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldCodes(await bad.json()), { 'search.query': ['[invalid]search.query'] });
  });
});

describe('Bulk Delete Users shares the search\'s query translator', () => {
  let server: TestServer;
  let p: SearchPopulation;
  before(async () => {
    server = await startTestServer();
    p = await createSearchPopulation(server, '2f3e4d5c-6b7a-4980-a1b2-c3d4e5f6a7b8');
  });
  after(() => server.stop());

  it('previews and deletes by a JSON query or a queryString, in the named tenant, refusing unsupported queries', async () => {
    const nestedAdmin = JSON.stringify({ nested: { path: 'registrations', query: { term: { 'registrations.roles': 'admin' } } } });
    const preview = await p.client.deleteUsersByQuery({ query: nestedAdmin, dryRun: true });
    assert.deepEqual(preview.response, { dryRun: true, hardDelete: false, total: 2, userIds: [p.alice.id, p.bob.id] });
    const prefix = await p.client.deleteUsersByQuery({ queryString: 'joh*', dryRun: true });
    assert.deepEqual(prefix.response.userIds, [p.carol.id]);
    const fielded = await p.client.deleteUsersByQuery({ queryString: `memberships.groupId:${p.groupId}`, dryRun: true, limit: 1 });
    assert.deepEqual(fielded.response.userIds, [p.bob.id]);
    const unsupported = await expectStatus(p.client.deleteUsersByQuery({ query: JSON.stringify({ fuzzy: { email: 'x' } }), dryRun: true }), 400);
    assert.deepEqual(fieldCodes(unsupported), { query: ['[invalid]query'] });
    const plainTerm = await p.client.deleteUsersByQuery({ queryString: 'nickname:x', dryRun: true });
    assert.equal(plainTerm.response.total, 0, 'not a searchable field, so a plain term that nobody contains');

    const outsider = (await server.clientWith(ADMIN_API_KEY, await server.defaultTenantId())
      .createUser(NO_ID, { user: { email: 'dave-johnson@elsewhere.test', password: PASSWORD } })).response.user!;
    const deleted = await p.client.deleteUsersByQuery({ query: JSON.stringify({ prefix: { username: 'dave' } }), hardDelete: true });
    assert.deepEqual(deleted.response, { dryRun: false, hardDelete: true, total: 1, userIds: [p.dave.id] });
    await expectStatus(server.client.retrieveUser(p.dave.id!), 404);
    assert.equal((await server.client.retrieveUser(outsider.id!)).statusCode, 200, 'another tenant is untouched');
    const deactivated = await p.client.deleteUsersByQuery({ queryString: 'carol@other.test' });
    assert.deepEqual(deactivated.response.userIds, [p.carol.id]);
    assert.equal((await server.client.retrieveUser(p.carol.id!)).response.user!.active, false);
  });
});
