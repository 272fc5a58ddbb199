/**
 * The Login API's 409 (seed 002): User Actions in force that prevent login, taken by hand or by the
 * tenant's failedAuthenticationConfiguration (which takes its `userActionId` action, and locks nobody
 * without one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LoginPreventedResponse, UserAction } from '@fusionauth/typescript-client';
import { createOneTimePassword } from '../src/api/login/one-time-password.js';
import { expectStatus } from './helpers/expect.js';
import { PASSWORD, startLoginFixtures, type LoginFixtures } from './helpers/login-fixtures.js';

const MINUTE = 60_000;

describe('login prevented by user actions', () => {
  let f: LoginFixtures;
  let applicationId: string;
  let lock: UserAction;
  before(async () => {
    f = await startLoginFixtures();
    applicationId = await f.createApplication();
    lock = (await f.client.createUserAction(null as unknown as string, {
      userAction: { name: 'Failed login lock', temporal: true, preventLogin: true, localizedNames: { fr: 'Verrou' } },
    })).response.userAction!;
  });
  after(() => f.server.stop());

  /** `app` null: a login without an application. */
  const wrong = (email: string, app: string | null = applicationId) => f.client.login({ loginId: email, password: 'wrong-password', ...(app !== null ? { applicationId: app } : {}) });
  const right = (email: string, app: string | null = applicationId) => f.client.login({ loginId: email, password: PASSWORD, ...(app !== null ? { applicationId: app } : {}) });
  const status = async (call: Promise<{ statusCode: number }>): Promise<number> => {
    try {
      return (await call).statusCode;
    } catch (error) {
      return (error as { statusCode: number }).statusCode;
    }
  };
  const actionsOf = async (call: Promise<unknown>) => ((await expectStatus(call as never, 409)) as { actions?: LoginPreventedResponse[] }).actions ?? [];

  /** tooManyAttempts 3 within 60 seconds; 5 minutes of `userActionId` (none: null). */
  const configure = (userActionId: string | null, extra: Record<string, unknown> = {}) => f.configureTenant({
    failedAuthenticationConfiguration: { tooManyAttempts: 3, resetCountInSeconds: 60, actionDuration: 5, actionDurationUnit: 'MINUTES' as never, userActionId: userActionId as never },
    ...extra,
  });

  it('without a userActionId nobody is locked, however many passwords are wrong', async () => {
    await configure(null);
    const user = await f.newUser({ applicationId });
    for (let i = 0; i < 8; i += 1) await expectStatus(wrong(user.email), 404);
    assert.equal((await right(user.email)).statusCode, 200);
    assert.deepEqual((await f.client.retrieveActions(user.id)).response.actions, []);
  });

  it('the failure that reaches tooManyAttempts takes the tenant\'s User Action: 409 until it expires', async () => {
    await configure(lock.id!);
    const user = await f.newUser({ applicationId, user: { preferredLanguages: ['fr'] } });
    await expectStatus(wrong(user.email), 404);
    await expectStatus(wrong(user.email), 404);
    const lockedAt = f.server.clock.now();
    const [action, ...others] = await actionsOf(wrong(user.email));
    assert.equal(others.length, 0);
    assert.equal(action!.actionId, lock.id);
    assert.equal(action!.name, 'Failed login lock');
    assert.equal(action!.localizedName, 'Verrou');
    assert.equal(action!.actionerUserId, undefined);
    assert.ok(Math.abs(action!.expiry! - (lockedAt + 5 * MINUTE)) < 5_000);

    // The log is a User Action log like any other.
    const [log] = (await f.client.retrieveActionsPreventingLogin(user.id)).response.actions!;
    assert.equal(log!.userActionId, lock.id);
    assert.equal(log!.comment, 'Failed Login Attempts Exceeded.');
    assert.equal(log!.expiry, action!.expiry);

    // Locked: even the right password (and no application) answers 409, before any password check.
    assert.deepEqual(await actionsOf(right(user.email)), [action]);
    assert.deepEqual(await actionsOf(right(user.email, null)), [action]);
    assert.deepEqual(await actionsOf(wrong(user.email)), [action]);

    f.server.clock.advance(5 * MINUTE + 1_000);
    assert.equal((await right(user.email)).statusCode, 200);
  });

  it('counts as FusionAuth does: a failure more than resetCountInSeconds after the previous one starts again', async () => {
    await configure(lock.id!);
    const apart = await f.newUser({ applicationId });
    await expectStatus(wrong(apart.email), 404);
    await expectStatus(wrong(apart.email), 404);
    f.server.clock.advance(61_000);
    await expectStatus(wrong(apart.email), 404);
    await expectStatus(wrong(apart.email), 404);
    assert.equal((await right(apart.email)).statusCode, 200);

    // Each failure within 60 seconds of the previous one keeps counting, however long the streak.
    const streak = await f.newUser({ applicationId });
    await expectStatus(wrong(streak.email), 404);
    f.server.clock.advance(50_000);
    await expectStatus(wrong(streak.email), 404);
    f.server.clock.advance(50_000);
    assert.equal((await actionsOf(wrong(streak.email)))[0]?.actionId, lock.id);
  });

  it('a successful login does not reset the count (FusionAuth keeps it until resetCountInSeconds passes)', async () => {
    await configure(lock.id!);
    const user = await f.newUser({ applicationId });
    await expectStatus(wrong(user.email), 404);
    await expectStatus(wrong(user.email), 404);
    assert.equal((await right(user.email)).statusCode, 200);
    await expectStatus(wrong(user.email), 409);
  });

  it('locks one user only', async () => {
    await configure(lock.id!);
    const locked = await f.newUser({ applicationId });
    const other = await f.newUser({ applicationId });
    for (let i = 0; i < 2; i += 1) await expectStatus(wrong(locked.email), 404);
    await expectStatus(wrong(locked.email), 409);
    assert.equal((await right(other.email)).statusCode, 200);
  });

  it('the lock revokes the user\'s refresh tokens (refreshTokenRevocationPolicy.onLoginPrevented)', async () => {
    await configure(lock.id!);
    const user = await f.newUser({ applicationId });
    const { refreshToken } = (await right(user.email)).response;
    assert.ok(refreshToken);
    for (let i = 0; i < 2; i += 1) await expectStatus(wrong(user.email), 404);
    await expectStatus(wrong(user.email), 409);
    assert.deepEqual((await f.client.retrieveRefreshTokens(user.id)).response.refreshTokens ?? [], []);
    await expectStatus(f.client.exchangeRefreshTokenForJWT({ refreshToken }), 400);

    await configure(lock.id!, { jwtConfiguration: { refreshTokenRevocationPolicy: { onLoginPrevented: false } } });
    const kept = await f.newUser({ applicationId });
    assert.ok((await right(kept.email)).response.refreshToken);
    for (let i = 0; i < 2; i += 1) await expectStatus(wrong(kept.email), 404);
    await expectStatus(wrong(kept.email), 409);
    assert.equal((await f.client.retrieveRefreshTokens(kept.id)).response.refreshTokens?.length, 1);
    await f.configureTenant({ jwtConfiguration: { refreshTokenRevocationPolicy: { onLoginPrevented: true } } });
  });

  it('a user actioned by hand cannot log in until the action is canceled', async () => {
    await configure(null);
    const admin = await f.newUser();
    const user = await f.newUser({ applicationId });
    const expiry = f.server.clock.now() + 60 * MINUTE;
    const log = (await f.client.actionUser({ action: { userActionId: lock.id!, actioneeUserId: user.id, actionerUserId: admin.id, expiry } })).response.action!;
    assert.deepEqual(await actionsOf(right(user.email)), [{ actionId: lock.id, actionerUserId: admin.id, expiry, localizedName: 'Failed login lock', name: 'Failed login lock' }]);
    // One-time passwords are stopped too.
    const oneTimePassword = await createOneTimePassword(f.flows, { tenant: await f.tenant(), userId: user.id, refreshTokenEligible: true, now: f.server.clock.now() });
    await expectStatus(f.client.login({ oneTimePassword, applicationId }), 409);

    await f.client.cancelAction(log.id!, { action: { actionerUserId: admin.id, comment: 'Unlocked' } });
    assert.equal((await right(user.email)).statusCode, 200);
  });

  it('an action scoped to applications prevents logins into those applications only', async () => {
    await configure(null);
    const otherApplicationId = await f.createApplication();
    const admin = await f.newUser();
    const user = await f.newUser({ applicationId });
    await f.client.actionUser({ action: {
      userActionId: lock.id!, actioneeUserId: user.id, actionerUserId: admin.id, expiry: f.server.clock.now() + 60 * MINUTE, applicationIds: [applicationId],
    } });
    assert.equal(await status(right(user.email)), 409);
    assert.equal(await status(right(user.email, otherApplicationId)), 202);
    assert.equal(await status(right(user.email, null)), 200);
  });

  it('an action that does not prevent login does not stop a login', async () => {
    await configure(null);
    const admin = await f.newUser();
    const user = await f.newUser({ applicationId });
    const watch = (await f.client.createUserAction(null as unknown as string, { userAction: { name: 'Watch', temporal: true } })).response.userAction!;
    await f.client.actionUser({ action: { userActionId: watch.id!, actioneeUserId: user.id, actionerUserId: admin.id, expiry: f.server.clock.now() + 60 * MINUTE } });
    assert.equal((await right(user.email)).statusCode, 200);
  });
});
