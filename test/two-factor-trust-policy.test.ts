/**
 * The application's `multiFactorConfiguration.trustPolicy` on the Login API (docs apis/applications):
 * `Any` lets any live trust of the user skip the 242, `This` only a trust made for this application,
 * `None` none at all. The Status API follows the same rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PASSWORD, startLoginFixtures, type LoginFixtures, type NewUser } from './helpers/login-fixtures.js';
import { twoFactorHelpers, type TwoFactorHelpers } from './helpers/two-factor-fixtures.js';

describe('two-factor trust policy on login', () => {
  let f: LoginFixtures;
  let h: TwoFactorHelpers;
  let appA: string;
  let appThis: string;
  let appNone: string;
  let appAny: string;
  before(async () => {
    f = await startLoginFixtures();
    h = twoFactorHelpers(f);
    const mfa = (trustPolicy: string) => ({ multiFactorConfiguration: { loginPolicy: 'Enabled' as never, trustPolicy: trustPolicy as never } });
    appA = await f.createApplication(mfa('This'));
    appThis = await f.createApplication(mfa('This'));
    appNone = await f.createApplication(mfa('None'));
    appAny = await f.createApplication(mfa('Any'));
  });
  after(() => f.server.stop());

  /** A user registered to every application, with a trust made by completing a login to `trustedFor`. */
  async function trustedUser(trustedFor: string): Promise<{ user: NewUser; trustId: string }> {
    const { user, base32 } = await h.withAuthenticator(trustedFor);
    for (const applicationId of [appA, appThis, appNone, appAny]) {
      if (applicationId !== trustedFor) assert.equal((await f.client.register(user.id, { registration: { applicationId } })).statusCode, 200);
    }
    const done = await f.anonymous.twoFactorLogin({ twoFactorId: await h.challenge(user, trustedFor), code: h.code(base32), applicationId: trustedFor, trustComputer: true });
    assert.equal(done.statusCode, 200);
    const trustId = (done.response as { twoFactorTrustId?: string }).twoFactorTrustId;
    assert.ok(trustId);
    return { user, trustId };
  }

  const loginStatus = async (user: NewUser, applicationId: string, twoFactorTrustId: string): Promise<number> =>
    (await f.client.login({ loginId: user.email, password: PASSWORD, applicationId, twoFactorTrustId })).statusCode;

  it('This: a trust made for application A skips the challenge on A only', async () => {
    const { user, trustId } = await trustedUser(appA);
    assert.equal(await loginStatus(user, appA, trustId), 200);
    assert.equal(await loginStatus(user, appThis, trustId), 242);
    // The cookie form follows the same rule.
    const viaCookie = await f.rawLogin({ loginId: user.email, password: PASSWORD, applicationId: appThis }, { cookie: `fusionauth.trust=${trustId}` });
    assert.equal(viaCookie.response.status, 242);
    assert.equal((await f.client.retrieveTwoFactorStatus(user.id, appThis, trustId)).statusCode, 242);
  });

  it('None: no trust skips the challenge, not even one made for that application', async () => {
    const other = await trustedUser(appA);
    assert.equal(await loginStatus(other.user, appNone, other.trustId), 242);
    const own = await trustedUser(appNone);
    assert.equal(await loginStatus(own.user, appNone, own.trustId), 242);
    assert.equal((await f.client.retrieveTwoFactorStatus(own.user.id, appNone, own.trustId)).statusCode, 242);
  });

  it('Any: a trust made for another application skips the challenge', async () => {
    const { user, trustId } = await trustedUser(appA);
    assert.equal(await loginStatus(user, appAny, trustId), 200);
    assert.equal((await f.client.retrieveTwoFactorStatus(user.id, appAny, trustId)).statusCode, 200);
    // Without an application the tenant has no trust policy: any trust counts.
    assert.equal((await f.client.login({ loginId: user.email, password: PASSWORD, twoFactorTrustId: trustId })).statusCode, 200);
  });

  it("another user's trust never counts", async () => {
    const first = await trustedUser(appAny);
    const second = await trustedUser(appAny);
    assert.equal(await loginStatus(second.user, appAny, first.trustId), 242);
  });
});
