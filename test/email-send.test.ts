import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EmailTemplate } from '@fusionauth/typescript-client';
import { helloTemplate, startEmailFixture, type EmailFixture } from './helpers/email-fixtures.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, addTenant, type TestServer } from './helpers/gatehouse.js';
import { addressesOf, startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';

describe('Emails API: sending', () => {
  let f: EmailFixture;
  let server: TestServer;
  let smtp: TestSmtpServer;
  let tenantId: string;
  const createTemplate = (template?: EmailTemplate, id?: string): Promise<EmailTemplate> => f.createTemplate(template, id);
  const createUser = (fields?: Record<string, unknown>): Promise<string> => f.createUser(fields);

  before(async () => {
    f = await startEmailFixture();
    ({ server, smtp, tenantId } = f);
  });
  after(async () => {
    await f.stop();
  });

  describe('Send an Email', () => {
    it('sends to users by id: rendered, localized by preferredLanguages, from the template, to the user', async () => {
      const template = await createTemplate();
      const german = await createUser({ preferredLanguages: ['de'], firstName: 'Jared', lastName: 'Dunn' });
      const english = await createUser({ firstName: 'Monica', fullName: 'Monica Hall' });
      const response = await server.client.sendEmail(template.id!, { userIds: [german, english], requestData: { message: 'Thanks!' } });
      assert.equal(response.statusCode, 202);
      assert.deepEqual(response.response, {});
      const mails = [await smtp.next(), await smtp.next()];
      const de = mails.find((m) => m.mail.subject === 'Hallo Jared')!;
      const en = mails.find((m) => m.mail.subject === 'Hello Monica')!;
      assert.ok(de && en, `subjects: ${mails.map((m) => m.mail.subject).join(', ')}`);
      assert.equal(de.mail.from!.value[0]!.address, 'email@example.com');
      assert.equal(de.mail.from!.value[0]!.name, 'Verwalter');
      assert.equal(de.mail.to && !Array.isArray(de.mail.to) ? de.mail.to.value[0]!.name : '', 'Jared Dunn');
      assert.equal((de.mail.html as string).trim(), '<p>Hallo Jared</p>');
      assert.equal(de.mail.text!.trim(), 'Hallo Jared');
      assert.equal((en.mail.html as string).trim(), '<p>Hello Monica</p><p>Welcome to Pied Piper! Thanks!</p>');
      assert.equal(en.mail.text!.trim(), 'Hello Monica,\nWelcome to Pied Piper!');
      assert.equal(en.mail.from!.value[0]!.name, 'Administrator');
      assert.equal(en.mail.to && !Array.isArray(en.mail.to) ? en.mail.to.value[0]!.name : '', 'Monica Hall');
      assert.equal(en.mail.headers.get('x-gatehouse-test'), 'yes');
    });

    it('sends to toAddresses with preferredLanguages, cc and bcc, using the tenant default sender', async () => {
      const template = await createTemplate({ ...helloTemplate(), fromEmail: undefined, defaultFromName: undefined, localizedFromNames: {} });
      const response = await server.client.sendEmail(template.id!, {
        toAddresses: [{ address: 'accounting@piedpiper.com', display: 'Pied Piper Accounting' }],
        ccAddresses: ['james@bond.com'],
        bccAddresses: ['jared@piedpiper.com'],
        preferredLanguages: ['fr'],
      });
      assert.equal(response.statusCode, 202);
      const received = await smtp.next();
      assert.equal(received.mail.subject, 'Bonjour toi');
      assert.deepEqual(addressesOf(received.mail.to), ['accounting@piedpiper.com']);
      assert.deepEqual(addressesOf(received.mail.cc), ['james@bond.com']);
      assert.deepEqual([...received.recipients].sort(), ['accounting@piedpiper.com', 'james@bond.com', 'jared@piedpiper.com']);
      assert.equal(received.mail.from!.value[0]!.address, 'no-reply@piedpiper.com');
      assert.equal(received.mail.from!.value[0]!.name, 'Pied Piper');
    });

    it('makes the application available with applicationId', async () => {
      const applicationId = randomUUID();
      await server.clientWith(ADMIN_API_KEY, tenantId).createApplication(applicationId, { application: { name: 'Hooli Web' } });
      const template = await createTemplate({ ...helloTemplate(), defaultSubject: 'From ${application.name}', localizedSubjects: {} });
      const response = await server.client.sendEmail(template.id!, { applicationId, toAddresses: [{ address: 'gavin@hooli.com' }] });
      assert.equal(response.statusCode, 202);
      assert.equal((await smtp.next()).mail.subject, 'From Hooli Web');
      const bad = await expectStatus(server.client.sendEmail(template.id!, { applicationId: randomUUID(), toAddresses: [{ address: 'x@y.com' }] }), 400);
      assert.deepEqual(fieldCodes(bad), { applicationId: ['[invalid]applicationId'] });
    });

    it('reports render errors per recipient and sends the others', async () => {
      const template = await createTemplate({ ...helloTemplate(), defaultHtmlTemplate: '${requestData.not.here}', localizedHtmlTemplates: {} });
      const userId = await createUser();
      await server.running.server.email.sender.idle();
      const before = smtp.received.length;
      const response = await server.client.sendEmail(template.id!, { userIds: [userId], toAddresses: [{ address: 'ok@example.com' }] });
      assert.equal(response.statusCode, 202);
      const errors = response.response.results![userId]!;
      assert.deepEqual(Object.keys(errors.renderErrors!), ['html']);
      assert.match(errors.renderErrors!.html!, /==> requestData/);
      assert.deepEqual(Object.keys(response.response.anonymousResults!), ['ok@example.com']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await server.running.server.email.sender.idle();
      assert.equal(smtp.received.length, before);
    });

    it('answers 404 for an unknown template, 400 without recipients, 200 when no recipient exists', async () => {
      const template = await createTemplate();
      await expectStatus(server.client.sendEmail(randomUUID(), { toAddresses: [{ address: 'a@b.com' }] }), 404);
      const none = await expectStatus(server.client.sendEmail(template.id!, {}), 400);
      assert.deepEqual(fieldCodes(none), { userIds: ['[empty]userIds'] });
      const unknown = await server.client.sendEmail(template.id!, { userIds: [randomUUID()] });
      assert.equal(unknown.statusCode, 200);
    });

    it('keeps a tenant-scoped request to its own users', async () => {
      const template = await createTemplate();
      const otherTenant = await addTenant(server, randomUUID());
      const userId = await createUser();
      const scoped = server.clientWith(ADMIN_API_KEY, otherTenant);
      const response = await scoped.sendEmail(template.id!, { userIds: [userId] });
      assert.equal(response.statusCode, 200);
    });

    it('does not fail the call when the SMTP server is down; the delivery failure is a value', async () => {
      const downTenant = await addTenant(server, randomUUID());
      const closed = await startSmtpServer();
      await closed.stop();
      await server.client.patchTenant(downTenant, { tenant: { emailConfiguration: { host: '127.0.0.1', port: closed.port } } });
      const template = await createTemplate();
      const response = await server.clientWith(ADMIN_API_KEY, downTenant).sendEmail(template.id!, { toAddresses: [{ address: 'a@example.com' }] });
      assert.equal(response.statusCode, 202);
      assert.deepEqual(response.response, {});
      const tenant = (await server.running.server.tenants.find(downTenant))!;
      const outcome = await server.running.server.email.sender.sendTemplate({ tenant, templateId: template.id!, to: { email: 'b@example.com' } });
      assert.equal(outcome.status, 'queued');
      const delivery = outcome.status === 'queued' ? await outcome.delivery : undefined;
      assert.equal(delivery?.ok, false);
      assert.match(delivery?.ok === false ? delivery.error : '', /ECONNREFUSED|connect/i);
    });

    it('authenticates with the tenant SMTP username and password', async () => {
      const secured = await startSmtpServer({ username: 'smtp-user', password: 's3cret-pass' });
      try {
        const authTenant = await addTenant(server, randomUUID());
        await server.client.patchTenant(authTenant, {
          tenant: { emailConfiguration: { host: secured.host, port: secured.port, username: 'smtp-user', password: 's3cret-pass', defaultFromEmail: 'auth@example.com' } },
        });
        const template = await createTemplate();
        await server.clientWith(ADMIN_API_KEY, authTenant).sendEmail(template.id!, { toAddresses: [{ address: 'c@example.com' }] });
        const received = await secured.next();
        assert.equal(received.authenticatedAs, 'smtp-user');
        assert.equal(received.envelopeFrom, 'email@example.com');
      } finally {
        await secured.stop();
      }
    });
  });

  describe('the template sender the account flows use', () => {
    it('sends a template to a user with flow variables, localized by the user', async () => {
      const template = await createTemplate({
        ...helloTemplate(),
        defaultSubject: 'Verify your email',
        defaultHtmlTemplate: '<a href="${baseUrl}/email/verify/${verificationId}?tenantId=${tenant.id}">Verify ${user.email}</a>',
        defaultTextTemplate: '[#if verificationOneTimeCode??]\nCode: ${verificationOneTimeCode}\n[#else]\n${baseUrl}/email/verify/${verificationId}\n[/#if]\n',
        localizedSubjects: {}, localizedHtmlTemplates: {}, localizedTextTemplates: {},
      });
      const userId = await createUser();
      const user = (await server.client.retrieveUser(userId)).response.user!;
      // The tenant's baseURL is the templates' `baseUrl` (no application here).
      const tenant = { ...(await server.running.server.tenants.find(tenantId))!, baseURL: 'https://auth.piedpiper.com/' };
      const outcome = await server.running.server.email.sender.sendTemplate({
        tenant, templateId: template.id!, to: user, data: { verificationId: 'vid-123' },
      });
      assert.equal(outcome.status, 'queued');
      assert.deepEqual(outcome.status === 'queued' ? (await outcome.delivery).ok : undefined, true);
      const received = await smtp.next();
      assert.deepEqual(addressesOf(received.mail.to), [user.email]);
      assert.equal(received.mail.subject, 'Verify your email');
      assert.equal((received.mail.html as string).trim(), `<a href="https://auth.piedpiper.com/email/verify/vid-123?tenantId=${tenantId}">Verify ${user.email}</a>`);
      assert.equal(received.mail.text!.trim(), 'https://auth.piedpiper.com/email/verify/vid-123');
    });

    it('answers templateNotFound, notConfigured and noRecipientAddress as values', async () => {
      const tenant = (await server.running.server.tenants.find(tenantId))!;
      const sender = server.running.server.email.sender;
      assert.equal((await sender.sendTemplate({ tenant, templateId: randomUUID(), to: { email: 'a@b.com' } })).status, 'templateNotFound');
      const template = await createTemplate();
      assert.equal((await sender.sendTemplate({ tenant: { ...tenant, emailConfiguration: {} }, templateId: template.id!, to: { email: 'a@b.com' } })).status, 'notConfigured');
      assert.equal((await sender.sendTemplate({ tenant, templateId: template.id!, to: { firstName: 'No Email' } })).status, 'noRecipientAddress');
      const broken = await createTemplate({ ...helloTemplate(), defaultTextTemplate: '${nothing}' });
      const failed = await sender.sendTemplate({ tenant, templateId: broken.id!, to: { email: 'a@b.com' } });
      assert.equal(failed.status, 'templateFailed');
    });
  });
});
