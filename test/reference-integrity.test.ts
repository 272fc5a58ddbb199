import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SAMLv2IdentityProvider } from '@fusionauth/typescript-client';
import { helloTemplate } from './helpers/email-fixtures.js';
import { expectStatus, fieldCodes, generalCodes } from './helpers/expect.js';
import { addTenant, startTestServer, type TestServer } from './helpers/gatehouse.js';
import { createApplication, createProvider, importCertificate, samlProvider, unique } from './helpers/identity-provider-fixtures.js';
import { createTestIdp } from './helpers/saml-idp.js';

const NO_ID = null as unknown as string;

/** Objects that name other objects: a delete either refuses (in use) or takes the references with it. */
describe('Referential integrity', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  describe('a key an identity provider uses', () => {
    it('cannot be deleted while a SAML v2 provider verifies with it ([inUse]key)', async () => {
      const keyId = await importCertificate(server.client, await createTestIdp());
      const provider = await createProvider(server.client, samlProvider(keyId, await createApplication(server.client)));
      const errors = await expectStatus(server.client.deleteKey(keyId), 400);
      assert.deepEqual(generalCodes(errors), ['[inUse]key']);
      const message = errors.generalErrors![0]!.message!;
      assert.match(message, new RegExp(`identityProvider \\[${provider.name}\\] \\(${provider.id}\\) keyId`));
      assert.match(message, /verificationKeyIds/);
      // Once the provider is gone, so is the reference.
      assert.equal((await server.client.deleteIdentityProvider(provider.id!)).statusCode, 200);
      assert.equal((await server.client.deleteKey(keyId)).statusCode, 200);
    });

    it('cannot be deleted while a SAML v2 provider signs its requests with it', async () => {
      const keyId = await importCertificate(server.client, await createTestIdp());
      const signingKey = (await server.client.generateKey(NO_ID, { key: { algorithm: 'RS256' as never, name: unique('signing'), length: 2048 } })).response.key!.id!;
      const provider = await createProvider(server.client, samlProvider(keyId, await createApplication(server.client), { signRequest: true, requestSigningKeyId: signingKey }));
      const errors = await expectStatus(server.client.deleteKey(signingKey), 400);
      assert.deepEqual(generalCodes(errors), ['[inUse]key']);
      assert.match(errors.generalErrors![0]!.message!, new RegExp(`identityProvider \\[${provider.name}\\] \\(${provider.id}\\) requestSigningKeyId`));
      assert.equal((await server.client.retrieveKey(signingKey)).statusCode, 200);
    });
  });

  describe('hard-deleting an application', () => {
    it('removes its applicationConfiguration entry from every identity provider', async () => {
      const keyId = await importCertificate(server.client, await createTestIdp());
      const doomed = await createApplication(server.client);
      const kept = await createApplication(server.client);
      const both = { [doomed]: { enabled: true, createRegistration: false }, [kept]: { enabled: true, createRegistration: true } };
      const first = await createProvider(server.client, samlProvider(keyId, kept, { applicationConfiguration: both }));
      const second = await createProvider(server.client, samlProvider(keyId, doomed));
      const configurationOf = async (id: string) =>
        ((await server.client.retrieveIdentityProvider(id)).response.identityProvider as SAMLv2IdentityProvider).applicationConfiguration;

      // A soft delete (deactivation) keeps the configuration: the application can be reactivated.
      assert.equal((await server.client.deactivateApplication(doomed)).statusCode, 200);
      assert.deepEqual(Object.keys((await configurationOf(first.id!))!).sort(), [doomed, kept].sort());

      assert.equal((await server.client.deleteApplication(doomed)).statusCode, 200);
      assert.deepEqual(await configurationOf(first.id!), { [kept]: { enabled: true, createRegistration: true } });
      assert.deepEqual(await configurationOf(second.id!), {});
      // The providers stay usable: an update with the cleaned configuration is accepted.
      const retrieved = (await server.client.retrieveIdentityProvider(first.id!)).response.identityProvider!;
      assert.equal((await server.client.updateIdentityProvider(first.id!, { identityProvider: retrieved })).statusCode, 200);
    });
  });

  describe('deleting a tenant', () => {
    it('removes its tenantConfiguration and its applications\' entries from every identity provider', async () => {
      const keyId = await importCertificate(server.client, await createTestIdp());
      const kept = await createApplication(server.client);
      // The second tenant exists only inside this test, so the other tests keep a single default tenant.
      const tenantId = await addTenant(server, randomUUID());
      const doomed = await createApplication(server.client, { tenantId });
      const provider = await createProvider(server.client, samlProvider(keyId, kept, {
        applicationConfiguration: { [kept]: { enabled: true }, [doomed]: { enabled: true } },
        tenantConfiguration: { [tenantId]: { limitUserLinkCount: { enabled: true, maximumLinks: 2 } } },
      }));

      assert.equal((await server.client.deleteTenant(tenantId)).statusCode, 200);
      const cleaned = (await server.client.retrieveIdentityProvider(provider.id!)).response.identityProvider as SAMLv2IdentityProvider;
      assert.deepEqual(Object.keys(cleaned.applicationConfiguration ?? {}), [kept]);
      assert.deepEqual(cleaned.tenantConfiguration ?? {}, {});
      assert.equal((await server.client.updateIdentityProvider(provider.id!, { identityProvider: cleaned })).statusCode, 200);
    });
  });

  describe('an email template a user action uses', () => {
    const createTemplate = async (): Promise<string> => {
      const response = await server.client.createEmailTemplate(NO_ID, { emailTemplate: helloTemplate() });
      assert.equal(response.statusCode, 200);
      return response.response.emailTemplate!.id!;
    };

    it('cannot be deleted while a user action emails with it ([inUse]emailTemplateId)', async () => {
      const [start, modify, cancel, end] = [await createTemplate(), await createTemplate(), await createTemplate(), await createTemplate()];
      const name = unique('Suspend');
      const action = await server.client.createUserAction(NO_ID, {
        userAction: { name, temporal: true, userEmailingEnabled: true, startEmailTemplateId: start, modifyEmailTemplateId: modify, cancelEmailTemplateId: cancel, endEmailTemplateId: end },
      });
      assert.equal(action.statusCode, 200);
      for (const [templateId, field] of [[start, 'startEmailTemplateId'], [modify, 'modifyEmailTemplateId'], [cancel, 'cancelEmailTemplateId'], [end, 'endEmailTemplateId']] as const) {
        const errors = await expectStatus(server.client.deleteEmailTemplate(templateId), 400);
        assert.deepEqual(fieldCodes(errors), { emailTemplateId: ['[inUse]emailTemplateId'] });
        assert.match(errors.fieldErrors!.emailTemplateId![0]!.message!, new RegExp(`userAction \\[${name}\\] \\(userAction\\.${field}\\)`));
      }
      // An inactive action still names the template.
      assert.equal((await server.client.deactivateUserAction(action.response.userAction!.id!)).statusCode, 200);
      await expectStatus(server.client.deleteEmailTemplate(start), 400);
      // Once the action is gone the templates can go too.
      assert.equal((await server.client.deleteUserAction(action.response.userAction!.id!)).statusCode, 200);
      for (const templateId of [start, modify, cancel, end]) assert.equal((await server.client.deleteEmailTemplate(templateId)).statusCode, 200);
    });
  });
});
