/** POST /api/user/import (seed 001 "Import Users") through the FusionAuth client, plus raw HTTP for malformed input. */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcrypt';
import type { FusionAuthClient, User } from '@fusionauth/typescript-client';
import { builtInPasswordSchemes, generateSalt } from '../src/crypto/password/index.js';
import { createUserStore } from '../src/api/user/store.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';

const schemes = builtInPasswordSchemes();
const PLAIN = 'imported Passw0rd!';
const email = (prefix = 'imp'): string => `${prefix}-${randomBytes(5).toString('hex')}@example.com`;

/** Cheap but valid factors, so the test hashes quickly. */
const FACTORS: Record<string, number> = {
  'salted-pbkdf2-hmac-sha256': 1000, 'salted-pbkdf2-hmac-sha256-512': 1000, 'salted-pbkdf2-hmac-sha512-512': 1000,
  bcrypt: 4, 'salted-md5': 1, 'salted-sha256': 3, 'salted-hmac-sha256': 1, 'phpass-md5': 8, 'phpass-sha512': 8,
};

/** A user as another system would export it: the hash, its salt, scheme and factor. */
async function preHashed(scheme: string, extra: User = {}): Promise<User> {
  const definition = schemes.get(scheme)!;
  const salt = definition.generateSalt ? definition.generateSalt() : generateSalt();
  const factor = FACTORS[scheme]!;
  return { email: email(scheme), active: true, encryptionScheme: scheme, factor, salt, password: await definition.hash(PLAIN, salt, factor), ...extra };
}

/** The stored password of a user, straight from the users row. */
async function storedPassword(server: TestServer, userId: string) {
  const stored = await createUserStore(server.running.database.db).find(userId);
  assert.ok(stored?.password, `user ${userId} has a stored password`);
  return stored.password;
}

async function exists(client: FusionAuthClient, address: string): Promise<boolean> {
  try {
    return (await client.retrieveUserByEmail(address)).statusCode === 200;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

describe('Import Users', () => {
  let server: TestServer;
  let client: FusionAuthClient;
  let applicationId: string;
  let groupId: string;
  before(async () => {
    server = await startTestServer();
    client = server.client;
    const application = await client.createApplication(null as unknown as string, {
      application: { name: `import-app-${randomUUID()}`, roles: [{ name: 'admin' }, { name: 'moderator' }, { name: 'user', isDefault: true }] },
    });
    applicationId = application.response.application!.id!;
    groupId = (await client.createGroup(null as unknown as string, { group: { name: `import-group-${randomUUID()}` } })).response.group!.id!;
  });
  after(() => server.stop());

  it('answers 200 with an empty body', async () => {
    const response = await server.fetch('/api/user/import', {
      method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ users: [{ email: email(), password: PLAIN }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  it('stores each scheme\'s pre-hashed password as is, and the plain password then logs in', async () => {
    for (const scheme of schemes.names()) {
      const user = await preHashed(scheme, { registrations: [{ applicationId }] });
      const response = await client.importUsers({ users: [user] });
      assert.equal(response.statusCode, 200, scheme);
      const stored = (await client.retrieveUserByEmail(user.email!)).response.user!;
      assert.equal(stored.encryptionScheme, scheme);
      assert.equal((stored as { password?: string }).password, undefined);
      const password = await storedPassword(server, stored.id!);
      assert.deepEqual(password, { hash: user.password, salt: user.salt, scheme, factor: user.factor });
      assert.equal(await schemes.verify(PLAIN, password), true, `${scheme} verifies`);
      const login = await client.login({ loginId: user.email!, password: PLAIN, applicationId });
      assert.equal(login.statusCode, 200, `${scheme} login`);
      assert.equal(login.response.user?.id, stored.id);
      await expectStatus(client.login({ loginId: user.email!, password: `${PLAIN}x`, applicationId }), 404);
    }
  });

  it('imports a bcrypt hash split into factor, salt and hash as the docs describe', async () => {
    // "$2a$10$N9qo8uLOickgx2ZMRZoMye IjZAgcfl7p92ldGxad68LJZdL17lhWy": factor, 22-character salt, 31-character hash.
    const modular = await bcrypt.hash(PLAIN, 5);
    const [, , cost, rest] = modular.split('$');
    const user: User = { email: email('bcrypt-split'), active: true, encryptionScheme: 'bcrypt', factor: Number(cost), salt: rest!.slice(0, 22), password: rest!.slice(22), registrations: [{ applicationId }] };
    assert.equal((await client.importUsers({ users: [user] })).statusCode, 200);
    const id = (await client.retrieveUserByEmail(user.email!)).response.user!.id!;
    assert.equal(await schemes.verify(PLAIN, await storedPassword(server, id)), true);
    assert.equal((await client.login({ loginId: user.email!, password: PLAIN, applicationId })).statusCode, 200);
  });

  it('imports an unsalted MD5 hex digest converted to base64 with an empty salt (docs, "MD5")', async () => {
    const hex = '5f4dcc3b5aa765d61d8327deb882cf99'; // md5("password")
    const user: User = { email: email('md5'), active: true, encryptionScheme: 'salted-md5', factor: 1, salt: '', password: Buffer.from(hex, 'hex').toString('base64'), registrations: [{ applicationId }] };
    assert.equal((await client.importUsers({ users: [user] })).statusCode, 200);
    const id = (await client.retrieveUserByEmail(user.email!)).response.user!.id!;
    assert.equal(await schemes.verify('password', await storedPassword(server, id)), true);
    assert.equal((await client.login({ loginId: user.email!, password: 'password', applicationId })).statusCode, 200);
  });

  it('hashes plain-text passwords with the tenant default, or the request\'s encryptionScheme and factor', async () => {
    const byDefault = email('plain');
    const bySha = email('plain-sha');
    await client.importUsers({ users: [{ email: byDefault, password: PLAIN, active: true, registrations: [{ applicationId }] }] });
    await client.importUsers({ encryptionScheme: 'salted-sha256', factor: 2, users: [{ email: bySha, password: PLAIN, active: true, registrations: [{ applicationId }] }] });
    assert.equal((await client.retrieveUserByEmail(byDefault)).response.user!.encryptionScheme, 'salted-pbkdf2-hmac-sha256');
    assert.equal((await client.retrieveUserByEmail(bySha)).response.user!.encryptionScheme, 'salted-sha256');
    const shaUser = (await client.retrieveUserByEmail(bySha)).response.user!;
    const sha = await storedPassword(server, shaUser.id!);
    assert.equal(sha.factor, 2);
    assert.notEqual(sha.hash, PLAIN);
    for (const loginId of [byDefault, bySha]) {
      const id = (await client.retrieveUserByEmail(loginId)).response.user!.id!;
      assert.equal(await schemes.verify(PLAIN, await storedPassword(server, id)), true, loginId);
      assert.equal((await client.login({ loginId, password: PLAIN, applicationId })).statusCode, 200, loginId);
    }
  });

  it('keeps every documented user field', async () => {
    const id = randomUUID();
    const address = email('Fields').replace('fields', 'FIELDS');
    const user: User = {
      id, active: true, birthDate: '1976-05-30', data: { displayName: 'Johnny Boy', favoriteColors: ['Red', 'Blue'] }, email: address,
      expiry: 4102444800000, firstName: 'John', fullName: 'John Doe', imageUrl: 'http://example.com/a.png', insertInstant: 1331449200000,
      lastName: 'Doe', middleName: 'William', mobilePhone: '303-555-1234', passwordChangeRequired: true,
      passwordChangeReason: 'Expired' as User['passwordChangeReason'], preferredLanguages: ['en', 'fr'], timezone: 'America/Denver',
      username: `Johnny-${randomBytes(3).toString('hex')}`, usernameStatus: 'ACTIVE' as User['usernameStatus'], verified: true, verifiedInstant: 1500000000000,
      ...(await preHashed('salted-sha256')), passwordLastUpdateInstant: 1400000000000,
      twoFactor: {
        methods: [
          { method: 'authenticator', secret: 'aGVsbG8Kd29ybGQKaGVsbG8gaGVsbG8=', authenticator: { algorithm: 'HmacSHA1' as never, codeLength: 6, timeStep: 30 } },
          { method: 'sms', mobilePhone: '555-555-5555' },
          { method: 'email', email: 'example@fusionauth.io' },
        ],
        recoveryCodes: ['ABCDE-FGHIJ'],
      },
    };
    user.email = address;
    assert.equal((await client.importUsers({ users: [user] })).statusCode, 200);
    const stored = (await client.retrieveUser(id)).response.user!;
    assert.equal(stored.email, address.toLowerCase());
    assert.equal(stored.active, true);
    assert.equal(stored.birthDate, '1976-05-30');
    assert.deepEqual(stored.data, user.data);
    assert.equal(stored.expiry, 4102444800000);
    assert.equal(stored.firstName, 'John');
    assert.equal(stored.fullName, 'John Doe');
    assert.equal(stored.middleName, 'William');
    assert.equal(stored.lastName, 'Doe');
    assert.equal(stored.imageUrl, 'http://example.com/a.png');
    assert.equal(stored.mobilePhone, '303-555-1234');
    assert.equal(stored.insertInstant, 1331449200000);
    assert.equal(stored.passwordChangeRequired, true);
    assert.equal(stored.passwordChangeReason, 'Expired');
    assert.equal(stored.passwordLastUpdateInstant, 1400000000000);
    assert.deepEqual(stored.preferredLanguages, ['en', 'fr']);
    assert.equal(stored.timezone, 'America/Denver');
    assert.equal(stored.username, user.username);
    assert.equal(stored.usernameStatus, 'ACTIVE');
    assert.equal(stored.verified, true);
    assert.equal(stored.verifiedInstant, 1500000000000);
    assert.equal(stored.tenantId, await server.defaultTenantId());
    assert.deepEqual(stored.twoFactor?.methods?.map((m) => [m.method, m.email ?? m.mobilePhone ?? m.authenticator?.codeLength]), [['authenticator', 6], ['sms', '555-555-5555'], ['email', 'example@fusionauth.io']]);
    assert.ok(stored.twoFactor!.methods!.every((m) => typeof m.id === 'string' && (m as { secret?: string }).secret === undefined));
    assert.deepEqual(stored.twoFactor?.recoveryCodes, []);
    // The User API never shows recovery codes; the Two Factor API answers the imported one.
    assert.deepEqual((await client.retrieveTwoFactorRecoveryCodes(id)).response.recoveryCodes, ['ABCDE-FGHIJ']);
  });

  it('applies FusionAuth\'s defaults: inactive unless active, unverified, now for the instants', async () => {
    const before = server.clock.now();
    const address = email('defaults');
    await client.importUsers({ users: [{ email: address, password: PLAIN }] });
    const stored = (await client.retrieveUserByEmail(address)).response.user!;
    assert.equal(stored.active, false);
    assert.equal(stored.verified, false);
    assert.equal(stored.verifiedInstant, undefined);
    assert.equal(stored.passwordChangeRequired, false);
    assert.equal(stored.usernameStatus, 'ACTIVE');
    assert.ok(stored.insertInstant! >= before);
    assert.ok(stored.passwordLastUpdateInstant! >= before);
  });

  it('imports registrations with roles and memberships', async () => {
    const id = randomUUID();
    const registrationId = randomUUID();
    const memberId = randomUUID();
    await client.importUsers({
      users: [{
        id, email: email('relations'), password: PLAIN, active: true,
        registrations: [{
          id: registrationId, applicationId, roles: ['moderator', 'admin'], data: { birthplace: 'Bremen' }, insertInstant: 1331449200000,
          preferredLanguages: ['de'], username: 'Mausebär', verified: true,
        }],
        memberships: [{ id: memberId, groupId, data: { externalId: 'cc6714c6' } }],
      }],
    });
    const stored = (await client.retrieveUser(id)).response.user!;
    assert.equal(stored.registrations?.length, 1);
    const registration = stored.registrations![0]!;
    assert.equal(registration.id, registrationId);
    assert.equal(registration.applicationId, applicationId);
    assert.deepEqual(registration.roles, ['admin', 'moderator']);
    assert.deepEqual(registration.data, { birthplace: 'Bremen' });
    assert.equal(registration.insertInstant, 1331449200000);
    assert.deepEqual(registration.preferredLanguages, ['de']);
    assert.equal(registration.username, 'Mausebär');
    assert.equal(registration.verified, true);
    assert.ok(registration.verifiedInstant! > 0);
    assert.deepEqual(stored.memberships?.map((m) => [m.id, m.groupId, m.data]), [[memberId, groupId, { externalId: 'cc6714c6' }]]);
    const members = (await client.searchGroupMembers({ search: { groupId, userId: id } })).response.members!;
    assert.equal(members[0]?.id, memberId);
    // Roles are taken as given: an empty list stays empty (no default roles on import).
    const bare = email('no-roles');
    await client.importUsers({ users: [{ email: bare, password: PLAIN, registrations: [{ applicationId }] }] });
    assert.deepEqual((await client.retrieveUserByEmail(bare)).response.user!.registrations![0]!.roles, []);
  });

  it('refuses unknown applications, roles and groups, importing nobody', async () => {
    const good = email('good');
    const errors = await expectStatus(client.importUsers({
      users: [
        { email: good, password: PLAIN },
        { email: email(), password: PLAIN, registrations: [{ applicationId: randomUUID() }] },
        { email: email(), password: PLAIN, registrations: [{ applicationId, roles: ['admin', 'pilot'] }] },
        { email: email(), password: PLAIN, memberships: [{ groupId: randomUUID() }] },
        { email: email(), password: PLAIN, registrations: [{}] },
      ],
    }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'user.registrations.applicationId': ['[invalid]user.registrations.applicationId', '[missing]user.registrations.applicationId'],
      'user.registrations.roles': ['[invalid]user.registrations.roles'],
      'user.memberships.groupId': ['[invalid]user.memberships.groupId'],
    });
    assert.match(errors.fieldErrors!['user.registrations.roles']![0]!.message!, /\[pilot\].*\[users\[2\]\]$/);
    assert.equal(await exists(client, good), false);
  });

  it('refuses duplicates within the request, whatever validateDbConstraints says', async () => {
    const shared = email('dup');
    const id = randomUUID();
    const username = `dup-${randomBytes(4).toString('hex')}`;
    for (const validateDbConstraints of [false, true]) {
      const errors = await expectStatus(client.importUsers({
        validateDbConstraints,
        users: [
          { id, email: shared, password: PLAIN, username },
          { email: shared.toUpperCase(), password: PLAIN },
          { id, email: email(), password: PLAIN, username: username.toUpperCase() },
        ],
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'user.id': ['[duplicate]user.id'], 'user.email': ['[duplicate]user.email'], 'user.username': ['[duplicate]user.username'],
      });
      assert.match(errors.fieldErrors!['user.email']![0]!.message!, /also used by \[users\[0\]\]\. \[users\[1\]\]$/);
      assert.equal(await exists(client, shared), false);
    }
  });

  it('answers duplicates against the database with 400 when validateDbConstraints, else 500 [ImportRequestFailed]', async () => {
    const existing = email('existing');
    const existingId = randomUUID();
    await client.importUsers({ users: [{ id: existingId, email: existing, password: PLAIN, username: `u-${existingId}` }] });
    const fresh = email('fresh');
    const errors = await expectStatus(client.importUsers({
      validateDbConstraints: true,
      users: [
        { email: fresh, password: PLAIN },
        { email: existing.toUpperCase(), password: PLAIN },
        { id: existingId, email: email(), password: PLAIN },
        { email: email(), username: `U-${existingId}`, password: PLAIN },
      ],
    }), 400);
    assert.deepEqual(fieldCodes(errors), { 'user.email': ['[duplicate]user.email'], 'user.id': ['[duplicate]user.id'], 'user.username': ['[duplicate]user.username'] });
    assert.equal(errors.fieldErrors!['user.email']![0]!.message, `A User with email = [${existing}] already exists. [users[1]]`);

    for (const users of [[{ email: fresh, password: PLAIN }, { email: existing, password: PLAIN }], [{ email: fresh, password: PLAIN }, { id: existingId, email: email(), password: PLAIN }]]) {
      const failed = await expectStatus(client.importUsers({ users }), 500);
      assert.deepEqual(generalCodes(failed), ['[ImportRequestFailed]']);
      assert.match(failed.generalErrors![0]!.message!, /validateDbConstraints/);
    }
    // All or nothing: the fresh user of the refused batches was not imported.
    assert.equal(await exists(client, fresh), false);
  });

  it('refuses registration and membership ids used twice in the request, whatever validateDbConstraints says', async () => {
    const registrationId = randomUUID();
    const memberId = randomUUID();
    const first = email('rel-dup');
    for (const validateDbConstraints of [false, true]) {
      const errors = await expectStatus(client.importUsers({
        validateDbConstraints,
        users: [
          { email: first, password: PLAIN, registrations: [{ id: registrationId, applicationId }], memberships: [{ id: memberId, groupId }] },
          // The same ids in capitals: ids compare as UUIDs, not as text.
          { email: email(), password: PLAIN, registrations: [{ id: registrationId.toUpperCase(), applicationId }], memberships: [{ id: memberId.toUpperCase(), groupId }] },
        ],
      }), 400);
      assert.deepEqual(fieldCodes(errors), { 'user.registrations.id': ['[duplicate]user.registrations.id'], 'user.memberships.id': ['[duplicate]user.memberships.id'] });
      assert.equal(errors.fieldErrors!['user.registrations.id']![0]!.message,
        `The registration Id [${registrationId}] appears more than once in the request; it is also used by [users[0]]. [users[1]]`);
      assert.equal(errors.fieldErrors!['user.memberships.id']![0]!.message,
        `The membership Id [${memberId}] appears more than once in the request; it is also used by [users[0]]. [users[1]]`);
      assert.equal(await exists(client, first), false);
    }
  });

  it('answers registration and membership ids taken in the database with 400 when validateDbConstraints, else 500 [ImportRequestFailed]', async () => {
    const registrationId = randomUUID();
    const memberId = randomUUID();
    await client.importUsers({ users: [{ email: email('rel-owner'), password: PLAIN, registrations: [{ id: registrationId, applicationId }], memberships: [{ id: memberId, groupId }] }] });
    const fresh = email('rel-fresh');
    const errors = await expectStatus(client.importUsers({
      validateDbConstraints: true,
      users: [
        { email: fresh, password: PLAIN },
        { email: email(), password: PLAIN, registrations: [{ id: registrationId, applicationId }] },
        { email: email(), password: PLAIN, memberships: [{ id: memberId, groupId }] },
      ],
    }), 400);
    assert.deepEqual(fieldCodes(errors), { 'user.registrations.id': ['[duplicate]user.registrations.id'], 'user.memberships.id': ['[duplicate]user.memberships.id'] });
    assert.equal(errors.fieldErrors!['user.registrations.id']![0]!.message, `A registration with Id [${registrationId}] already exists. [users[1]]`);
    assert.equal(errors.fieldErrors!['user.memberships.id']![0]!.message, `A group membership with Id [${memberId}] already exists. [users[2]]`);

    // Without the extra validation the database refuses the batch: seed 001's 500, and nothing imported.
    for (const relation of [{ registrations: [{ id: registrationId, applicationId }] }, { memberships: [{ id: memberId, groupId }] }]) {
      const failed = await expectStatus(client.importUsers({ users: [{ email: fresh, password: PLAIN }, { email: email(), password: PLAIN, ...relation }] }), 500);
      assert.deepEqual(generalCodes(failed), ['[ImportRequestFailed]']);
    }
    assert.equal(await exists(client, fresh), false);
  });

  it('validates every user like Create a User and imports nobody when one is invalid', async () => {
    const good = email('batch');
    const errors = await expectStatus(client.importUsers({
      users: [
        { email: good, password: PLAIN },
        { password: PLAIN, firstName: 'No login id' },
        { email: 'not-an-email', password: PLAIN },
        { email: email(), password: PLAIN, preferredLanguages: Array.from({ length: 21 }, () => 'en'), timezone: 'Mars/Olympus', birthDate: '1976-13-01' },
        { id: 'not-a-uuid', email: email(), password: PLAIN },
      ],
    }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'user.email': ['[blank]user.email', '[notEmail]user.email'],
      'user.username': ['[blank]user.username'],
      'user.preferredLanguages': ['[tooMany]user.preferredLanguages'],
      'user.timezone': ['[invalid]user.timezone'],
      'user.birthDate': ['[couldNotConvert]user.birthDate'],
      'user.id': ['[couldNotConvert]user.id'],
    });
    assert.match(errors.fieldErrors!['user.email']![0]!.message!, /\[users\[1\]\]$/);
    assert.equal(await exists(client, good), false);
  });

  it('refuses unknown schemes, bad factors and salts, and a missing salt', async () => {
    const bcryptUser = await preHashed('bcrypt');
    const errors = await expectStatus(client.importUsers({
      users: [
        { email: email(), password: 'abc', salt: '', encryptionScheme: 'rot13' },
        { ...bcryptUser, email: email(), factor: 3 },
        { ...bcryptUser, email: email(), salt: 'short' },
        { ...(await preHashed('salted-sha256')), email: email(), salt: 'not base64!' },
        { email: email(), password: 'abc', encryptionScheme: 'salted-md5' },
        { email: email(), salt: '', encryptionScheme: 'salted-md5', factor: 1 },
      ],
    }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'user.encryptionScheme': ['[invalid]user.encryptionScheme'],
      'user.factor': ['[invalid]user.factor'],
      'user.salt': ['[invalid]user.salt', '[invalid]user.salt', '[blank]user.salt'],
      'user.password': ['[blank]user.password'],
    });
    const request = await expectStatus(client.importUsers({ encryptionScheme: 'rot13', users: [{ email: email(), password: PLAIN }] }), 400);
    assert.deepEqual(fieldCodes(request), { encryptionScheme: ['[invalid]encryptionScheme'] });
    const factor = await expectStatus(client.importUsers({ encryptionScheme: 'bcrypt', factor: 99, users: [{ email: email(), password: PLAIN }] }), 400);
    assert.deepEqual(fieldCodes(factor), { factor: ['[invalid]factor'] });
  });

  it('imports a user without a password (optional since 1.59)', async () => {
    const address = email('nopass');
    await client.importUsers({ users: [{ email: address }] });
    const stored = (await client.retrieveUserByEmail(address)).response.user!;
    assert.equal(stored.encryptionScheme, undefined);
    assert.equal(stored.passwordLastUpdateInstant, undefined);
  });

  it('answers malformed input with 400', async () => {
    const post = (body: string) => server.fetch('/api/user/import', { method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body });
    const broken = await post('{"users": [');
    assert.equal(broken.status, 400);
    assert.deepEqual(((await broken.json()) as { generalErrors: { code: string }[] }).generalErrors.map((e) => e.code), ['[invalidJSON]']);
    const notArray = await post(JSON.stringify({ users: { email: 'a@b.com' } }));
    assert.equal(notArray.status, 400);
    assert.deepEqual(Object.keys(((await notArray.json()) as { fieldErrors: object }).fieldErrors), ['users']);
    const wrongType = await post(JSON.stringify({ users: [{ email: email(), active: 'yes' }] }));
    assert.equal(wrongType.status, 400);
    assert.deepEqual(Object.keys(((await wrongType.json()) as { fieldErrors: object }).fieldErrors), ['users.active']);
    for (const body of ['', '{}', '{"users": []}']) {
      const empty = await post(body);
      assert.equal(empty.status, 400, body);
      assert.deepEqual(((await empty.json()) as { fieldErrors: Record<string, { code: string }[]> }).fieldErrors.users?.map((e) => e.code), ['[missing]users']);
    }
    const unauthorized = await server.fetch('/api/user/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"users":[]}' });
    assert.equal(unauthorized.status, 401);
  });

  it('imports 10,000 users in one request', async () => {
    const template = await preHashed('salted-pbkdf2-hmac-sha256');
    const tag = randomBytes(4).toString('hex');
    const users: User[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...template, email: `bulk-${tag}-${i}@example.com`, username: `bulk-${tag}-${i}`, firstName: `First${i}`,
      registrations: [{ applicationId, roles: ['user'] }], ...(i % 10 === 0 ? { memberships: [{ groupId }] } : {}),
    }));
    assert.equal((await client.importUsers({ users })).statusCode, 200);
    const last = (await client.retrieveUserByEmail(`bulk-${tag}-9999@example.com`)).response.user!;
    assert.equal(last.username, `bulk-${tag}-9999`);
    assert.deepEqual(last.registrations?.map((r) => r.roles), [['user']]);
    const first = (await client.retrieveUserByEmail(`bulk-${tag}-0@example.com`)).response.user!;
    assert.equal(first.memberships?.[0]?.groupId, groupId);
    const count = await server.running.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email_lower', 'like', `bulk-${tag}-%`).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 10_000);
    assert.equal(await schemes.verify(PLAIN, await storedPassword(server, last.id!)), true);
    assert.equal((await client.login({ loginId: `bulk-${tag}-5000@example.com`, password: PLAIN, applicationId })).statusCode, 200);
  });
});
