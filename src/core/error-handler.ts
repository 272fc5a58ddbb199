/**
 * The one place errors become responses. Expected errors (`ApiError`) carry their status and body;
 * Fastify's own 4xx (validation, oversized or unparseable bodies) become FusionAuth Errors JSON; anything
 * else is a 500 with an empty body, logged without request data.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, ValidationError } from './errors.js';

interface SchemaIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/user/email` → `user.email`; array indexes are dropped as FusionAuth does (`user.preferredLanguages`). */
function dottedPath(context: string | undefined, issue: SchemaIssue): string {
  const segments = issue.instancePath.split('/').filter((s) => s !== '' && !/^\d+$/.test(s));
  const missing = issue.params.missingProperty;
  if (issue.keyword === 'required' && typeof missing === 'string') segments.push(missing);
  if (segments.length === 0 && context !== undefined && context !== 'body') segments.push(context);
  return segments.join('.');
}

function validationErrors(error: FastifyError): ValidationError {
  const errors = new ValidationError();
  for (const issue of (error.validation ?? []) as SchemaIssue[]) {
    const path = dottedPath(error.validationContext, issue);
    if (issue.keyword === 'required') {
      errors.add(path, 'missing', `You must specify the [${path}] property.`);
    } else if (path === '') {
      errors.general('[invalidJSON]', `Unable to parse the request body. The error was [${issue.message ?? 'invalid'}].`);
    } else if (!errors.fieldErrors[path]) {
      errors.add(path, 'invalidJSON', `Unable to parse JSON. The property [${path}] was invalid. The error was [${issue.message ?? 'invalid'}].`);
    }
  }
  if (errors.isEmpty) errors.general('[invalidJSON]', 'The request was invalid.');
  return errors;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      const body = error.body();
      return body === undefined ? reply.code(error.status).send() : reply.code(error.status).send(body);
    }
    if (error.validation) return reply.code(400).send(validationErrors(error).body());
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(400).send(new ValidationError().general('[invalidJSON]', 'The request body is larger than the server accepts.').body());
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(400).send(new ValidationError().general('[invalid]', 'The request was malformed.').body());
    }
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unexpected error');
    return reply.code(500).send();
  });
}

/**
 * 404 for an unknown path, 405 for a known path with a method it does not serve (seed 000). Both
 * with empty bodies.
 */
export function registerNotFound(app: FastifyInstance): void {
  const patterns: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
    patterns.push(new RegExp(`^${source}/?$`));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const known = patterns.some((pattern) => pattern.test(path));
    return reply.code(known ? 405 : 404).send();
  });
}
