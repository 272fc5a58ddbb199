/**
 * The Application object's validation, as FusionAuth's ApplicationService reports it on create and
 * update. Only rules whose inputs Gatehouse already has are checked here; references to objects that do
 * not exist yet in Gatehouse (forms, themes, lambdas, email templates, keys) are stored as given.
 * Message Template ids are looked up by the service (src/api/message-template/references.ts).
 */
import type { ValidationError } from '../../core/errors.js';
import { SUPPORTED_APPLICATION_GRANTS } from './model-oauth.js';
import type { Application, ApplicationRole } from './model.js';
import { addCoded } from './search-support.js';

const MAX_DESCRIPTION = 255;

/** What the rules need to know besides the application itself. */
export interface ApplicationContext {
  /** Another application of the tenant with the same name, if any. */
  readonly sameName?: { readonly active: boolean };
}

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** http(s) URL with a host, after FusionAuth's wildcard substitution (`:*` port, `*` in the host). */
function isAbsoluteHttpUrl(value: string): boolean {
  const candidate = value.replace(/:\*+/, ':42').replace(/\*/g, 'x');
  try {
    const url = new URL(candidate);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.host !== '' && /^[a-z]+:\/\//i.test(candidate);
    // Custom schemes (mobile apps) are allowed as redirect targets: `com.example:/callback`, `myapp://cb`.
    return /^[a-z][a-z0-9+.-]*:\/?\/?[^/]/i.test(candidate);
  } catch {
    return false;
  }
}

const isValidRedirect = (value: string): boolean =>
  value === 'urn:ietf:wg:oauth:2.0:oob' || value === 'urn:ietf:wg:oauth:2.0:oob:auto' || isAbsoluteHttpUrl(value);

/** An origin is scheme and authority only: FusionAuth refuses any path (even `/`) or query. */
const originHasPathOrQuery = (value: string): boolean => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(value);

/** The rules shared by create and update (FusionAuth `commonValidation`). */
export function validateApplication(application: Application, context: ApplicationContext, errors: ValidationError): void {
  const name = application.name;
  if (isBlank(name)) {
    errors.add('application.name', 'blank', 'You must specify the [application.name] property.');
  } else if (name!.startsWith('_')) {
    errors.add('application.name', 'startsWithUnderscore', 'The [application.name] may not begin with an underscore.');
  }

  const oauth = application.oauthConfiguration ?? {};
  (oauth.authorizedRedirectURLs ?? []).forEach((url, i) => {
    if (!isValidRedirect(url)) {
      addCoded(errors, `application.oauthConfiguration.authorizedRedirectURLs[${i}]`, '[invalidURL]application.oauthConfiguration.authorizedRedirectURLs',
        `The authorized redirect URL [${url}] is not a valid URL.`);
    }
  });
  (oauth.authorizedOriginURLs ?? []).forEach((url, i) => {
    const path = `application.oauthConfiguration.authorizedOriginURLs[${i}]`;
    if (!isAbsoluteHttpUrl(url)) {
      addCoded(errors, path, '[invalidURL]application.oauthConfiguration.authorizedOriginURLs', `The authorized origin URL [${url}] is not a valid URL.`);
    } else if (originHasPathOrQuery(url)) {
      addCoded(errors, path, '[invalidOriginURL]application.oauthConfiguration.authorizedOriginURLs',
        `The authorized origin URL [${url}] may not contain a path or query string.`);
    }
  });
  const supported: readonly string[] = SUPPORTED_APPLICATION_GRANTS;
  if ((oauth.enabledGrants ?? []).some((grant) => !supported.includes(grant))) {
    errors.add('application.oauthConfiguration.enabledGrants', 'invalid',
      `The [application.oauthConfiguration.enabledGrants] may only contain [${SUPPORTED_APPLICATION_GRANTS.join(', ')}].`);
  }

  const jwt = application.jwtConfiguration;
  if (jwt?.enabled === true) {
    if ((jwt.refreshTokenTimeToLiveInMinutes ?? 0) <= 0) {
      errors.add('application.jwtConfiguration.refreshTokenTimeToLiveInMinutes', 'tooSmall', 'The [application.jwtConfiguration.refreshTokenTimeToLiveInMinutes] must be greater than 0.');
    }
    if ((jwt.timeToLiveInSeconds ?? 0) <= 0) {
      errors.add('application.jwtConfiguration.timeToLiveInSeconds', 'tooSmall', 'The [application.jwtConfiguration.timeToLiveInSeconds] must be greater than 0.');
    }
  }
  if (application.verifyRegistration === true && application.verificationEmailTemplateId === undefined) {
    errors.add('application.verificationEmailTemplateId', 'missing', 'You must specify the [application.verificationEmailTemplateId] when [application.verifyRegistration] is true.');
  }
  const unverified = application.registrationDeletePolicy?.unverified;
  if (unverified?.enabled === true && (unverified.numberOfDaysToRetain ?? 0) <= 0) {
    errors.add('application.registrationDeletePolicy.unverified.numberOfDaysToRetain', 'tooSmall',
      'The [application.registrationDeletePolicy.unverified.numberOfDaysToRetain] must be greater than 0.');
  }
  if (application.samlv2Configuration?.enabled === true && isBlank(application.samlv2Configuration.issuer)) {
    errors.add('application.samlv2Configuration.issuer', 'blank', 'You must specify the [application.samlv2Configuration.issuer] when SAML v2 is enabled.');
  }

  // FusionAuth: an inactive application holding the name is reported as such; only then as a duplicate.
  if (context.sameName !== undefined && !isBlank(name)) {
    if (!context.sameName.active) {
      errors.add('application.name', 'inactive', `An inactive Application with name = [${name}] already exists. Reactivate it or choose another name.`);
    } else if (errors.isEmpty) {
      errors.add('application.name', 'duplicate', `An Application with name = [${name}] already exists.`);
    }
  }
}

/** The role fields every role write checks; `at` is `role` for the Roles API or `application.roles[i]`. */
export function validateRoleFields(role: ApplicationRole, at: string, errors: ValidationError): void {
  const own = at === 'role';
  if (isBlank(role.name)) addCoded(errors, own ? 'role.name' : at, '[blank]role.name', 'You must specify the [role.name] property.');
  if ((role.description ?? '').length > MAX_DESCRIPTION) {
    addCoded(errors, own ? 'role.description' : at, '[tooLong]role.description', `The [role.description] may be at most ${MAX_DESCRIPTION} characters.`);
  }
}

/**
 * Roles given inline on create: each role's own rules, ids not already used by another role, and no
 * two roles with the same name or id in the list.
 */
export function validateInlineRoles(roles: readonly ApplicationRole[], takenIds: ReadonlySet<string>, errors: ValidationError): void {
  const names = new Set<string>();
  const ids = new Set<string>();
  const duplicateNames = new Set<string>();
  const duplicateIds = new Set<string>();
  roles.forEach((role, i) => {
    const at = `application.roles[${i}]`;
    validateRoleFields(role, at, errors);
    if (role.id !== undefined && takenIds.has(role.id)) {
      addCoded(errors, `${at}.id`, '[duplicate]role.id', `A role with id [${role.id}] already exists.`);
    }
    if (role.name !== undefined && !isBlank(role.name)) {
      if (names.has(role.name)) duplicateNames.add(role.name);
      names.add(role.name);
    }
    if (role.id !== undefined) {
      if (ids.has(role.id)) duplicateIds.add(role.id);
      ids.add(role.id);
    }
  });
  if (duplicateNames.size > 0) {
    errors.add('application.roles.name', 'duplicate', `The role names [${[...duplicateNames].join(', ')}] are used more than once.`);
  }
  if (duplicateIds.size > 0) {
    errors.add('application.roles.id', 'duplicate', `The role ids [${[...duplicateIds].join(', ')}] are used more than once.`);
  }
}
