/**
 * Sends a login's outcome the way every login-shaped API answers (password login, SAML completion,
 * two-factor completion): the status, the body when there is one, and — when a token was issued — the
 * `access_token` and `refresh_token` cookies (seed 002).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTokenCookies } from '../jwt/cookies.js';
import type { LoginOutcome } from './service.js';

export function sendLoginOutcome(request: FastifyRequest, reply: FastifyReply, outcome: LoginOutcome, now: number): FastifyReply {
  const token = outcome.body?.token;
  if (token !== undefined) {
    setTokenCookies(request, reply, {
      token,
      ...(outcome.body?.refreshToken !== undefined ? { refreshToken: outcome.body.refreshToken } : {}),
      ...(outcome.refreshTokenMaxAge !== undefined ? { refreshTokenMaxAge: outcome.refreshTokenMaxAge } : {}),
    }, now);
  }
  return outcome.body === undefined ? reply.code(outcome.status).send() : reply.code(outcome.status).send(outcome.body);
}
