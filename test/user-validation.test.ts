import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { configureTenant, PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

const NO_ID = null as unknown as string;
const LOGIN_ID_REQUIRED = 'You must specify either the [user.email] or [user.username] property. If you are emailing the user you must specify the [user.email].';

describe('Users API: validation', () => {
  let server: TestServer;
  let tenantId: string;
  before(async () => {
    server = await startTestServer();
    tenantId = await server.defaultTenantId();
  });
  after(() => server.stop());

  const rejected = async (user: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    fieldCodes(await expectStatus(server.client.createUser(NO_ID, { ...extra, user }), 400));

  it('requires an email or a username, and a password, with FusionAuth codes and messages', async () => {
    const errors = await expectStatus(server.client.createUser(NO_ID, { user: {} }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'user.email': ['[blank]user.email'],
      'user.username': ['[blank]user.username'],
      'user.password': ['[blank]user.password'],
    });
    assert.equal(errors.fieldErrors!['user.email']![0]!.message, LOGIN_ID_REQUIRED);
    assert.equal(errors.fieldErrors!['user.password']![0]!.message, 'You must specify the [user.password] property.');
    assert.deepEqual(await rejected({ email: '   ', password: '   ' }), {
      'user.email': ['[blank]user.email'], 'user.username': ['[blank]user.username'], 'user.password': ['[blank]user.password'],
    });
    const noBody = await server.fetch('/api/user', { method: 'POST', headers: { authorization: ADMIN_API_KEY } });
    assert.equal(noBody.status, 400);
  });

  it('refuses a malformed email with [notEmail]', async () => {
    for (const email of ['not-an-email', 'a@b', 'a@under_score.com', 'two@@example.com']) {
      assert.deepEqual(await rejected({ email, password: PASSWORD }), { 'user.email': ['[notEmail]user.email'] }, email);
    }
  });

  it('keeps email and username unique per tenant, case-insensitively', async () => {
    const email = uniqueEmail();
    const username = uniqueName('Bob');
    await server.client.createUser(NO_ID, { user: { email, username, password: PASSWORD } });
    const errors = await expectStatus(server.client.createUser(NO_ID, { user: { email: email.toUpperCase(), username: username.toLowerCase(), password: PASSWORD } }), 400);
    assert.deepEqual(fieldCodes(errors), { 'user.email': ['[duplicate]user.email'], 'user.username': ['[duplicate]user.username'] });
    assert.equal(errors.fieldErrors!['user.email']![0]!.message, `A User with email = [${email}] already exists.`);
  });

  it('allows at most 20 preferred languages', async () => {
    const languages = Array.from({ length: 21 }, (_, i) => `l${i}`);
    assert.deepEqual(await rejected({ email: uniqueEmail(), password: PASSWORD, preferredLanguages: languages }),
      { 'user.preferredLanguages': ['[tooMany]user.preferredLanguages'] });
    const ok = await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, preferredLanguages: languages.slice(0, 20) } });
    assert.equal(ok.response.user?.preferredLanguages?.length, 20);
  });

  it('accepts IANA time zones only', async () => {
    for (const timezone of ['Mars/Olympus', 'america/denver', 'Not a zone']) {
      assert.deepEqual(await rejected({ email: uniqueEmail(), password: PASSWORD, timezone }), { 'user.timezone': ['[invalid]user.timezone'] }, timezone);
    }
    for (const timezone of ['America/Denver', 'US/Mountain', 'UTC', 'Europe/Paris']) {
      const created = await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, timezone } });
      assert.equal(created.response.user?.timezone, timezone);
    }
  });

  it('accepts birth dates written YYYY-MM-DD only', async () => {
    for (const birthDate of ['1976/05/30', '30-05-1976', '1976-02-30', '1976-5-3']) {
      assert.deepEqual(await rejected({ email: uniqueEmail(), password: PASSWORD, birthDate }), { 'user.birthDate': ['[couldNotConvert]user.birthDate'] }, birthDate);
    }
  });

  it('refuses emails of the tenant blocked domains unless disableDomainBlock', async () => {
    await configureTenant(server, tenantId, { registrationConfiguration: { blockedDomains: ['Blocked.example'] } });
    try {
      assert.deepEqual(await rejected({ email: 'someone@blocked.example', password: PASSWORD }), { 'user.email': ['[blocked]user.email'] });
      const allowed = await server.client.createUser(NO_ID, { disableDomainBlock: true, user: { email: `${uniqueName()}@blocked.example`, password: PASSWORD } });
      assert.equal(allowed.statusCode, 200);
      const other = (await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!;
      const update = await expectStatus(server.client.updateUser(other.id!, { user: { email: 'moved@blocked.example' } }), 400);
      assert.deepEqual(fieldCodes(update), { 'user.email': ['[blocked]user.email'] });
    } finally {
      await configureTenant(server, tenantId, { registrationConfiguration: { blockedDomains: [] } });
    }
  });

  it('applies the tenant password rules', async () => {
    const email = uniqueEmail();
    assert.deepEqual(await rejected({ email, password: 'short' }), { 'user.password': ['[tooShort]user.password'] });
    await configureTenant(server, tenantId, {
      passwordValidationRules: { minLength: 10, maxLength: 12, requireMixedCase: true, requireNonAlpha: true, requireNumber: true, disallowUserLoginId: true },
    });
    try {
      const message = await expectStatus(server.client.createUser(NO_ID, { user: { email, password: 'abc' } }), 400);
      assert.deepEqual(fieldCodes(message), { 'user.password': ['[tooShort]user.password', '[singleCase]user.password'] });
      assert.equal(message.fieldErrors!['user.password']![0]!.message, 'The [user.password] property is shorter than the minimum of [10] characters.');
      assert.deepEqual(await rejected({ email, password: 'abcdefghijklmN' }), { 'user.password': ['[tooLong]user.password', '[onlyAlpha]user.password'] });
      assert.deepEqual(await rejected({ email, password: 'abcdefghi-K' }), { 'user.password': ['[requireNumber]user.password'] });
      const username = uniqueName('ann').slice(0, 6);
      assert.deepEqual(await rejected({ username, password: `${username.toUpperCase()}-1xy` }), { 'user.password': ['[containsUsername]user.password'] });
      const ok = await server.client.createUser(NO_ID, { user: { email, password: 'abcdefg-K1' } });
      assert.equal(ok.statusCode, 200);
    } finally {
      await configureTenant(server, tenantId, {
        passwordValidationRules: { minLength: 8, maxLength: 256, requireMixedCase: false, requireNonAlpha: false, requireNumber: false, disallowUserLoginId: false },
      });
    }
  });

  it('refuses a user.tenantId other than the request tenant', async () => {
    assert.deepEqual(await rejected({ email: uniqueEmail(), password: PASSWORD, tenantId: '9d1e4f3a-0000-4000-8000-000000000001' }),
      { 'user.tenantId': ['[invalid]user.tenantId'] });
    const same = await server.client.createUser(NO_ID, { user: { email: uniqueEmail(), password: PASSWORD, tenantId } });
    assert.equal(same.response.user?.tenantId, tenantId);
  });

  it('answers malformed and mistyped JSON with 400 [invalidJSON], never 500', async () => {
    const post = (body: string, contentType = 'application/json') =>
      server.fetch('/api/user', { method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': contentType }, body });
    const broken = await post('{"user": {"email": ');
    assert.equal(broken.status, 400);
    assert.deepEqual(generalCodes(await broken.json()), ['[invalidJSON]']);
    const mistyped = await post(JSON.stringify({ user: { email: 5, password: PASSWORD, preferredLanguages: 'en' } }));
    assert.equal(mistyped.status, 400);
    assert.deepEqual(fieldCodes(await mistyped.json()), {
      'user.email': ['[invalidJSON]user.email'], 'user.preferredLanguages': ['[invalidJSON]user.preferredLanguages'],
    });
    const unknown = await post(JSON.stringify({ user: { email: uniqueEmail(), password: PASSWORD, favouriteColour: 'red' } }));
    assert.equal(unknown.status, 400);
    assert.deepEqual(Object.keys(fieldCodes(await unknown.json())), ['user.favouriteColour']);
    const array = await post('[]');
    assert.equal(array.status, 400);
    const nulls = await post(JSON.stringify({ user: { email: uniqueEmail(), password: PASSWORD, firstName: null, data: null } }));
    assert.equal(nulls.status, 200, 'nulls are treated as absent');
    assert.deepEqual((await nulls.json() as { user: { data: object } }).user.data, {});
  });
});
