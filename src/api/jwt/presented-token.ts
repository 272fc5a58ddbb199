/**
 * Where a request carries an access token (API-INVENTORY §1.3): `Authorization: Bearer <jwt>`, else the
 * `access_token` cookie the Login and JWT APIs write. An API key in the header is not an access token.
 */
import type { FastifyRequest } from 'fastify';
import { ACCESS_TOKEN_COOKIE, requestCookie } from './cookies.js';

export function presentedAccessToken(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return bearer?.[1] ?? requestCookie(request, ACCESS_TOKEN_COOKIE);
}

/** The client's address: the first `X-Forwarded-For` hop, else the connection's. */
export function clientAddress(request: FastifyRequest): string {
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first !== undefined && first !== '' ? first : request.ip;
}
