/**
 * A tenant's `emailConfiguration` as the SMTP settings a mailer needs. FusionAuth's `security` values:
 * `NONE` (plain SMTP), `SSL` (TLS from the first byte, usually port 465) and `TLS` (STARTTLS upgrade,
 * usually port 587). `properties` is a Java-mail properties string ("key=value" lines); the keys with a
 * meaning here are the timeouts, `mail.smtp.ssl.trust` and `mail.smtp.localhost`.
 */
import type { EmailConfiguration } from '../api/tenant/model-configuration.js';

export type SmtpSecurity = 'NONE' | 'SSL' | 'TLS';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly username?: string;
  readonly password?: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** Milliseconds; Java mail's connection and socket timeouts. */
  readonly connectionTimeout?: number;
  readonly socketTimeout?: number;
  /** `mail.smtp.ssl.trust`: `*` or this host — accept the server's certificate without verifying it. */
  readonly trustServerCertificate: boolean;
  /** `mail.smtp.localhost`: the name this client gives in EHLO. */
  readonly clientName?: string;
  readonly defaultFromEmail?: string;
  readonly defaultFromName?: string;
}

/** Java-mail properties ("k=v" per line, `#` comments) as a map. */
export function parseMailProperties(text: string | undefined): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of (text ?? '').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(trimmed);
    if (match !== null) properties.set(match[1]!, match[2]!.trim());
  }
  return properties;
}

const millis = (value: string | undefined): number | undefined => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);
const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/**
 * The settings to send with, or undefined when the configuration is incomplete (no host or port):
 * then FusionAuth sends nothing, and neither does Gatehouse.
 */
export function smtpSettingsOf(configuration: EmailConfiguration | undefined): SmtpSettings | undefined {
  if (configuration === undefined || blank(configuration.host)) return undefined;
  const port = configuration.port;
  if (port === undefined || !Number.isInteger(port) || port <= 0 || port > 65_535) return undefined;
  const host = configuration.host!.trim();
  const properties = parseMailProperties(configuration.properties);
  const trust = properties.get('mail.smtp.ssl.trust') ?? properties.get('mail.smtps.ssl.trust');
  const connectionTimeout = millis(properties.get('mail.smtp.connectiontimeout'));
  const socketTimeout = millis(properties.get('mail.smtp.timeout'));
  const clientName = properties.get('mail.smtp.localhost');
  return {
    host,
    port,
    security: configuration.security ?? 'NONE',
    ...(!blank(configuration.username) ? { username: configuration.username!, password: configuration.password ?? '' } : {}),
    headers: (configuration.additionalHeaders ?? [])
      .filter((h) => !blank(h.name) && h.value !== undefined)
      .map((h) => ({ name: h.name!.trim(), value: h.value! })),
    ...(connectionTimeout !== undefined ? { connectionTimeout } : {}),
    ...(socketTimeout !== undefined ? { socketTimeout } : {}),
    trustServerCertificate: trust !== undefined && (trust.trim() === '*' || trust.split(/\s+/).includes(host)),
    ...(clientName !== undefined && clientName !== '' ? { clientName } : {}),
    ...(!blank(configuration.defaultFromEmail) ? { defaultFromEmail: configuration.defaultFromEmail!.trim() } : {}),
    ...(!blank(configuration.defaultFromName) ? { defaultFromName: configuration.defaultFromName! } : {}),
  };
}

/**
 * Whether a tenant can send email at all. FusionAuth ignores email-sending options (e.g.
 * `sendSetPasswordEmail`) when "the SMTP email configuration is not complete" (seed 001).
 */
export const emailConfigured = (configuration: EmailConfiguration | undefined): boolean => smtpSettingsOf(configuration) !== undefined;
