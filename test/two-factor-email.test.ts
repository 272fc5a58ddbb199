/**
 * The email method end to end: a code sent over SMTP with the tenant's Multi-Factor email template
 * proves the address when enabling, completes a login, and disables the method; codes work once and
 * expire per `twoFactorOneTimeCodeIdTimeToLiveInSeconds` (default 60 s).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmailFixture, type EmailFixture } from './helpers/email-fixtures.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import type { ReceivedEmail } from './helpers/smtp.js';
import { PASSWORD, uniqueEmail } from './helpers/user-fixtures.js';

const codeIn = (received: ReceivedEmail): string => {
  const match = /code=(\S+)/.exec(received.mail.text ?? '');
  assert.ok(match, `no code in ${JSON.stringify(received.mail.text)}`);
  return match[1]!;
};

describe('two factor by email', () => {
  let f: EmailFixture;
  before(async () => {
    f = await startEmailFixture();
    const template = await f.createTemplate({ name: 'MFA code', defaultFromName: 'MFA', defaultSubject: 'Your code', defaultHtmlTemplate: '<p>${code}</p>', defaultTextTemplate: 'code=${code}' });
    const patched = await f.server.client.patchTenant(f.tenantId, { tenant: { multiFactorConfiguration: { email: { enabled: true, templateId: template.id! } } } });
    assert.equal(patched.statusCode, 200);
  });
  after(() => f.stop());

  const client = () => f.server.clientWith(ADMIN_API_KEY, f.tenantId);

  async function sendForEnable(userId: string, email: string): Promise<string> {
    assert.equal((await client().sendTwoFactorCodeForEnableDisable({ userId, email })).statusCode, 200);
    const received = await f.smtp.next();
    assert.deepEqual(received.recipients, [email]);
    return codeIn(received);
  }

  it('enables, logs in with and disables the email method using codes sent by email', async () => {
    const address = uniqueEmail();
    const userId = await f.createUser({ email: address });
    const code = await sendForEnable(userId, address);
    assert.match(code, /^\d{6}$/);
    await expectStatus(client().enableTwoFactor(userId, { method: 'email', email: address, code: code === '000000' ? '000001' : '000000' }), 421);
    const enabled = await client().enableTwoFactor(userId, { method: 'email', email: address, code });
    assert.equal(enabled.response.recoveryCodes?.length, 10);
    const method = (await client().retrieveUser(userId)).response.user!.twoFactor!.methods![0]!;
    assert.equal(method.method, 'email');
    assert.equal(method.email, address);

    const login = await client().login({ loginId: address, password: PASSWORD });
    assert.equal(login.statusCode, 242);
    assert.equal(login.response.methods?.[0]?.id, method.id);
    const twoFactorId = login.response.twoFactorId!;
    assert.equal((await client().sendTwoFactorCodeForLoginUsingMethod(twoFactorId, { methodId: method.id! })).statusCode, 200);
    const loginCode = codeIn(await f.smtp.next());
    const done = await f.server.clientWith(null).twoFactorLogin({ twoFactorId, code: loginCode });
    assert.equal(done.statusCode, 200);
    assert.equal(done.response.user?.id, userId);
    // The code was used.
    const again = (await client().login({ loginId: address, password: PASSWORD })).response.twoFactorId!;
    await expectStatus(f.server.clientWith(null).twoFactorLogin({ twoFactorId: again, code: loginCode }), 421);
    // A code past its 60 seconds does not work.
    await client().sendTwoFactorCodeForLoginUsingMethod(again, { methodId: method.id! });
    const late = codeIn(await f.smtp.next());
    f.server.clock.advance(61_000);
    await expectStatus(f.server.clientWith(null).twoFactorLogin({ twoFactorId: again, code: late }), 421);
    await expectStatus(client().sendTwoFactorCodeForLoginUsingMethod('unknown-id', { methodId: method.id! }), 404);

    // Disable: a code sent to the method.
    assert.equal((await client().sendTwoFactorCodeForEnableDisable({ userId, methodId: method.id! })).statusCode, 200);
    const disableCode = codeIn(await f.smtp.next());
    assert.equal((await client().disableTwoFactor(userId, method.id!, disableCode)).statusCode, 200);
    assert.equal((await client().login({ loginId: address, password: PASSWORD })).statusCode, 200);
  });

  it('a code sent to one address does not enable another', async () => {
    const address = uniqueEmail();
    const userId = await f.createUser({ email: address });
    const code = await sendForEnable(userId, address);
    await expectStatus(client().enableTwoFactor(userId, { method: 'email', email: uniqueEmail(), code }), 421);
    const blank = await expectStatus(client().sendTwoFactorCodeForEnableDisable({ userId }), 400);
    assert.deepEqual(fieldCodes(blank), { method: ['[blank]method'] });
  });
});
