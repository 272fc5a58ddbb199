/**
 * The sms method end to end, configured through the APIs alone (a Generic messenger, SMS Message
 * Templates, the tenant's and an application's multi-factor settings): codes go through the messenger
 * to a local HTTP receiver, which is where the test reads them, as the rendered template text; the
 * code proves the phone when enabling and completes a login.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MessageType, MessengerType, type SMSMessageTemplate } from '@fusionauth/typescript-client';
import { expectStatus, generalCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';
import { startHttpReceiver, type HttpReceiver } from './helpers/http-receiver.js';
import { PASSWORD, uniqueEmail, uniqueName } from './helpers/user-fixtures.js';

describe('two factor by sms', () => {
  let server: TestServer;
  let receiver: HttpReceiver;
  let tenantId: string;
  let tenantName: string;
  before(async () => {
    server = await startTestServer();
    receiver = await startHttpReceiver();
    tenantId = await server.defaultTenantId();
    const messenger = await server.client.createMessenger(null as unknown as string, {
      messenger: { name: uniqueName('sms'), type: MessengerType.Generic, url: `${receiver.url}/sms`, connectTimeout: 1000, readTimeout: 1000 } as never,
    });
    assert.equal(messenger.statusCode, 200);
    const template = await createTemplate('Code for ${user.email}: ${code} (${tenant.name})', { de: 'Code für ${user.email}: ${code}' });
    const configured = await server.client.patchTenant(tenantId, {
      tenant: { multiFactorConfiguration: { sms: { enabled: true, messengerId: messenger.response.messenger!.id!, templateId: template } } },
    });
    assert.equal(configured.statusCode, 200);
    tenantName = configured.response.tenant!.name!;
  });
  after(async () => {
    await server.stop();
    await receiver.stop();
  });

  async function createTemplate(defaultTemplate: string, localizedTemplates: Record<string, string> = {}): Promise<string> {
    const messageTemplate: SMSMessageTemplate = { name: uniqueName('mfa-sms'), type: MessageType.SMS, defaultTemplate, localizedTemplates };
    const created = await server.client.createMessageTemplate(null as unknown as string, { messageTemplate });
    assert.equal(created.statusCode, 200);
    return created.response.messageTemplate!.id!;
  }

  /** The `count`-th message the receiver got: its text, the code (sent alongside) and the number it was for. */
  async function smsCode(count: number): Promise<{ code: string; phoneNumber: string; textMessage: string }> {
    const body = JSON.parse((await receiver.request(count)).body) as { phoneNumber: string; textMessage: string; code?: string };
    assert.match(body.code ?? '', /^\d+$/);
    return { code: body.code!, phoneNumber: body.phoneNumber, textMessage: body.textMessage };
  }

  it('enables sms with a code sent through the messenger, then completes a login with another', async () => {
    const email = uniqueEmail();
    const userId = (await server.client.createUser(null as unknown as string, { user: { email, password: PASSWORD } })).response.user!.id!;
    const mobilePhone = '+13035551234';
    assert.equal((await server.client.sendTwoFactorCodeForEnableDisable({ userId, mobilePhone })).statusCode, 200);
    const sent = await smsCode(1);
    assert.equal(sent.phoneNumber, mobilePhone);
    assert.equal(sent.textMessage, `Code for ${email}: ${sent.code} (${tenantName})`);
    const enabled = await server.client.enableTwoFactor(userId, { method: 'sms', mobilePhone, code: sent.code });
    assert.equal(enabled.response.recoveryCodes?.length, 10);

    const login = await server.client.login({ loginId: email, password: PASSWORD });
    assert.equal(login.statusCode, 242);
    const method = login.response.methods![0]!;
    assert.equal(method.method, 'sms');
    assert.equal(method.mobilePhone, mobilePhone);
    await server.client.sendTwoFactorCodeForLoginUsingMethod(login.response.twoFactorId!, { methodId: method.id! });
    const loginCode = await smsCode(2);
    assert.equal(loginCode.textMessage, `Code for ${email}: ${loginCode.code} (${tenantName})`);
    const done = await server.clientWith(null).twoFactorLogin({ twoFactorId: login.response.twoFactorId!, code: loginCode.code });
    assert.equal(done.statusCode, 200);
    assert.equal(done.response.user?.id, userId);
  });

  it("renders the template in the user's preferred language, and an application's template overrides the tenant's", async () => {
    const email = uniqueEmail();
    const userId = (await server.client.createUser(null as unknown as string, { user: { email, password: PASSWORD, preferredLanguages: ['de-DE'] } })).response.user!.id!;
    const first = receiver.received.length;
    assert.equal((await server.client.sendTwoFactorCodeForEnableDisable({ userId, mobilePhone: '+13035550001' })).statusCode, 200);
    const german = await smsCode(first + 1);
    assert.equal(german.textMessage, `Code für ${email}: ${german.code}`);

    const override = await createTemplate('${application.name}: ${code}');
    const application = (await server.client.createApplication(null as unknown as string, {
      application: { name: uniqueName('sms-app'), multiFactorConfiguration: { sms: { templateId: override } } },
    })).response.application!;
    assert.equal((await server.client.sendTwoFactorCodeForEnableDisable({ userId, mobilePhone: '+13035550001', applicationId: application.id! })).statusCode, 200);
    const fromApplication = await smsCode(first + 2);
    assert.equal(fromApplication.textMessage, `${application.name}: ${fromApplication.code}`);
  });

  it('a messenger that refuses the message fails the send', async () => {
    const userId = (await server.client.createUser(null as unknown as string, { user: { email: uniqueEmail(), password: PASSWORD } })).response.user!.id!;
    receiver.respondWith(500);
    const errors = await expectStatus(server.client.sendTwoFactorCodeForEnableDisable({ userId, mobilePhone: '+13035550000' }), 400);
    assert.deepEqual(generalCodes(errors), ['[TwoFactorSendFailed]']);
    receiver.respondWith(200);
  });
});
