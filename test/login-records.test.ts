/** Login records: search and export (seed 002) and recent logins (seed 001). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';

describe('login records', () => {
  let f: LoginFixtures;
  let applicationId: string;
  let applicationName: string;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  const instants: number[] = [];

  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
    applicationName = (await f.application(applicationId)).name;
    alice = await f.newUser({ applicationId });
    bob = await f.newUser({ applicationId });
    for (const [user, ip] of [[alice, '10.0.0.1'], [bob, '10.0.0.2'], [alice, '10.0.0.3']] as const) {
      f.server.clock.advance(60_000);
      instants.push(f.server.clock.now());
      assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, applicationId, ipAddress: ip })).statusCode, 200);
    }
  });
  after(() => f.server.stop());

  it('searches by user with the total, oldest first', async () => {
    const response = await f.client.searchLoginRecords({ search: { userId: alice.id }, retrieveTotal: true });
    assert.equal(response.statusCode, 200);
    assert.equal(response.response.total, 2);
    const logins = response.response.logins!;
    assert.deepEqual(logins.map((l) => l.ipAddress), ['10.0.0.1', '10.0.0.3']);
    assert.deepEqual(Object.keys(logins[0]!).sort(), ['applicationId', 'applicationName', 'instant', 'ipAddress', 'loginId', 'userId']);
    assert.equal(logins[0]!.applicationName, applicationName);
    assert.equal(logins[0]!.loginId, alice.email);
    assert.equal(logins[0]!.userId, alice.id);
    assert.ok(logins[0]!.instant! >= instants[0]! && logins[0]!.instant! < instants[1]!);
  });

  it('searches by instant range and application, pages, and leaves total out unless asked', async () => {
    const ranged = await f.client.searchLoginRecords({ search: { applicationId, start: instants[1], end: instants[2]! + 30_000 } });
    assert.deepEqual(ranged.response.logins!.map((l) => l.ipAddress), ['10.0.0.2', '10.0.0.3']);
    assert.equal(ranged.response.total, undefined);
    const page = await f.client.searchLoginRecords({ search: { applicationId, startRow: 1, numberOfResults: 1 }, retrieveTotal: true });
    assert.deepEqual(page.response.logins!.map((l) => l.ipAddress), ['10.0.0.2']);
    assert.equal(page.response.total, 3);
  });

  it('GET search takes the criteria as parameters', async () => {
    const response = await f.server.fetch(`/api/system/login-record/search?userId=${bob.id}&retrieveTotal=true`, { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 200);
    const body = await response.json() as { logins: { ipAddress: string }[]; total: number };
    assert.equal(body.total, 1);
    assert.equal(body.logins[0]!.ipAddress, '10.0.0.2');
  });

  it('400 for a userId that is not a UUID; 401 for a tenant-locked key', async () => {
    const errors = await expectStatus(f.client.searchLoginRecords({ search: { userId: 'nope' } }), 400);
    assert.deepEqual(fieldCodes(errors), { 'search.userId': ['[couldNotConvert]search.userId'] });
    const locked = await f.client.createAPIKey(null as unknown as string, { apiKey: { key: `locked-${Date.now()}-key-value-0123456789`, tenantId: f.tenantId } });
    await expectStatus(f.server.clientWith(locked.response.apiKey!.key!).searchLoginRecords({ search: {} }), 401);
  });

  it('recent logins: newest first, by user, with offset and limit', async () => {
    const all = await f.client.retrieveRecentLogins(0, 10);
    assert.equal(all.statusCode, 200);
    assert.deepEqual(all.response.logins!.map((l) => l.ipAddress), ['10.0.0.3', '10.0.0.2', '10.0.0.1']);
    const mine = await f.client.retrieveUserRecentLogins(alice.id, 1, 5);
    assert.deepEqual(mine.response.logins!.map((l) => l.ipAddress), ['10.0.0.1']);
    assert.equal(mine.response.logins![0]!.applicationName, applicationName);
  });

  it('exports a zip holding one CSV, with the time in the requested format and zone', async () => {
    const response = await f.server.fetch('/api/system/login-record/export', {
      method: 'POST',
      headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ criteria: { userId: alice.id }, dateTimeSecondsFormat: "yyyy-MM-dd'T'HH:mm:ss XXX", zoneId: 'UTC' }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    assert.deepEqual(Object.keys(files), ['login_records.csv']);
    const lines = strFromU8(files['login_records.csv']!).trim().split('\n');
    assert.equal(lines[0], '"User Id ","Time ","Application Id ","IP Address ","City ","Country ","Zipcode ","Region ","Latitude ","Longitude "');
    assert.equal(lines.length, 3);
    const first = (await f.client.searchLoginRecords({ search: { userId: alice.id } })).response.logins![0]!;
    const time = new Date(first.instant!).toISOString().slice(0, 19);
    assert.equal(lines[1], `${alice.id},${time} Z,${applicationId},10.0.0.1,,,,,,`);
  });

  it('GET export uses the default format in the report time zone; bad formats and zones are 400', async () => {
    const response = await f.server.fetch(`/api/system/login-record/export?userId=${bob.id}`, { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(response.status, 200);
    const csv = strFromU8(unzipSync(new Uint8Array(await response.arrayBuffer()))['login_records.csv']!);
    assert.match(csv.split('\n')[1]!, new RegExp(`^${bob.id},\\d{1,2}/\\d{1,2}/\\d{4} \\d{2}:\\d{2}:\\d{2} (AM|PM) M[SD]T,${applicationId},10\\.0\\.0\\.2,`));
    const badZone = await f.server.fetch('/api/system/login-record/export?zoneId=Mars/Olympus', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(badZone.status, 400);
    assert.deepEqual(fieldCodes(await badZone.json()), { zoneId: ['[invalid]zoneId'] });
    const badFormat = await f.server.fetch('/api/system/login-record/export?dateTimeSecondsFormat=qqq', { headers: { authorization: ADMIN_API_KEY } });
    assert.equal(badFormat.status, 400);
  });

  it('deleting the user deletes its login records', async () => {
    const user = await f.newUser({ applicationId });
    await f.client.login({ loginId: user.email, password: PASSWORD, applicationId });
    assert.equal((await f.client.searchLoginRecords({ search: { userId: user.id }, retrieveTotal: true })).response.total, 1);
    await f.client.deleteUser(user.id);
    assert.equal((await f.client.searchLoginRecords({ search: { userId: user.id }, retrieveTotal: true })).response.total, 0);
  });
});
