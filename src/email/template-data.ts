/**
 * The objects every email template sees (FusionAuth docs, Email Variables): `user`, `tenant`,
 * `application` (when there is one) and `baseUrl`. They are the API's JSON shapes with secrets removed
 * first, as FusionAuth's `secure()` copies are: a template author must never be able to print an SMTP
 * password or a client secret into an email.
 */
import type { Application } from '../api/application/model.js';
import type { Tenant } from '../api/tenant/model.js';

/** The fields of a User that addressing an email reads. */
export interface RecipientUser {
  readonly email?: string;
  readonly fullName?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly preferredLanguages?: readonly string[];
}

export function secureTenant(tenant: Tenant): Tenant {
  const copy = structuredClone(tenant);
  if (copy.emailConfiguration !== undefined) delete copy.emailConfiguration.password;
  if (copy.captchaConfiguration !== undefined) delete copy.captchaConfiguration.secretKey;
  return copy;
}

export function secureApplication(application: Application): Application {
  const copy = structuredClone(application);
  if (copy.oauthConfiguration !== undefined) delete copy.oauthConfiguration.clientSecret;
  return copy;
}

/**
 * `baseUrl` (FusionAuth 1.68): the application's `baseURL`, else the tenant's, else this server's
 * public URL (FUSIONAUTH_APP_URL), without a trailing slash.
 */
export function baseUrlFor(tenant: Tenant, application: Application | undefined, appUrl: string): string {
  const configured = [application?.baseURL, tenant.baseURL].find((url) => url !== undefined && url.trim() !== '');
  return (configured ?? appUrl).trim().replace(/\/+$/, '');
}

/** The display part of the To address: FusionAuth's `User.getName()` (full name, else first and last). */
export function displayNameOf(user: RecipientUser): string | undefined {
  if (user.fullName !== undefined && user.fullName.trim() !== '') return user.fullName.trim();
  const parts = [user.firstName, user.lastName].filter((p): p is string => p !== undefined && p.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}
