/**
 * Request body parsing. FusionAuth takes JSON (`application/json`, and for PATCH the JSON-Patch and
 * merge-patch types); the TypeScript client also sends body-less POSTs labelled `text/plain`. Malformed
 * JSON is a 400 with `[invalidJSON]`, never a 500. Nulls mean "absent", except in a PATCH where a null
 * removes a value, so PATCH bodies keep them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { generalError } from './errors.js';
import { withoutNulls } from './json.js';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;

function parseJson(request: FastifyRequest, text: string): unknown {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    // A `__proto__` key would become an object's prototype when merged; drop it (the check keeps the
    // common case on the fast path, without a reviver).
    parsed = text.includes('__proto__') ? JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unparseable';
    throw generalError('[invalidJSON]', `Invalid JSON in the request body. The error was [${detail}].`);
  }
  return request.method === 'PATCH' ? parsed : withoutNulls(parsed);
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const jsonTypes = ['application/json', 'application/merge-patch+json', 'application/json-patch+json'];
  app.addContentTypeParser(jsonTypes, { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    try {
      done(null, parseJson(request, body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Body-less calls from the client carry `text/plain`; anything else that is not JSON is ignored
  // the same way, so an endpoint that takes no body never fails on its content type.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseJson(request, text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
