import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';

const NO_ID = null as unknown as string;
const FIRST = 'first-password-1';
const SECOND = 'second-password-2';
const THIRD = 'third-password-3';

describe('tenant passwordValidationRules.rememberPreviousPasswords', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  /** A client bound to a new tenant with the given rule. */
  async function tenantRemembering(remember: { enabled: boolean; count?: number }): Promise<FusionAuthClient> {
    const id = randomUUID();
    await server.client.createTenant(id, { tenant: { name: `History ${id.slice(0, 8)}`, passwordValidationRules: { rememberPreviousPasswords: remember } } });
    return server.clientWith(ADMIN_API_KEY, id);
  }

  async function createUser(client: FusionAuthClient, password = FIRST): Promise<{ id: string; email: string }> {
    const email = `history-${randomUUID()}@example.com`;
    const user = (await client.createUser(NO_ID, { user: { email, password } })).response.user!;
    return { id: user.id!, email };
  }

  const setPassword = (client: FusionAuthClient, user: { id: string; email: string }, password: string) =>
    client.updateUser(user.id, { user: { email: user.email, password } });

  const refusedAsPreviouslyUsed = async (call: Parameters<typeof expectStatus>[0], path = 'user.password') => {
    assert.deepEqual(fieldCodes(await expectStatus(call, 400)), { [path]: [`[previouslyUsed]${path}`] });
  };

  const historyRows = async (userId: string) =>
    (await server.running.database.db.selectFrom('password_history').select('id').where('user_id', '=', userId).execute()).length;

  it('update refuses the current password and the earlier ones within count (count includes the current one)', async () => {
    const client = await tenantRemembering({ enabled: true, count: 2 });
    const user = await createUser(client);
    await refusedAsPreviouslyUsed(setPassword(client, user, FIRST));
    assert.equal((await setPassword(client, user, SECOND)).statusCode, 200);
    await refusedAsPreviouslyUsed(setPassword(client, user, FIRST));
    await refusedAsPreviouslyUsed(setPassword(client, user, SECOND));
    assert.equal((await setPassword(client, user, THIRD)).statusCode, 200);
    await refusedAsPreviouslyUsed(setPassword(client, user, SECOND));
    // Two other passwords since: the first one is no longer remembered.
    assert.equal((await setPassword(client, user, FIRST)).statusCode, 200);
    assert.equal((await client.login({ loginId: user.email, password: FIRST })).statusCode, 200);
    assert.equal(await historyRows(user.id), 1);
  });

  it('PATCH with a remembered password answers [previouslyUsed]user.password and keeps the password', async () => {
    const client = await tenantRemembering({ enabled: true, count: 3 });
    const user = await createUser(client);
    assert.equal((await client.patchUser(user.id, { user: { password: SECOND } })).statusCode, 200);
    await refusedAsPreviouslyUsed(client.patchUser(user.id, { user: { password: FIRST } }));
    await refusedAsPreviouslyUsed(client.patchUser(user.id, { user: { password: SECOND } }));
    assert.equal((await client.login({ loginId: user.email, password: SECOND })).statusCode, 200);
  });

  it('the default count of 1 refuses only the current password', async () => {
    const client = await tenantRemembering({ enabled: true });
    const user = await createUser(client);
    await refusedAsPreviouslyUsed(setPassword(client, user, FIRST));
    assert.equal((await setPassword(client, user, SECOND)).statusCode, 200);
    assert.equal((await setPassword(client, user, FIRST)).statusCode, 200);
    assert.equal(await historyRows(user.id), 0);
  });

  it('when the rule is disabled, a previous password (even the current one) is allowed and nothing is recorded', async () => {
    const client = await tenantRemembering({ enabled: false, count: 5 });
    const user = await createUser(client);
    assert.equal((await setPassword(client, user, FIRST)).statusCode, 200);
    assert.equal((await setPassword(client, user, SECOND)).statusCode, 200);
    assert.equal((await setPassword(client, user, FIRST)).statusCode, 200);
    assert.equal(await historyRows(user.id), 0);
  });

  it('other password rules are reported first', async () => {
    const client = await tenantRemembering({ enabled: true, count: 2 });
    const user = await createUser(client);
    assert.deepEqual(fieldCodes(await expectStatus(setPassword(client, user, 'short'), 400)), { 'user.password': ['[tooShort]user.password'] });
  });

  it('the change-password API answers [previouslyUsed]password, by login id and by changePasswordId', async () => {
    const client = await tenantRemembering({ enabled: true, count: 2 });
    const user = await createUser(client);
    await refusedAsPreviouslyUsed(client.changePasswordByIdentity({ loginId: user.email, password: FIRST }), 'password');
    assert.equal((await client.changePasswordByIdentity({ loginId: user.email, password: SECOND })).statusCode, 200);
    await refusedAsPreviouslyUsed(client.changePasswordByIdentity({ loginId: user.email, password: FIRST }), 'password');

    const changePasswordId = (await client.forgotPassword({ loginId: user.email, sendForgotPasswordEmail: false })).response.changePasswordId!;
    await refusedAsPreviouslyUsed(client.changePassword(changePasswordId, { password: SECOND }), 'password');
    await refusedAsPreviouslyUsed(client.changePassword(changePasswordId, { password: FIRST }), 'password');
    // The refused attempts did not spend the id.
    assert.equal((await client.changePassword(changePasswordId, { password: THIRD })).statusCode, 200);
    assert.equal((await client.login({ loginId: user.email, password: THIRD })).statusCode, 200);
    assert.equal((await client.changePasswordByIdentity({ loginId: user.email, password: FIRST })).statusCode, 200);
  });

  it('with a JWT, the history is consulted only once the current password is proven (no oracle for it)', async () => {
    const client = await tenantRemembering({ enabled: true, count: 2 });
    const user = await createUser(client);
    const token = (await client.login({ loginId: user.email, password: FIRST })).response.token!;
    const anonymous = server.clientWith(null, undefined);
    await expectStatus(anonymous.changePasswordByJWT(token, { password: FIRST, currentPassword: 'not-the-password' }), 404);
    await refusedAsPreviouslyUsed(anonymous.changePasswordByJWT(token, { password: FIRST, currentPassword: FIRST }), 'password');
    const wrong = await expectStatus(client.changePasswordByIdentity({ loginId: user.email, password: FIRST, currentPassword: 'not-the-password' }), 400);
    assert.deepEqual(fieldCodes(wrong), { currentPassword: ['[invalid]currentPassword'] });
  });

  it('history rows go with the user', async () => {
    const client = await tenantRemembering({ enabled: true, count: 4 });
    const user = await createUser(client);
    await setPassword(client, user, SECOND);
    await setPassword(client, user, THIRD);
    assert.equal(await historyRows(user.id), 2);
    await client.deleteUser(user.id);
    assert.equal(await historyRows(user.id), 0);
  });
});
