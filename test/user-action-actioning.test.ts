/** Actioning Users API: take an action on a user, retrieve, list (active, inactive, preventing login), modify, cancel. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ActionRequest, FusionAuthClient, UserAction, UserActionLog } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, addTenant, startTestServer, type TestServer } from './helpers/gatehouse.js';

const HOUR = 3_600_000;

describe('actioning users', () => {
  let server: TestServer;
  /** Scoped to the default tenant: another tenant is added below. */
  let client: FusionAuthClient;
  let actionerId: string;
  let lock: UserAction;
  let reward: UserAction;
  let applicationId: string;
  before(async () => {
    server = await startTestServer();
    client = server.clientWith(ADMIN_API_KEY, await server.defaultTenantId());
    actionerId = await newUser();
    lock = (await server.client.createUserAction(null as unknown as string, { userAction: {
      name: 'Lock', temporal: true, preventLogin: true, userNotificationsEnabled: true, localizedNames: { de: 'Sperre' },
    } })).response.userAction!;
    reward = (await server.client.createUserAction(null as unknown as string, { userAction: {
      name: 'Reward', options: [{ name: 'Coupon', localizedNames: { de: 'Gutschein' } }, { name: 'Badge' }],
    } })).response.userAction!;
    applicationId = (await server.client.createApplication(null as unknown as string, { application: { name: 'Forum' } })).response.application!.id!;
  });
  after(() => server.stop());

  async function newUser(user: { preferredLanguages?: string[] } = {}): Promise<string> {
    const response = await client.createUser(null as unknown as string, { user: { email: `${randomUUID()}@example.com`, password: 'password-1234', ...user } });
    return response.response.user!.id!;
  }

  const take = (action: ActionRequest['action'], as = client) => as.actionUser({ action });
  const lockUser = async (actioneeUserId: string, expiry = server.clock.now() + HOUR): Promise<UserActionLog> =>
    (await take({ userActionId: lock.id!, actioneeUserId, actionerUserId: actionerId, expiry, comment: 'Spamming' })).response.action!;

  it('takes a time-based action: the log names the action, localized for the actionee, with its expiry', async () => {
    const userId = await newUser({ preferredLanguages: ['de_CH', 'en'] });
    const expiry = server.clock.now() + HOUR;
    const response = await take({ userActionId: lock.id!, actioneeUserId: userId, actionerUserId: actionerId, expiry, comment: ' Spamming ', notifyUser: true, applicationIds: [applicationId] });
    assert.equal(response.statusCode, 200);
    const log = response.response.action!;
    assert.match(log.id!, /^[0-9a-f-]{36}$/);
    assert.equal(log.actioneeUserId, userId);
    assert.equal(log.actionerUserId, actionerId);
    assert.equal(log.userActionId, lock.id);
    assert.deepEqual(log.applicationIds, [applicationId]);
    assert.equal(log.comment, 'Spamming');
    assert.equal(log.expiry, expiry);
    assert.equal(log.name, 'Lock');
    assert.equal(log.localizedName, 'Sperre');
    assert.equal(log.notifyUserOnEnd, true);
    assert.equal(log.emailUserOnEnd, false);
    assert.equal(log.endEventSent, false);
    assert.ok(Math.abs(log.insertInstant! - server.clock.now()) < 5_000);
    assert.deepEqual((await server.client.retrieveAction(log.id!)).response.action, log);
  });

  it('takes an action that is not time-based with an option: it is done at once (inactive)', async () => {
    const userId = await newUser({ preferredLanguages: ['de'] });
    const log = (await take({ userActionId: reward.id!, actioneeUserId: userId, actionerUserId: actionerId, option: 'Coupon' })).response.action!;
    assert.equal(log.option, 'Coupon');
    assert.equal(log.localizedOption, 'Gutschein');
    assert.equal(log.expiry, undefined);
    assert.equal(log.endEventSent, undefined);
    assert.deepEqual(log.applicationIds, []);
    assert.deepEqual((await server.client.retrieveActiveActions(userId)).response.actions, []);
    assert.deepEqual((await server.client.retrieveInactiveActions(userId)).response.actions!.map((a) => a.id), [log.id]);
  });

  it('lists a user\'s actions: all oldest first, active, inactive, preventing login', async () => {
    const userId = await newUser();
    const badge = (await take({ userActionId: reward.id!, actioneeUserId: userId, actionerUserId: actionerId, option: 'Badge' })).response.action!;
    server.clock.advance(1_000);
    const locked = await lockUser(userId);
    assert.deepEqual((await server.client.retrieveActions(userId)).response.actions!.map((a) => a.id), [badge.id, locked.id]);
    assert.deepEqual((await server.client.retrieveActiveActions(userId)).response.actions!.map((a) => a.id), [locked.id]);
    assert.deepEqual((await server.client.retrieveInactiveActions(userId)).response.actions!.map((a) => a.id), [badge.id]);
    assert.deepEqual((await server.client.retrieveActionsPreventingLogin(userId)).response.actions!.map((a) => a.id), [locked.id]);
    assert.deepEqual(fieldCodes(await expectStatus(server.client.retrieveActions(randomUUID()), 400)), { userId: ['[invalid]userId'] });
    await expectStatus(server.client.retrieveAction(randomUUID()), 404);
  });

  it('validates a take as FusionAuth does', async () => {
    assert.deepEqual(fieldCodes(await expectStatus(take({}), 400)), {
      'action.userActionId': ['[missing]action.userActionId'],
      'action.actionerUserId': ['[missing]action.actionerUserId'],
      'action.actioneeUserId': ['[missing]action.actioneeUserId'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(take({
      userActionId: randomUUID(), actioneeUserId: randomUUID(), actionerUserId: randomUUID(), reasonId: randomUUID(), applicationIds: [randomUUID()],
    }), 400)), {
      'action.reasonId': ['[invalid]action.reasonId'],
      'action.actionerUserId': ['[invalid]action.actionerUserId'],
      'action.actioneeUserId': ['[invalid]action.actioneeUserId'],
      'action.applicationIds': ['[invalid]action.applicationIds'],
      'action.userActionId': ['[invalid]action.userActionId'],
    });
    const userId = await newUser();
    const base = { actioneeUserId: userId, actionerUserId: actionerId };
    assert.deepEqual(fieldCodes(await expectStatus(take({ ...base, userActionId: lock.id!, option: 'Coupon' }), 400)), {
      'action.expiry': ['[missing]action.expiry'],
      'action.option': ['[invalid]action.option'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(take({ ...base, userActionId: lock.id!, expiry: server.clock.now() - 1 }), 400)), {
      'action.expiry': ['[inPast]action.expiry'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(take({ ...base, userActionId: reward.id!, notifyUser: true, emailUser: true }), 400)), {
      'action.option': ['[blank]action.option'],
      'action.notifyUser': ['[disabled]action.notifyUser'],
      'action.emailUser': ['[emailingNotSupported]action.emailUser', '[actionIsMissingTemplateDefinition]action.emailUser'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(take({ ...base, userActionId: reward.id!, option: 'Cash', expiry: server.clock.now() + HOUR }), 400)), {
      'action.option': ['[invalid]action.option'],
      'action.expiry': ['[invalid]action.expiry'],
    });
  });

  it('a user already in an action cannot be put in it again', async () => {
    const userId = await newUser();
    await lockUser(userId);
    assert.deepEqual(fieldCodes(await expectStatus(take({ userActionId: lock.id!, actioneeUserId: userId, actionerUserId: actionerId, expiry: server.clock.now() + 2 * HOUR }), 400)), {
      'action.userActionId': ['[duplicate]action.userActionId'],
    });
  });

  it('modify sets a new expiry and comment, keeping the previous ones in the history', async () => {
    const userId = await newUser();
    const taken = await lockUser(userId);
    server.clock.advance(1_000);
    const expiry = server.clock.now() + 5 * HOUR;
    const modified = (await server.client.modifyAction(taken.id!, { action: { actionerUserId: actionerId, expiry, comment: 'Still spamming' } })).response.action!;
    assert.equal(modified.expiry, expiry);
    assert.equal(modified.comment, 'Still spamming');
    assert.ok(modified.insertInstant! > taken.insertInstant!);
    assert.deepEqual(modified.history?.historyItems, [{ actionerUserId: actionerId, comment: 'Spamming', createInstant: taken.insertInstant, expiry: taken.expiry }]);
    assert.deepEqual((await server.client.retrieveAction(taken.id!)).response.action, modified);

    assert.deepEqual(fieldCodes(await expectStatus(server.client.modifyAction(taken.id!, { action: { expiry: server.clock.now() - 1 } }), 400)), {
      'action.actionerUserId': ['[missing]action.actionerUserId'],
      'action.expiry': ['[inPast]action.expiry'],
    });
    await expectStatus(server.client.modifyAction(randomUUID(), { action: { actionerUserId: actionerId, expiry } }), 404);
  });

  it('cancel ends the action now; a canceled, expired or not time-based action cannot be changed', async () => {
    const userId = await newUser();
    const taken = await lockUser(userId);
    const canceled = (await server.client.cancelAction(taken.id!, { action: { actionerUserId: actionerId, comment: 'Behaving now' } })).response.action!;
    assert.ok(Math.abs(canceled.expiry! - server.clock.now()) < 5_000);
    assert.equal(canceled.comment, 'Behaving now');
    assert.equal(canceled.history?.historyItems?.length, 1);
    assert.deepEqual((await server.client.retrieveActionsPreventingLogin(userId)).response.actions, []);
    assert.deepEqual((await server.client.retrieveInactiveActions(userId)).response.actions!.map((a) => a.id), [taken.id]);
    await expectStatus(server.client.cancelAction(taken.id!, { action: { actionerUserId: actionerId } }), 404);

    const expiring = await lockUser(await newUser(), server.clock.now() + 1_000);
    server.clock.advance(2_000);
    await expectStatus(server.client.modifyAction(expiring.id!, { action: { actionerUserId: actionerId, expiry: server.clock.now() + HOUR } }), 404);

    const instant = (await take({ userActionId: reward.id!, actioneeUserId: userId, actionerUserId: actionerId, option: 'Badge' })).response.action!;
    await expectStatus(server.client.cancelAction(instant.id!, { action: { actionerUserId: actionerId } }), 404);
  });

  it('logs belong to the actionee\'s tenant', async () => {
    const otherTenant = await addTenant(server, randomUUID());
    const scoped = server.clientWith(ADMIN_API_KEY, otherTenant);
    const userId = await newUser();
    const taken = await lockUser(userId);
    await expectStatus(scoped.retrieveAction(taken.id!), 404);
    await expectStatus(scoped.cancelAction(taken.id!, { action: { actionerUserId: actionerId } }), 404);
    assert.deepEqual(fieldCodes(await expectStatus(scoped.retrieveActions(userId), 400)), { userId: ['[invalid]userId'] });
    assert.deepEqual(fieldCodes(await expectStatus(take({ userActionId: lock.id!, actioneeUserId: userId, actionerUserId: actionerId, expiry: server.clock.now() + HOUR }, scoped), 400)), {
      'action.actioneeUserId': ['[invalid]action.actioneeUserId'],
      'action.actionerUserId': ['[invalid]action.actionerUserId'],
    });
  });

  it('deleting the actionee or hard-deleting the action deletes its logs', async () => {
    const userId = await newUser();
    const taken = await lockUser(userId);
    await client.deleteUser(userId);
    await expectStatus(server.client.retrieveAction(taken.id!), 404);

    const temporary = (await server.client.createUserAction(null as unknown as string, { userAction: { name: 'Temporary', temporal: true } })).response.userAction!;
    const other = await newUser();
    const log = (await take({ userActionId: temporary.id!, actioneeUserId: other, actionerUserId: actionerId, expiry: server.clock.now() + HOUR })).response.action!;
    await server.client.deleteUserAction(temporary.id!);
    await expectStatus(server.client.retrieveAction(log.id!), 404);
    assert.deepEqual((await server.client.retrieveActions(other)).response.actions, []);
  });
});
