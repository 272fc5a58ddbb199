/**
 * Delivery over SMTP with nodemailer (DESIGN §6). A delivery never throws: its outcome is a value, so
 * a mail server that is down can never fail an API call — FusionAuth queues email and reports
 * delivery problems in its Event Log, not to the caller. Errors are described without credentials.
 */
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SmtpSettings } from './smtp-settings.js';

export interface EmailAddress {
  readonly address: string;
  readonly display?: string;
}

export interface OutgoingEmail {
  readonly from: EmailAddress;
  readonly to: readonly EmailAddress[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
}

export type DeliveryResult = { readonly ok: true; readonly messageId: string } | { readonly ok: false; readonly error: string };

export interface Mailer {
  deliver(settings: SmtpSettings, email: OutgoingEmail): Promise<DeliveryResult>;
}

/** Defaults so a background delivery to an unreachable server gives up instead of hanging. */
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

export function transportOptions(settings: SmtpSettings): SMTPTransport.Options {
  return {
    host: settings.host,
    port: settings.port,
    // SSL: TLS from the start; TLS: plain connection upgraded with STARTTLS, which must succeed;
    // NONE: plain SMTP, never upgraded (what FusionAuth's "None" means).
    secure: settings.security === 'SSL',
    requireTLS: settings.security === 'TLS',
    ignoreTLS: settings.security === 'NONE',
    ...(settings.username !== undefined ? { auth: { user: settings.username, pass: settings.password ?? '' } } : {}),
    ...(settings.clientName !== undefined ? { name: settings.clientName } : {}),
    connectionTimeout: settings.connectionTimeout ?? CONNECTION_TIMEOUT_MS,
    greetingTimeout: settings.connectionTimeout ?? CONNECTION_TIMEOUT_MS,
    socketTimeout: settings.socketTimeout ?? SOCKET_TIMEOUT_MS,
    ...(settings.trustServerCertificate ? { tls: { rejectUnauthorized: false } } : {}),
  };
}

const format = (address: EmailAddress): { name: string; address: string } | string =>
  address.display !== undefined && address.display !== '' ? { name: address.display, address: address.address } : address.address;

/** The error's message (nodemailer's carry the server's reply, never the password), minus line breaks. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim() || 'unknown error';
}

export function createSmtpMailer(): Mailer {
  return {
    async deliver(settings, email) {
      // Loaded on the first delivery: a server that sends no email does not carry nodemailer (memory).
      const { default: nodemailer } = await import('nodemailer');
      const transport = nodemailer.createTransport(transportOptions(settings));
      try {
        const info = await transport.sendMail({
          from: format(email.from),
          to: email.to.map(format),
          ...(email.cc !== undefined && email.cc.length > 0 ? { cc: [...email.cc] } : {}),
          ...(email.bcc !== undefined && email.bcc.length > 0 ? { bcc: [...email.bcc] } : {}),
          subject: email.subject,
          ...(email.html !== undefined ? { html: email.html } : {}),
          ...(email.text !== undefined ? { text: email.text } : {}),
          headers: settings.headers.map(({ name, value }) => ({ key: name, value })),
        });
        return { ok: true, messageId: info.messageId };
      } catch (error) {
        return { ok: false, error: describe(error) };
      } finally {
        transport.close();
      }
    },
  };
}
