/**
 * A local HTTP receiver (node:http on 127.0.0.1, a random port) standing in for a Generic messenger
 * endpoint or Twilio's API: it records every request (method, path, headers, raw body) and answers
 * with a chosen status, or never answers at all (to prove the messenger's timeouts).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** The status the next requests get (200 by default); `'hang'` never answers. */
  respondWith(status: number | 'hang'): void;
  /** The `count`-th request received (1-based), waiting up to `ms`. */
  request(count: number, ms?: number): Promise<ReceivedRequest>;
  stop(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  let status: number | 'hang' = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (status === 'hang') {
        hanging.push(response);
        return;
      }
      response.writeHead(status, { 'Content-Type': 'application/json' }).end('{"sid":"SM00000000000000000000000000000000"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (next) => {
      status = next;
    },
    async request(count, ms = 5_000) {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} request(s), received ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received[count - 1]!;
    },
    async stop() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
