/**
 * The `access_token` and `refresh_token` cookies (seed 002 "Response Cookies"; docs apis/jwt/refresh-a-jwt;
 * fusionauth-issues #726, #705). FusionAuth writes them host-only, `Path=/`, `HttpOnly`,
 * `SameSite=Lax`, and `Secure` when the request came over HTTPS: `access_token` as a session cookie,
 * `refresh_token` as a persistent one living for the refresh token's configured lifetime.
 *
 * Shared with the Login API: `setTokenCookies` after issuing tokens, `clearTokenCookies` on logout,
 * `requestCookie` to read one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const ACCESS_TOKEN_COOKIE = 'access_token';
export const REFRESH_TOKEN_COOKIE = 'refresh_token';

export interface TokenCookies {
  /** The encoded access token. */
  readonly token?: string;
  readonly refreshToken?: string;
  /** Lifetime of the `refresh_token` cookie in seconds (`refreshTokenTimeToLiveInMinutes` × 60). */
  readonly refreshTokenMaxAge?: number;
}

/** The value of cookie `name` on the request, if present and non-empty. */
export function requestCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // Token values never contain `%`; one that does was percent-encoded by the client. A `+` stays a `+`.
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** Whether the client reached us over HTTPS (directly or through a proxy that says so). */
function overHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return proto === 'https' || request.protocol === 'https';
}

function cookie(name: string, value: string, secure: boolean, maxAge?: number, now?: number): string {
  const parts = [`${name}=${value}`];
  if (maxAge !== undefined) {
    parts.push(`Max-Age=${maxAge}`, `Expires=${new Date((now ?? Date.now()) + maxAge * 1000).toUTCString()}`);
  }
  parts.push('Path=/');
  if (secure) parts.push('Secure');
  parts.push('HttpOnly', 'SameSite=Lax');
  return parts.join('; ');
}

/** Adds `Set-Cookie` headers for the tokens present. `now` (epoch ms) dates the `Expires` attribute. */
export function setTokenCookies(request: FastifyRequest, reply: FastifyReply, tokens: TokenCookies, now: number): void {
  const secure = overHttps(request);
  if (tokens.token !== undefined) reply.header('set-cookie', cookie(ACCESS_TOKEN_COOKIE, tokens.token, secure));
  if (tokens.refreshToken !== undefined) {
    reply.header('set-cookie', cookie(REFRESH_TOKEN_COOKIE, tokens.refreshToken, secure, tokens.refreshTokenMaxAge ?? 0, now));
  }
}

/** Adds the `Set-Cookie` of a cookie the login flows issue beside the tokens (the `fusionauth.trust` cookie). */
export function setLoginCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAge: number, now: number): void {
  reply.header('set-cookie', cookie(name, value, overHttps(request), maxAge, now));
}

/** Deletes both cookies on the client (Logout API). */
export function clearTokenCookies(request: FastifyRequest, reply: FastifyReply): void {
  const secure = overHttps(request);
  reply.header('set-cookie', cookie(ACCESS_TOKEN_COOKIE, '', secure, 0, 0));
  reply.header('set-cookie', cookie(REFRESH_TOKEN_COOKIE, '', secure, 0, 0));
}
