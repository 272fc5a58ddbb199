/**
 * One HTTP POST with FusionAuth's two messenger timeouts: `connectTimeout` bounds opening the
 * connection (TCP, and TLS for https), `readTimeout` bounds the wait for the whole response once
 * connected. Every failure is a value, never a throw: a messenger outage must not break a login.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface HttpPost {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly connectTimeout: number;
  readonly readTimeout: number;
  /** An extra trusted certificate (PEM) for https, as FusionAuth's Generic messenger `sslCertificate`. */
  readonly trustedCertificate?: string;
}

export type HttpOutcome =
  | { readonly kind: 'response'; readonly status: number }
  | { readonly kind: 'connectTimeout' | 'readTimeout' | 'connectionFailed'; readonly message: string };

/** Answers a body is never needed: at most this much is read and dropped, so the socket closes cleanly. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function postHttp(call: HttpPost): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      request?.destroy();
      resolve(outcome);
    };
    const https = call.url.protocol === 'https:';
    const options = {
      method: 'POST',
      headers: { ...call.headers, 'Content-Length': String(Buffer.byteLength(call.body)) },
      // A fresh connection per message, so the connect timeout always measures a real connect.
      agent: false as const,
      ...(https && call.trustedCertificate !== undefined ? { ca: [...rootCertificates, call.trustedCertificate] } : {}),
    };
    try {
      request = (https ? httpsRequest : httpRequest)(call.url, options, (response: IncomingMessage) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) finish({ kind: 'response', status: response.statusCode ?? 0 });
        });
        response.on('end', () => finish({ kind: 'response', status: response.statusCode ?? 0 }));
        response.on('error', () => finish({ kind: 'response', status: response.statusCode ?? 0 }));
      });
    } catch (error) {
      finish({ kind: 'connectionFailed', message: error instanceof Error ? error.message : 'The request could not be built.' });
      return;
    }
    timers.push(setTimeout(() => finish({ kind: 'connectTimeout', message: `No connection within ${call.connectTimeout} ms.` }), call.connectTimeout));
    request.on('socket', (socket) => {
      socket.once(https ? 'secureConnect' : 'connect', () => {
        clearTimeout(timers[0]);
        timers.push(setTimeout(() => finish({ kind: 'readTimeout', message: `No complete response within ${call.readTimeout} ms.` }), call.readTimeout));
      });
    });
    request.on('error', (error) => finish({ kind: 'connectionFailed', message: error.message }));
    request.end(call.body);
  });
}
