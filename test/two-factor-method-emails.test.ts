/**
 * The tenant's `emailConfiguration.twoFactorMethodAddEmailTemplateId` / `twoFactorMethodRemoveEmailTemplateId`
 * (and an application's override of them): enabling or disabling a multi-factor method emails the user
 * (at the user's own address) with `method` — the method without its secret — in the template.
 * Without a template nothing is sent; an id that names no template is refused.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { base64ToBytes, totpCode } from '../src/api/two-factor/totp.js';
import { startEmailFixture, type EmailFixture } from './helpers/email-fixtures.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY } from './helpers/gatehouse.js';
import type { ReceivedEmail } from './helpers/smtp.js';
import { uniqueEmail } from './helpers/user-fixtures.js';

const NO_ID = undefined as unknown as string;
const methodTemplate = (subject: string) => ({
  name: `${subject} ${randomUUID()}`, defaultSubject: subject, defaultHtmlTemplate: '<p>${method.method}</p>',
  defaultTextTemplate: 'method=${method.method}\nmethodId=${method.id}\nsecret=${(method.secret)!"none"}\nuser=${user.email}',
});

describe('multi-factor method added / removed emails', () => {
  let f: EmailFixture;
  let addedId: string;
  let removedId: string;
  before(async () => {
    f = await startEmailFixture();
    addedId = (await f.createTemplate(methodTemplate('A method was added'))).id!;
    removedId = (await f.createTemplate(methodTemplate('A method was removed'))).id!;
  });
  after(() => f.stop());

  const client = () => f.server.clientWith(ADMIN_API_KEY, f.tenantId);

  /** Enables an authenticator for the user; answers the method id. */
  async function enableAuthenticator(userId: string, applicationId?: string): Promise<string> {
    const { secret } = (await client().generateTwoFactorSecret()).response;
    const code = totpCode(base64ToBytes(secret!), { algorithm: 'HmacSHA1', codeLength: 6, timeStep: 30 }, f.server.clock.now());
    const enabled = await client().enableTwoFactor(userId, { method: 'authenticator', secret: secret!, code, ...(applicationId !== undefined ? { applicationId } : {}) });
    assert.equal(enabled.statusCode, 200);
    const methods = (await client().retrieveUser(userId)).response.user!.twoFactor!.methods!;
    return methods.find((m) => m.method === 'authenticator')!.id!;
  }

  /** The messages with `subject` received so far, after queued deliveries finished. */
  async function sent(subject: string): Promise<ReceivedEmail[]> {
    await f.server.running.server.email.sender.idle();
    return f.smtp.received.filter((r) => r.mail.subject === subject);
  }

  const valueIn = (received: ReceivedEmail, name: string): string => new RegExp(`^${name}=(.*)$`, 'm').exec(received.mail.text ?? '')?.[1]?.trim() ?? '';

  it('sends nothing when no template is configured', async () => {
    const userId = await f.createUser();
    const methodId = await enableAuthenticator(userId);
    const recovery = (await client().generateTwoFactorRecoveryCodes(userId)).response.recoveryCodes![0]!;
    assert.equal((await client().disableTwoFactor(userId, methodId, recovery)).statusCode, 200);
    assert.deepEqual(await sent('A method was added'), []);
    assert.deepEqual(await sent('A method was removed'), []);
  });

  it('refuses template ids that name no Email Template', async () => {
    const unknown = randomUUID();
    const errors = await expectStatus(f.server.client.patchTenant(f.tenantId, {
      tenant: { emailConfiguration: { twoFactorMethodAddEmailTemplateId: unknown, twoFactorMethodRemoveEmailTemplateId: unknown } },
    }), 400);
    assert.deepEqual(fieldCodes(errors), {
      'tenant.emailConfiguration.twoFactorMethodAddEmailTemplateId': ['[invalid]tenant.emailConfiguration.twoFactorMethodAddEmailTemplateId'],
      'tenant.emailConfiguration.twoFactorMethodRemoveEmailTemplateId': ['[invalid]tenant.emailConfiguration.twoFactorMethodRemoveEmailTemplateId'],
    });
  });

  it('emails the user when a method is enabled and when it is disabled', async () => {
    const patched = await f.server.client.patchTenant(f.tenantId, {
      tenant: { emailConfiguration: { twoFactorMethodAddEmailTemplateId: addedId, twoFactorMethodRemoveEmailTemplateId: removedId } },
    });
    assert.equal(patched.statusCode, 200);
    const address = uniqueEmail();
    const userId = await f.createUser({ email: address });
    const methodId = await enableAuthenticator(userId);
    const [added] = await sent('A method was added');
    assert.ok(added, 'an added email');
    assert.deepEqual(added.recipients, [address]);
    assert.equal(valueIn(added, 'method'), 'authenticator');
    assert.equal(valueIn(added, 'methodId'), methodId);
    assert.equal(valueIn(added, 'secret'), 'none', 'the secret is not given to the template');
    assert.equal(valueIn(added, 'user'), address);

    // A wrong code disables nothing and sends nothing.
    await expectStatus(client().disableTwoFactor(userId, methodId, '000000-wrong'), 421);
    assert.deepEqual(await sent('A method was removed'), []);
    const recovery = (await client().generateTwoFactorRecoveryCodes(userId)).response.recoveryCodes![0]!;
    assert.equal((await client().disableTwoFactor(userId, methodId, recovery)).statusCode, 200);
    const removed = await sent('A method was removed');
    assert.equal(removed.length, 1);
    assert.deepEqual(removed[0]!.recipients, [address]);
    assert.equal(valueIn(removed[0]!, 'method'), 'authenticator');
    assert.equal(valueIn(removed[0]!, 'methodId'), methodId);
  });

  it("uses the application's template when the request names an application that overrides it", async () => {
    const override = (await f.createTemplate(methodTemplate('Hooli: a method was added'))).id!;
    const application = await f.server.client.createApplication(NO_ID, {
      application: { name: `Hooli ${randomUUID()}`, tenantId: f.tenantId, emailConfiguration: { twoFactorMethodAddEmailTemplateId: override } },
    });
    assert.equal(application.statusCode, 200, JSON.stringify(application.response));
    const before = (await sent('A method was added')).length;
    const address = uniqueEmail();
    const userId = await f.createUser({ email: address });
    const methodId = await enableAuthenticator(userId, application.response.application!.id!);
    const overridden = await sent('Hooli: a method was added');
    assert.equal(overridden.length, 1);
    assert.deepEqual(overridden[0]!.recipients, [address]);
    assert.equal(valueIn(overridden[0]!, 'methodId'), methodId);
    assert.equal((await sent('A method was added')).length, before, 'not the tenant template as well');
  });
});
