import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSmtpMailer, transportOptions, type OutgoingEmail } from '../src/email/mailer.js';
import { emailConfigured, parseMailProperties, smtpSettingsOf } from '../src/email/smtp-settings.js';
import { rsaPair, selfSigned } from './helpers/certificates.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';

const email: OutgoingEmail = {
  from: { address: 'no-reply@piedpiper.com', display: 'Pied Piper' },
  to: [{ address: 'richard@piedpiper.com', display: 'Richard Hendricks' }],
  subject: 'Über TLS',
  html: '<p>Hello</p>',
  text: 'Hello',
};

describe('SMTP delivery from a tenant emailConfiguration', () => {
  describe('settings', () => {
    it('maps FusionAuth security types to nodemailer: NONE plain, SSL implicit TLS, TLS STARTTLS required', () => {
      const none = transportOptions(smtpSettingsOf({ host: 'smtp.example.com', port: 25, security: 'NONE' })!);
      assert.deepEqual([none.secure, none.requireTLS, none.ignoreTLS], [false, false, true]);
      const ssl = transportOptions(smtpSettingsOf({ host: 'smtp.example.com', port: 465, security: 'SSL' })!);
      assert.deepEqual([ssl.secure, ssl.requireTLS, ssl.ignoreTLS], [true, false, false]);
      const tls = transportOptions(smtpSettingsOf({ host: 'smtp.example.com', port: 587, security: 'TLS' })!);
      assert.deepEqual([tls.secure, tls.requireTLS, tls.ignoreTLS], [false, true, false]);
      assert.equal(tls.auth, undefined);
      assert.equal(tls.tls, undefined);
    });

    it('uses the username and password, and Java-mail properties for timeouts, trust and EHLO name', () => {
      const settings = smtpSettingsOf({
        host: ' smtp.example.com ', port: 587, security: 'TLS', username: 'apikey', password: 'secret',
        properties: '# comment\nmail.smtp.connectiontimeout=2500\nmail.smtp.timeout = 4000\nmail.smtp.ssl.trust=smtp.example.com\nmail.smtp.localhost=gatehouse.local',
      })!;
      const options = transportOptions(settings);
      assert.equal(options.host, 'smtp.example.com');
      assert.deepEqual(options.auth, { user: 'apikey', pass: 'secret' });
      assert.equal(options.connectionTimeout, 2500);
      assert.equal(options.socketTimeout, 4000);
      assert.equal(options.name, 'gatehouse.local');
      assert.deepEqual(options.tls, { rejectUnauthorized: false });
      assert.equal(parseMailProperties('a: b\n! note\nc=d=e').get('c'), 'd=e');
    });

    it('is incomplete (nothing is sent) without a host or a usable port', () => {
      assert.equal(smtpSettingsOf(undefined), undefined);
      assert.equal(smtpSettingsOf({ host: '  ', port: 25 }), undefined);
      assert.equal(smtpSettingsOf({ host: 'smtp.example.com' }), undefined);
      assert.equal(smtpSettingsOf({ host: 'smtp.example.com', port: 0 }), undefined);
      assert.equal(emailConfigured({ host: 'localhost', port: 25 }), true);
      assert.equal(emailConfigured({ port: 25 }), false);
    });
  });

  describe('over TLS', () => {
    let key: string;
    let cert: string;
    const servers: TestSmtpServer[] = [];
    before(async () => {
      const pair = rsaPair();
      key = pair.privatePem;
      cert = await selfSigned(pair, { subject: 'CN=127.0.0.1', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) });
    });
    after(async () => {
      for (const server of servers) await server.stop();
    });
    const start = async (implicitTls: boolean): Promise<TestSmtpServer> => {
      const server = await startSmtpServer({ tls: { key, cert, implicitTls } });
      servers.push(server);
      return server;
    };
    const trustAll = 'mail.smtp.ssl.trust=*';

    it('SSL delivers over implicit TLS, and verifies the certificate unless told to trust it', async () => {
      const server = await start(true);
      const mailer = createSmtpMailer();
      const trusted = await mailer.deliver(smtpSettingsOf({ host: server.host, port: server.port, security: 'SSL', properties: trustAll })!, email);
      assert.equal(trusted.ok, true);
      const received = await server.next();
      assert.equal(received.secure, true);
      assert.equal(received.mail.subject, 'Über TLS');
      const untrusted = await mailer.deliver(smtpSettingsOf({ host: server.host, port: server.port, security: 'SSL' })!, email);
      assert.equal(untrusted.ok, false);
      assert.match(untrusted.ok ? '' : untrusted.error, /certificate/i);
    });

    it('TLS upgrades with STARTTLS; NONE stays plain even when the server offers STARTTLS', async () => {
      const server = await start(false);
      const mailer = createSmtpMailer();
      assert.equal((await mailer.deliver(smtpSettingsOf({ host: server.host, port: server.port, security: 'TLS', properties: trustAll })!, email)).ok, true);
      assert.equal((await server.next()).secure, true);
      assert.equal((await mailer.deliver(smtpSettingsOf({ host: server.host, port: server.port, security: 'NONE' })!, email)).ok, true);
      assert.equal((await server.next()).secure, false);
    });

    it('TLS refuses to send in the clear to a server without STARTTLS', async () => {
      const plain = await startSmtpServer();
      servers.push(plain);
      const result = await createSmtpMailer().deliver(smtpSettingsOf({ host: plain.host, port: plain.port, security: 'TLS' })!, email);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, /STARTTLS/i);
      assert.equal(plain.received.length, 0);
    });
  });
});
