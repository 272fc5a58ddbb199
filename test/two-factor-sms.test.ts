/**
 * The sms method end to end: codes go through the tenant's Generic messenger to a local HTTP receiver,
 * which is where the test reads them; the code proves the phone when enabling and completes a login.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MessengerType } from '@fusionauth/typescript-client';
import { expectStatus, generalCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

describe('two factor by sms', () => {
  let server: TestServer;
  let receiver: HttpReceiver;
  let tenantId: string;
  before(async () => {
    server = await startTestServer();
    receiver = await startHttpReceiver();
    tenantId = await server.defaultTenantId();
    const messenger = await server.client.createMessenger(null as unknown as string, {
      messenger: { name: uniqueName('sms'), type: MessengerType.Generic, url: `${receiver.url}/sms`, connectTimeout: 1000, readTimeout: 1000 } as never,
    });
    assert.equal(messenger.statusCode, 200);
    // The Tenants API requires an SMS message template, which Gatehouse does not serve yet: the
    // messenger is set on the stored tenant directly.
    const tenants = server.running.server.tenants;
    const tenant = (await tenants.find(tenantId))!;
    await tenants.update({
      ...tenant,
      multiFactorConfiguration: { ...tenant.multiFactorConfiguration, sms: { enabled: true, messengerId: messenger.response.messenger!.id! } },
      lastUpdateInstant: Date.now(),
    });
  });
  after(async () => {
    await server.stop();
    await receiver.stop();
  });

  /** The code in the `count`-th message the receiver got, and the number it was for. */
  async function smsCode(count: number): Promise<{ code: string; phoneNumber: string }> {
    const body = JSON.parse((await receiver.request(count)).body) as { phoneNumber: string; textMessage: string; code?: string };
    const match = /Two Factor Code: (\d+)/.exec(body.textMessage);
    assert.ok(match);
    assert.equal(body.code, match[1]);
    return { code: match[1]!, phoneNumber: body.phoneNumber };
  }

  it('enables sms with a code sent through the messenger, then completes a login with another', async () => {
    const email = uniqueEmail();
    const userId = (await server.client.createUser(null as unknown as string, { user: { email, password: PASSWORD } })).response.user!.id!;
    const mobilePhone = '+13035551234';
    assert.equal((await server.client.sendTwoFactorCodeForEnableDisable({ userId, mobilePhone })).statusCode, 200);
    const sent = await smsCode(1);
    assert.equal(sent.phoneNumber, mobilePhone);
    const enabled = await server.client.enableTwoFactor(userId, { method: 'sms', mobilePhone, code: sent.code });
    assert.equal(enabled.response.recoveryCodes?.length, 10);

    const login = await server.client.login({ loginId: email, password: PASSWORD });
    assert.equal(login.statusCode, 242);
    const method = login.response.methods![0]!;
    assert.equal(method.method, 'sms');
    assert.equal(method.mobilePhone, mobilePhone);
    await server.client.sendTwoFactorCodeForLoginUsingMethod(login.response.twoFactorId!, { methodId: method.id! });
    const loginCode = await smsCode(2);
    const done = await server.clientWith(null).twoFactorLogin({ twoFactorId: login.response.twoFactorId!, code: loginCode.code });
    assert.equal(done.statusCode, 200);
    assert.equal(done.response.user?.id, userId);
  });

  it('a messenger that refuses the message fails the send', async () => {
    const userId = (await server.client.createUser(null as unknown as string, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!.id!;
    receiver.respondWith(500);
    const errors = await expectStatus(server.client.sendTwoFactorCodeForEnableDisable({ userId, mobilePhone: '+13035550000' }), 400);
    assert.deepEqual(generalCodes(errors), ['[TwoFactorSendFailed]']);
    receiver.respondWith(200);
  });
});
