import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EmailTemplate } from '@fusionauth/typescript-client';
import { helloTemplate, startEmailFixture, type EmailFixture } from './helpers/email-fixtures.js';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, addTenant, type TestServer } from './helpers/gatehouse.js';
import { uniqueName } from './helpers/user-fixtures.js';

describe('Email Templates API', () => {
  let f: EmailFixture;
  let server: TestServer;
  let tenantId: string;
  const createTemplate = (template?: EmailTemplate, id?: string): Promise<EmailTemplate> => f.createTemplate(template, id);

  before(async () => {
    f = await startEmailFixture();
    ({ server, tenantId } = f);
  });
  after(async () => {
    await f.stop();
  });

  describe('Email Templates CRUD', () => {
    it('creates a template with a given id and returns it whole, with instants', async () => {
      const id = randomUUID();
      const template = helloTemplate();
      const created = await createTemplate(template, id);
      assert.equal(created.id, id);
      assert.equal(created.name, template.name);
      assert.equal(created.defaultSubject, template.defaultSubject);
      assert.deepEqual(created.localizedSubjects, template.localizedSubjects);
      assert.equal(typeof created.insertInstant, 'number');
      assert.equal(created.insertInstant, created.lastUpdateInstant);

      const retrieved = (await server.client.retrieveEmailTemplate(id)).response.emailTemplate!;
      assert.deepEqual(retrieved, created);
      const all = (await server.client.retrieveEmailTemplates()).response.emailTemplates!;
      assert.ok(all.some((t) => t.id === id && t.name === template.name));
    });

    it('generates an id and defaults the localized maps to empty', async () => {
      const created = await createTemplate({ name: uniqueName('plain'), defaultSubject: 's', defaultHtmlTemplate: 'h', defaultTextTemplate: 't' });
      assert.match(created.id!, /^[0-9a-f-]{36}$/);
      assert.deepEqual(created.localizedHtmlTemplates, {});
      assert.equal(created.fromEmail, undefined);
    });

    it('updates with PUT (the whole template) and PATCH (merging)', async () => {
      const created = await createTemplate();
      const updated = await server.client.updateEmailTemplate(created.id!, {
        emailTemplate: { name: created.name, defaultSubject: 'New subject', defaultHtmlTemplate: '<b>new</b>', defaultTextTemplate: 'new' },
      });
      assert.equal(updated.statusCode, 200);
      const put = updated.response.emailTemplate!;
      assert.equal(put.defaultSubject, 'New subject');
      assert.deepEqual(put.localizedSubjects, {});
      assert.equal(put.insertInstant, created.insertInstant);
      assert.ok(put.lastUpdateInstant! >= created.lastUpdateInstant!);

      const patched = (await server.client.patchEmailTemplate(created.id!, {
        emailTemplate: { defaultFromName: 'Patched', localizedSubjects: { de: 'Hallo' } },
      })).response.emailTemplate!;
      assert.equal(patched.defaultFromName, 'Patched');
      assert.equal(patched.defaultSubject, 'New subject');
      assert.deepEqual(patched.localizedSubjects, { de: 'Hallo' });
    });

    it('deletes a template; then it is not found', async () => {
      const created = await createTemplate();
      assert.equal((await server.client.deleteEmailTemplate(created.id!)).statusCode, 200);
      await expectStatus(server.client.retrieveEmailTemplate(created.id!), 404);
      await expectStatus(server.client.deleteEmailTemplate(created.id!), 404);
      await expectStatus(server.client.updateEmailTemplate(created.id!, { emailTemplate: helloTemplate() }), 404);
    });

    it('validates required fields, addresses, template syntax and uniqueness with FusionAuth codes', async () => {
      const blank = await expectStatus(server.client.createEmailTemplate(undefined as unknown as string, { emailTemplate: { defaultFromName: 'x' } }), 400);
      assert.deepEqual(fieldCodes(blank), {
        'emailTemplate.name': ['[blank]emailTemplate.name'],
        'emailTemplate.defaultTextTemplate': ['[blank]emailTemplate.defaultTextTemplate'],
        'emailTemplate.defaultHtmlTemplate': ['[blank]emailTemplate.defaultHtmlTemplate'],
        'emailTemplate.defaultSubject': ['[blank]emailTemplate.defaultSubject'],
      });

      const invalid = await expectStatus(server.client.createEmailTemplate(undefined as unknown as string, {
        emailTemplate: { ...helloTemplate(), fromEmail: 'not-an-email', defaultHtmlTemplate: '[#if user.verified]unclosed', localizedTextTemplates: { de: '${oops' } },
      }), 400);
      assert.deepEqual(fieldCodes(invalid), {
        'emailTemplate.fromEmail': ['[notEmail]emailTemplate.fromEmail'],
        'emailTemplate.defaultHtmlTemplate': ['[invalidTemplate]emailTemplate.defaultHtmlTemplate'],
        'emailTemplate.localizedTextTemplates[de]': ['[invalidTemplate]emailTemplate.localizedTextTemplates'],
      });
      assert.match(invalid.fieldErrors!['emailTemplate.defaultHtmlTemplate']![0]!.message!, /#if directive is not closed/);

      const existing = await createTemplate();
      const duplicate = await expectStatus(server.client.createEmailTemplate(existing.id!, { emailTemplate: helloTemplate(existing.name) }), 400);
      assert.deepEqual(fieldCodes(duplicate), { emailTemplateId: ['[duplicate]emailTemplateId'], 'emailTemplate.name': ['[duplicate]emailTemplate.name'] });

      const other = await createTemplate();
      const renamed = await expectStatus(server.client.updateEmailTemplate(other.id!, { emailTemplate: helloTemplate(existing.name) }), 400);
      assert.deepEqual(fieldCodes(renamed), { 'emailTemplate.name': ['[duplicate]emailTemplate.name'] });

      const missing = await expectStatus(server.client.createEmailTemplate(undefined as unknown as string, {}), 400);
      assert.deepEqual(fieldCodes(missing), { emailTemplate: ['[missing]emailTemplate'] });
    });

    it('refuses malformed JSON and a malformed id', async () => {
      const response = await server.fetch('/api/email/template', {
        method: 'POST', headers: { authorization: ADMIN_API_KEY, 'content-type': 'application/json' }, body: '{"emailTemplate": {"name": 5}}',
      });
      assert.equal(response.status, 400);
      assert.deepEqual(fieldCodes(await response.json()), { 'emailTemplate.name': ['[invalidJSON]emailTemplate.name'] });
      const badId = await expectStatus(server.client.createEmailTemplate('not-a-uuid', { emailTemplate: helloTemplate() }), 400);
      assert.deepEqual(fieldCodes(badId), { emailTemplateId: ['[invalid]emailTemplateId'] });
    });

    it('takes a global API key only: a tenant-locked key gets 401', async () => {
      const key = `locked-${randomUUID()}`;
      await server.running.server.apiKeys.create('kickstart', undefined, { key, tenantId });
      const locked = server.clientWith(key);
      await expectStatus(locked.retrieveEmailTemplates(), 401);
      await expectStatus(locked.createEmailTemplate(undefined as unknown as string, { emailTemplate: helloTemplate() }), 401);
      await expectStatus(server.clientWith(null).retrieveEmailTemplates(), 401);
    });
  });

  describe('tenants and Email Templates', () => {
    it('a tenant may name existing templates and not unknown ones', async () => {
      const template = await createTemplate();
      const otherTenant = await addTenant(server, randomUUID());
      const ok = await server.client.patchTenant(otherTenant, {
        tenant: { emailConfiguration: { forgotPasswordEmailTemplateId: template.id!, verificationEmailTemplateId: template.id!, verifyEmail: true } },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.response.tenant!.emailConfiguration!.forgotPasswordEmailTemplateId, template.id);
      const unknown = randomUUID();
      const refused = await expectStatus(server.client.patchTenant(otherTenant, {
        tenant: { emailConfiguration: { setPasswordEmailTemplateId: unknown }, familyConfiguration: { confirmChildEmailTemplateId: 'nope' } },
      }), 400);
      assert.deepEqual(fieldCodes(refused), {
        'tenant.emailConfiguration.setPasswordEmailTemplateId': ['[invalid]tenant.emailConfiguration.setPasswordEmailTemplateId'],
        'tenant.familyConfiguration.confirmChildEmailTemplateId': ['[invalid]tenant.familyConfiguration.confirmChildEmailTemplateId'],
      });
    });

    it('a template in use by a tenant cannot be deleted ([inUse]emailTemplateId)', async () => {
      const template = await createTemplate();
      const otherTenant = await addTenant(server, randomUUID());
      await server.client.patchTenant(otherTenant, { tenant: { emailConfiguration: { passwordUpdateEmailTemplateId: template.id! } } });
      const inUse = await expectStatus(server.client.deleteEmailTemplate(template.id!), 400);
      assert.deepEqual(fieldCodes(inUse), { emailTemplateId: ['[inUse]emailTemplateId'] });
      assert.match(inUse.fieldErrors!.emailTemplateId![0]!.message!, /tenant\.emailConfiguration\.passwordUpdateEmailTemplateId/);
      await server.client.deleteTenant(otherTenant);
      assert.equal((await server.client.deleteEmailTemplate(template.id!)).statusCode, 200);
    });
  });

  describe('Search for Email Templates', () => {
    const prefix = uniqueName('search');
    const ids: string[] = [];
    before(async () => {
      for (const suffix of ['c', 'a', 'b']) ids.push((await createTemplate(helloTemplate(`${prefix} ${suffix}`))).id!);
    });

    it('matches names case-insensitively (contains, * wildcard), by name ASC by default, with a total', async () => {
      const found = (await server.client.searchEmailTemplates({ search: { name: prefix.toUpperCase() } })).response;
      assert.equal(found.total, 3);
      assert.deepEqual(found.emailTemplates!.map((t) => t.name), [`${prefix} a`, `${prefix} b`, `${prefix} c`]);
      const wildcard = (await server.client.searchEmailTemplates({ search: { name: `${prefix}*c` } })).response;
      assert.deepEqual(wildcard.emailTemplates!.map((t) => t.name), [`${prefix} c`]);
    });

    it('orders and pages', async () => {
      const page = (await server.client.searchEmailTemplates({ search: { name: prefix, orderBy: 'name DESC', startRow: 1, numberOfResults: 1 } })).response;
      assert.equal(page.total, 3);
      assert.deepEqual(page.emailTemplates!.map((t) => t.name), [`${prefix} b`]);
      const byInsert = (await server.client.searchEmailTemplates({ search: { name: prefix, orderBy: 'insertInstant' } })).response;
      assert.deepEqual(byInsert.emailTemplates!.map((t) => t.id), ids);
      const bad = await expectStatus(server.client.searchEmailTemplates({ search: { orderBy: 'color' } }), 400);
      assert.deepEqual(fieldCodes(bad), { 'search.orderBy': ['[invalid]search.orderBy'] });
    });

    it('answers GET with query parameters the same way', async () => {
      const response = await server.fetch(`/api/email/template/search?name=${encodeURIComponent(prefix)}&numberOfResults=2`, { headers: { authorization: ADMIN_API_KEY } });
      const body = await response.json() as { total: number; emailTemplates: EmailTemplate[] };
      assert.equal(body.total, 3);
      assert.deepEqual(body.emailTemplates.map((t) => t.name), [`${prefix} a`, `${prefix} b`]);
    });
  });

  describe('Preview an Email Template', () => {
    it('renders the localized variant with sample data', async () => {
      const template = helloTemplate();
      template.defaultHtmlTemplate = '<a href="${baseUrl}/email/verify/${verificationId}">${user.email}</a> ${requestData.amount}';
      const response = await server.client.retrieveEmailTemplatePreview({ emailTemplate: template, locale: 'de' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.response.email, {
        from: { address: 'email@example.com', display: 'Verwalter' },
        subject: 'Hallo {{user.firstName}}',
        html: '<p>Hallo {{user.firstName}}</p>',
        text: 'Hallo {{user.firstName}}',
      });
      assert.deepEqual(response.response.errors, {});
      const defaults = (await server.client.retrieveEmailTemplatePreview({ emailTemplate: template })).response.email!;
      assert.equal(defaults.html, '<a href="https://example.com/email/verify/{{verificationId}}">{{user.email}}</a> {{requestData.amount}}');
    });

    it('reports template errors under the default field and returns the raw source of the failed part', async () => {
      const response = await server.client.retrieveEmailTemplatePreview({
        emailTemplate: { fromEmail: 'a@example.com', defaultSubject: 'Hi ${application.name}', defaultHtmlTemplate: '[#if]', defaultTextTemplate: 'fine' },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(fieldCodes(response.response.errors!), {
        'emailTemplate.defaultSubject': ['[invalidTemplate]emailTemplate.defaultSubject'],
        'emailTemplate.defaultHtmlTemplate': ['[invalidTemplate]emailTemplate.defaultHtmlTemplate'],
      });
      assert.equal(response.response.email!.subject, 'Hi ${application.name}');
      assert.equal(response.response.email!.html, '[#if]');
      assert.equal(response.response.email!.text, 'fine');
    });
  });

});
