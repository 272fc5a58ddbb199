/**
 * The Message Templates API through the FusionAuth client: CRUD, validation, preview, and the
 * references tenants and applications hold (looked up on save, refusing the template's delete).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MessageType, type Errors, type SMSMessageTemplate } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { uniqueName } from './helpers/user-fixtures.js';

/** The preview response as FusionAuth 1.65 sends it (the client still types `previewMessage` as a string). */
interface PreviewBody {
  previewMessage: { type: string; textMessage?: string; message?: string; locale?: string };
  message: { type: string; textMessage?: string };
  errors: Errors;
}

const smsTemplate = (name = uniqueName('sms-template')): SMSMessageTemplate => ({
  name,
  type: MessageType.SMS,
  defaultTemplate: 'Your code is ${code}',
  localizedTemplates: { de: 'Ihr Code ist ${code}' },
  data: { owner: 'tests' },
});

describe('Message Templates API', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  async function create(template: SMSMessageTemplate = smsTemplate(), id?: string): Promise<SMSMessageTemplate> {
    const response = await server.client.createMessageTemplate(id as string, { messageTemplate: template });
    assert.equal(response.statusCode, 200);
    return response.response.messageTemplate as SMSMessageTemplate;
  }

  const post = (path: string, body: string): Promise<Response> =>
    server.fetch(path, { method: 'POST', headers: { Authorization: ADMIN_API_KEY, 'Content-Type': 'application/json' }, body });

  describe('CRUD', () => {
    it('creates with a given id, retrieves it alone and among all', async () => {
      const id = randomUUID();
      const template = smsTemplate();
      const created = await create(template, id);
      assert.equal(created.id, id);
      assert.equal(created.name, template.name);
      assert.equal(created.type, 'SMS');
      assert.equal(created.defaultTemplate, template.defaultTemplate);
      assert.deepEqual(created.localizedTemplates, template.localizedTemplates);
      assert.deepEqual(created.data, { owner: 'tests' });
      assert.equal(typeof created.insertInstant, 'number');
      assert.equal(created.insertInstant, created.lastUpdateInstant);

      assert.deepEqual((await server.client.retrieveMessageTemplate(id)).response.messageTemplate, created);
      const all = (await server.client.retrieveMessageTemplates()).response.messageTemplates!;
      assert.ok(all.some((t) => t.id === id && t.name === template.name));
    });

    it('generates an id and defaults the localized templates and data to empty', async () => {
      const created = await create({ name: uniqueName('plain'), type: MessageType.SMS, defaultTemplate: 'Code ${code}' });
      assert.match(created.id!, /^[0-9a-f-]{36}$/);
      assert.deepEqual(created.localizedTemplates, {});
      assert.deepEqual(created.data, {});
    });

    it('replaces with PUT, merges with PATCH, and moves lastUpdateInstant', async () => {
      const created = await create();
      server.clock.advance(1000);
      const put = (await server.client.updateMessageTemplate(created.id!, {
        messageTemplate: { name: created.name, type: MessageType.SMS, defaultTemplate: 'New ${code}' } as SMSMessageTemplate,
      })).response.messageTemplate as SMSMessageTemplate;
      assert.equal(put.defaultTemplate, 'New ${code}');
      assert.deepEqual(put.localizedTemplates, {});
      assert.equal(put.insertInstant, created.insertInstant);
      assert.ok(put.lastUpdateInstant! > created.lastUpdateInstant!);

      const patched = (await server.client.patchMessageTemplate(created.id!, {
        messageTemplate: { localizedTemplates: { fr: 'Votre code ${code}' } } as SMSMessageTemplate,
      })).response.messageTemplate as SMSMessageTemplate;
      assert.equal(patched.defaultTemplate, 'New ${code}');
      assert.equal(patched.name, created.name);
      assert.deepEqual(patched.localizedTemplates, { fr: 'Votre code ${code}' });
    });

    it('deletes, after which the template is gone', async () => {
      const created = await create();
      assert.equal((await server.client.deleteMessageTemplate(created.id!)).statusCode, 200);
      await expectStatus(server.client.retrieveMessageTemplate(created.id!), 404);
      await expectStatus(server.client.deleteMessageTemplate(created.id!), 404);
      await expectStatus(server.client.updateMessageTemplate(randomUUID(), { messageTemplate: smsTemplate() }), 404);
    });

    it('takes a global API key only: a tenant-locked key gets 401', async () => {
      const key = `locked-${randomUUID()}`;
      await server.running.server.apiKeys.create('kickstart', undefined, { key, tenantId: await server.defaultTenantId() });
      await expectStatus(server.clientWith(key).retrieveMessageTemplates(), 401);
      await expectStatus(server.clientWith(key).createMessageTemplate(undefined as unknown as string, { messageTemplate: smsTemplate() }), 401);
      await expectStatus(server.clientWith(null).retrieveMessageTemplates(), 401);
    });
  });

  describe('validation', () => {
    it('requires the template, its name, type and default template', async () => {
      const missing = await expectStatus(server.client.createMessageTemplate(undefined as unknown as string, {}), 400);
      assert.deepEqual(fieldCodes(missing), { messageTemplate: ['[missing]messageTemplate'] });
      const blank = await expectStatus(server.client.createMessageTemplate(undefined as unknown as string, { messageTemplate: { name: ' ' } }), 400);
      assert.deepEqual(fieldCodes(blank), {
        'messageTemplate.name': ['[blank]messageTemplate.name'],
        'messageTemplate.type': ['[blank]messageTemplate.type'],
        'messageTemplate.defaultTemplate': ['[blank]messageTemplate.defaultTemplate'],
      });
      const email = await expectStatus(server.client.createMessageTemplate(undefined as unknown as string, {
        messageTemplate: { ...smsTemplate(), type: 'Email' as MessageType },
      }), 400);
      assert.deepEqual(fieldCodes(email), { 'messageTemplate.type': ['[invalid]messageTemplate.type'] });
    });

    it('refuses templates that do not parse, by field and locale', async () => {
      const errors = await expectStatus(server.client.createMessageTemplate(undefined as unknown as string, {
        messageTemplate: { ...smsTemplate(), defaultTemplate: 'Code ${code', localizedTemplates: { de: 'ok ${code}', fr: '[#if code]open' } } as SMSMessageTemplate,
      }), 400);
      assert.deepEqual(fieldCodes(errors), {
        'messageTemplate.defaultTemplate': ['[invalidTemplate]messageTemplate.defaultTemplate'],
        'messageTemplate.localizedTemplates[fr]': ['[invalidTemplate]messageTemplate.localizedTemplates'],
      });
    });

    it('refuses a duplicate name or id, a malformed id, and a change of type', async () => {
      const existing = await create();
      const sameName = await expectStatus(server.client.createMessageTemplate(undefined as unknown as string, { messageTemplate: smsTemplate(existing.name) }), 400);
      assert.deepEqual(fieldCodes(sameName), { 'messageTemplate.name': ['[duplicate]messageTemplate.name'] });
      const other = await create();
      const renamed = await expectStatus(server.client.updateMessageTemplate(other.id!, { messageTemplate: smsTemplate(existing.name) }), 400);
      assert.deepEqual(fieldCodes(renamed), { 'messageTemplate.name': ['[duplicate]messageTemplate.name'] });
      const sameId = await expectStatus(server.client.createMessageTemplate(existing.id!, { messageTemplate: smsTemplate() }), 400);
      assert.deepEqual(fieldCodes(sameId), { messageTemplateId: ['[duplicate]messageTemplateId'] });
      const badId = await expectStatus(server.client.createMessageTemplate('not-a-uuid', { messageTemplate: smsTemplate() }), 400);
      assert.deepEqual(fieldCodes(badId), { messageTemplateId: ['[invalid]messageTemplateId'] });
      const voice = await expectStatus(server.client.patchMessageTemplate(other.id!, { messageTemplate: { type: MessageType.Voice } }), 400);
      assert.deepEqual(fieldCodes(voice), { 'messageTemplate.type': ['[invalid]messageTemplate.type'] });
    });

    it('answers malformed and wrongly typed JSON with 400', async () => {
      const malformed = await post('/api/message/template', '{"messageTemplate": {"name": ');
      assert.equal(malformed.status, 400);
      assert.deepEqual(generalCodes((await malformed.json()) as Errors), ['[invalidJSON]']);
      const wrongType = await post('/api/message/template', JSON.stringify({ messageTemplate: { ...smsTemplate(), defaultTemplate: 42 } }));
      assert.equal(wrongType.status, 400);
      assert.deepEqual(fieldCodes((await wrongType.json()) as Errors), { 'messageTemplate.defaultTemplate': ['[invalidJSON]messageTemplate.defaultTemplate'] });
      const malformedPreview = await post('/api/message/template/preview', '{');
      assert.equal(malformedPreview.status, 400);
    });
  });

  describe('preview', () => {
    const preview = async (body: object): Promise<PreviewBody> => {
      const response = await server.client.retrieveMessageTemplatePreview(body);
      assert.equal(response.statusCode, 200);
      return response.response as unknown as PreviewBody;
    };

    it('renders the default with the sample code, or the localized variant for a locale', async () => {
      const byDefault = await preview({ messageTemplate: { type: MessageType.SMS, defaultTemplate: 'Code ${code}' } as SMSMessageTemplate });
      assert.deepEqual(byDefault.previewMessage, { type: 'SMS', textMessage: 'Code 123456' });
      assert.deepEqual(byDefault.message, { type: 'SMS', textMessage: 'Code 123456' });
      assert.deepEqual(byDefault.errors, {});
      const german = await preview({ locale: 'de', messageTemplate: smsTemplate() });
      assert.deepEqual(german.previewMessage, { type: 'SMS', textMessage: 'Ihr Code ist 123456', locale: 'de' });
      const withUser = await preview({ messageTemplate: { type: MessageType.SMS, defaultTemplate: 'For ${user.id}: ${code}' } as SMSMessageTemplate });
      assert.match(withUser.previewMessage.textMessage!, /^For [0-9a-f-]{36}: 123456$/);
    });

    it('reports a template that fails, keeping its source as the text', async () => {
      const failed = await preview({ messageTemplate: { type: MessageType.SMS, defaultTemplate: 'Code ${code' } as SMSMessageTemplate });
      assert.equal(failed.previewMessage.textMessage, 'Code ${code');
      assert.deepEqual(fieldCodes(failed.errors), { 'messageTemplate.defaultTemplate': ['[invalidTemplate]messageTemplate.defaultTemplate'] });
      const undefinedVariable = await preview({ messageTemplate: { type: MessageType.SMS, defaultTemplate: '${nothing.here}' } as SMSMessageTemplate });
      assert.deepEqual(fieldCodes(undefinedVariable.errors), { 'messageTemplate.defaultTemplate': ['[invalidTemplate]messageTemplate.defaultTemplate'] });
      const noTemplate = await expectStatus(server.client.retrieveMessageTemplatePreview({}), 400);
      assert.deepEqual(fieldCodes(noTemplate), { messageTemplate: ['[missing]messageTemplate'] });
    });
  });

  describe('references from tenants and applications', () => {
    it('a tenant names an existing SMS template, and the template cannot be deleted meanwhile', async () => {
      const tenantId = await server.defaultTenantId();
      const template = await create();
      const voice = await create({ ...smsTemplate(), type: MessageType.Voice });

      const unknown = await expectStatus(server.client.patchTenant(tenantId, {
        tenant: { multiFactorConfiguration: { sms: { templateId: randomUUID() }, voice: { templateId: template.id! } } },
      }), 400);
      assert.deepEqual(fieldCodes(unknown), {
        'tenant.multiFactorConfiguration.sms.templateId': ['[invalid]tenant.multiFactorConfiguration.sms.templateId'],
        'tenant.multiFactorConfiguration.voice.templateId': ['[invalid]tenant.multiFactorConfiguration.voice.templateId'],
      });
      const wrongType = await expectStatus(server.client.patchTenant(tenantId, { tenant: { multiFactorConfiguration: { sms: { templateId: voice.id! } } } }), 400);
      assert.deepEqual(fieldCodes(wrongType), { 'tenant.multiFactorConfiguration.sms.templateId': ['[invalid]tenant.multiFactorConfiguration.sms.templateId'] });

      const accepted = await server.client.patchTenant(tenantId, { tenant: { multiFactorConfiguration: { sms: { templateId: template.id! } } } });
      assert.equal(accepted.response.tenant!.multiFactorConfiguration!.sms!.templateId, template.id);
      const inUse = await expectStatus(server.client.deleteMessageTemplate(template.id!), 400);
      assert.deepEqual(fieldCodes(inUse), { messageTemplateId: ['[inUse]messageTemplateId'] });
      assert.equal((await server.client.retrieveMessageTemplate(template.id!)).statusCode, 200);

      await server.client.patchTenant(tenantId, { tenant: { multiFactorConfiguration: { sms: { templateId: null as unknown as string } } } });
      assert.equal((await server.client.deleteMessageTemplate(template.id!)).statusCode, 200);
    });

    it('an application names an existing template for its SMS override, and holds it', async () => {
      const template = await create();
      const unknown = await expectStatus(server.client.createApplication(undefined as unknown as string, {
        application: { name: uniqueName('app'), multiFactorConfiguration: { sms: { templateId: randomUUID() } } },
      }), 400);
      assert.deepEqual(fieldCodes(unknown), { 'application.multiFactorConfiguration.sms.templateId': ['[invalid]application.multiFactorConfiguration.sms.templateId'] });

      const application = (await server.client.createApplication(undefined as unknown as string, {
        application: { name: uniqueName('app'), multiFactorConfiguration: { sms: { templateId: template.id! } } },
      })).response.application!;
      assert.equal(application.multiFactorConfiguration!.sms!.templateId, template.id);
      const inUse = await expectStatus(server.client.deleteMessageTemplate(template.id!), 400);
      assert.deepEqual(fieldCodes(inUse), { messageTemplateId: ['[inUse]messageTemplateId'] });

      assert.equal((await server.client.deleteApplication(application.id!)).statusCode, 200);
      assert.equal((await server.client.deleteMessageTemplate(template.id!)).statusCode, 200);
    });
  });
});
