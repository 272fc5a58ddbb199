/**
 * Fixtures for the Emails API tests: a Gatehouse whose default tenant sends through an in-process SMTP
 * server, the docs' example template, and helpers to create templates and users.
 */
import assert from 'node:assert/strict';
import type { EmailTemplate } from '@fusionauth/typescript-client';
import { ADMIN_API_KEY, startTestServer, type TestServer } from './gatehouse.js';
import { startSmtpServer, type TestSmtpServer } from './smtp.js';
import { PASSWORD, uniqueEmail, uniqueName } from './user-fixtures.js';

/** The docs' example template (apis/emails request.json), with a few more variables. */
export function helloTemplate(name = uniqueName('Hello World')): EmailTemplate {
  return {
    name,
    fromEmail: 'email@example.com',
    defaultFromName: 'Administrator',
    defaultSubject: 'Hello ${user.firstName!"there"}',
    defaultHtmlTemplate: '<p>Hello ${user.firstName!"there"}</p><p>Welcome to ${tenant.name}! ${(requestData.message)!""}</p>',
    defaultTextTemplate: 'Hello ${user.firstName!"there"},\nWelcome to ${tenant.name}!',
    localizedFromNames: { de: 'Verwalter', fr: 'Administrateur' },
    localizedSubjects: { de: 'Hallo ${user.firstName!"du"}', fr: 'Bonjour ${user.firstName!"toi"}' },
    localizedHtmlTemplates: { de: '<p>Hallo ${user.firstName!"du"}</p>', fr: '<p>Bonjour ${user.firstName!"toi"}</p>' },
    localizedTextTemplates: { de: 'Hallo ${user.firstName!"du"}', fr: 'Bonjour ${user.firstName!"toi"}' },
  };
}

export interface EmailFixture {
  readonly server: TestServer;
  readonly smtp: TestSmtpServer;
  /** The default tenant ("Pied Piper"), configured to send through `smtp`. */
  readonly tenantId: string;
  createTemplate(template?: EmailTemplate, id?: string): Promise<EmailTemplate>;
  /** A user of the default tenant (Monica Hall unless `fields` say otherwise); returns its id. */
  createUser(fields?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

export async function startEmailFixture(): Promise<EmailFixture> {
  const server = await startTestServer();
  const smtp = await startSmtpServer();
  const tenantId = await server.defaultTenantId();
  const patched = await server.client.patchTenant(tenantId, {
    tenant: {
      name: 'Pied Piper',
      emailConfiguration: {
        host: smtp.host, port: smtp.port, security: 'NONE' as never,
        defaultFromEmail: 'no-reply@piedpiper.com', defaultFromName: 'Pied Piper',
        additionalHeaders: [{ name: 'X-Gatehouse-Test', value: 'yes' }],
      },
    },
  });
  assert.equal(patched.statusCode, 200);
  return {
    server,
    smtp,
    tenantId,
    async createTemplate(template = helloTemplate(), id) {
      const response = await server.client.createEmailTemplate(id as string, { emailTemplate: template });
      assert.equal(response.statusCode, 200);
      return response.response.emailTemplate!;
    },
    async createUser(fields = {}) {
      // Scoped to the default tenant: tests add tenants, after which a tenant must be named.
      const response = await server.clientWith(ADMIN_API_KEY, tenantId).createUser(undefined as unknown as string, {
        user: { email: uniqueEmail(), password: PASSWORD, firstName: 'Monica', lastName: 'Hall', ...fields },
      });
      assert.equal(response.statusCode, 200);
      return response.response.user!.id!;
    },
    async stop() {
      await server.stop();
      await smtp.stop();
    },
  };
}
