/**
 * Fixtures for the account-lifecycle tests (set password, verification, forgot and change password):
 * a Gatehouse whose default tenant sends through an in-process SMTP server (email-fixtures), one email
 * template per flow whose text body prints the flow's variables as `name=value` lines, and helpers to
 * wait for the message sent to an address and read those values back out of it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { EmailConfiguration, FusionAuthClient, User, UserRequest } from '@fusionauth/typescript-client';
import { startEmailFixture, type EmailFixture } from './email-fixtures.js';
import type { ReceivedEmail } from './smtp.js';
import { PASSWORD } from './user-fixtures.js';

export { PASSWORD };

/** Each flow's template: a distinctive subject, and the variables it received in the text body. */
const TEMPLATES = {
  setPassword: { subject: 'Set your password', text: 'changePasswordId=${changePasswordId}\nuser=${user.email}' },
  forgotPassword: { subject: 'Reset your password', text: 'changePasswordId=${changePasswordId}\nlastPage=${(state.lastPage)!"none"}\nto=${user.email}' },
  verification: {
    subject: 'Verify your email',
    text: 'verificationId=${verificationId}\ncode=${verificationOneTimeCode!"none"}\napplication=${(application.name)!"none"}',
  },
  verified: { subject: 'Your email is verified', text: 'verified=${user.email}' },
  passwordUpdate: { subject: 'Your password was changed', text: 'changed=${user.email}' },
  passwordReset: { subject: 'Your password was reset', text: 'reset=${user.email}' },
  registrationVerification: {
    subject: 'Verify your registration',
    text: 'verificationId=${verificationId}\ncode=${verificationOneTimeCode!"none"}\napplication=${application.name}\nregistration=${registration.applicationId}',
  },
} as const;

export type TemplateName = keyof typeof TEMPLATES;

export interface LifecycleFixture extends EmailFixture {
  /** Template ids by flow. */
  readonly templates: Record<TemplateName, string>;
  /** A client without an API key (the anonymous forms). */
  readonly anonymous: FusionAuthClient;
  /** Merges into the default tenant's emailConfiguration (PATCH). */
  configureEmail(patch: EmailConfiguration): Promise<void>;
  /** Creates a user of the default tenant; answers the create response. */
  newUser(user?: User, request?: Omit<UserRequest, 'user'>): Promise<{ user: User; emailVerificationId?: string; emailVerificationOneTimeCode?: string }>;
  /** Waits for the next message to `address` with this template's subject (not returned before). */
  mailTo(address: string, template: TemplateName, ms?: number): Promise<ReceivedEmail>;
  /** Waits for queued deliveries, then asserts nothing (else) was sent to `address`. */
  noMailTo(address: string): Promise<void>;
}

/** `name=value` from a message's text body. */
export function valueIn(received: ReceivedEmail, name: string): string {
  const match = new RegExp(`^${name}=(.*)$`, 'm').exec(received.mail.text ?? '');
  assert.ok(match, `no ${name}= in ${JSON.stringify(received.mail.text)}`);
  return match[1]!.trim();
}

export const uniqueAddress = (): string => `${randomUUID()}@piedpiper.com`;

export async function startLifecycleFixture(): Promise<LifecycleFixture> {
  const email = await startEmailFixture();
  const { server, smtp, tenantId } = email;
  const ids = {} as Record<TemplateName, string>;
  for (const [name, template] of Object.entries(TEMPLATES) as [TemplateName, (typeof TEMPLATES)[TemplateName]][]) {
    const created = await email.createTemplate({ name: `${name}-${randomUUID()}`, defaultSubject: template.subject, defaultTextTemplate: template.text, defaultHtmlTemplate: `<pre>${template.text}</pre>` });
    ids[name] = created.id!;
  }
  const taken = new Set<ReceivedEmail>();

  const fixture: LifecycleFixture = {
    ...email,
    templates: ids,
    anonymous: server.clientWith(null),
    async configureEmail(patch) {
      const response = await server.client.patchTenant(tenantId, { tenant: { emailConfiguration: patch } });
      assert.equal(response.statusCode, 200);
    },
    async newUser(user = {}, request = {}) {
      const response = await server.client.createUser(undefined as unknown as string, {
        ...request, user: { email: uniqueAddress(), password: PASSWORD, firstName: 'Monica', ...user },
      });
      assert.equal(response.statusCode, 200, JSON.stringify(response.response));
      return response.response as { user: User; emailVerificationId?: string; emailVerificationOneTimeCode?: string };
    },
    async mailTo(address, template, ms = 5000) {
      const deadline = Date.now() + ms;
      const wanted = address.toLowerCase();
      for (;;) {
        const found = smtp.received.find((r) => !taken.has(r) && r.recipients.some((a) => a.toLowerCase() === wanted) && r.mail.subject === TEMPLATES[template].subject);
        if (found !== undefined) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline) {
          const seen = smtp.received.filter((r) => r.recipients.includes(address)).map((r) => r.mail.subject);
          assert.fail(`no "${TEMPLATES[template].subject}" email to ${address} (received: ${JSON.stringify(seen)})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async noMailTo(address) {
      await server.running.server.email.sender.idle();
      const wanted = address.toLowerCase();
      const sent = smtp.received.filter((r) => !taken.has(r) && r.recipients.some((a) => a.toLowerCase() === wanted));
      assert.deepEqual(sent.map((r) => r.mail.subject), [], `unexpected email to ${address}`);
    },
  };
  return fixture;
}
