/**
 * A real SMTP server in the test process (smtp-server on 127.0.0.1, a random port) that parses every
 * message it accepts (mailparser), so tests assert what a mail client would see. Optionally requires
 * AUTH with a username and password, to prove the tenant's credentials are used.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  readonly mail: ParsedMail;
  /** SMTP envelope recipients (To, Cc and Bcc alike). */
  readonly recipients: readonly string[];
  readonly envelopeFrom: string | undefined;
  /** The user the client authenticated as, if it did. */
  readonly authenticatedAs: string | undefined;
  /** Whether the message came over TLS (implicit or after STARTTLS). */
  readonly secure: boolean;
}

export interface TestSmtpServer {
  readonly host: string;
  readonly port: number;
  readonly received: ReceivedEmail[];
  /** Resolves with the `count`-th message received since the start (1-based), waiting up to `ms`. */
  message(count: number, ms?: number): Promise<ReceivedEmail>;
  /** Waits for the next message not yet returned by `next()`. */
  next(ms?: number): Promise<ReceivedEmail>;
  stop(): Promise<void>;
}

export const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field === undefined ? [] : [field]).flatMap((a) => a.value.map((v) => v.address ?? ''));

export interface SmtpServerOptions {
  readonly username?: string;
  readonly password?: string;
  /** A certificate and key: with `implicitTls` the server speaks TLS from the start, else it offers STARTTLS. */
  readonly tls?: { readonly key: string; readonly cert: string; readonly implicitTls: boolean };
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const waiters: (() => void)[] = [];
  let cursor = 0;
  const disabledCommands = [...(options.username === undefined ? ['AUTH'] : []), ...(options.tls === undefined ? ['STARTTLS'] : [])];
  const server = new SMTPServer({
    secure: options.tls?.implicitTls === true,
    ...(options.tls !== undefined ? { key: options.tls.key, cert: options.tls.cert } : {}),
    disabledCommands,
    authOptional: options.username === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.username && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            mail,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
            authenticatedAs: typeof session.user === 'string' ? session.user : undefined,
            secure: session.secure,
          });
          for (const wake of waiters.splice(0)) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that gives up (e.g. refusing our self-signed certificate) is an expected event in tests.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  async function message(count: number, ms = 5000): Promise<ReceivedEmail> {
    const deadline = Date.now() + ms;
    while (received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} email(s) but the SMTP server received ${received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return received[count - 1]!;
  }

  return {
    host: '127.0.0.1',
    port,
    received,
    message,
    next: async (ms) => message(++cursor, ms),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
