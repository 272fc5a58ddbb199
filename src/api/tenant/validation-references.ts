/**
 * A tenant's references to other objects: signing and verification keys (Key Master), Email Templates
 * (looked up), Messengers and Message Templates (looked up), and ids of objects whose APIs Gatehouse
 * does not serve yet — lambdas, themes, forms, IP access control lists, entity types, webhooks. User
 * Actions (the failed-authentication action) are looked up too.
 * No such object can exist, so any id given for one is refused with the code FusionAuth uses for an
 * unknown object (`[invalid]…`). As each API lands, its row here becomes a lookup.
 */
import { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { addCoded } from '../application/search-support.js';
import { TENANT_EMAIL_TEMPLATE_PATHS } from '../email/references.js';
import { TENANT_MESSENGER_PATHS } from '../messenger/references.js';
import { validateMessageTemplateReferences, type MessageTemplateLookup } from '../message-template/references.js';
import type { StoredKey } from '../key/store.js';
import { FUSIONAUTH_THEME_ID, type Tenant } from './model.js';
import { valueAt } from './validation.js';

export interface KeyLookup {
  find(id: string): Promise<StoredKey | undefined>;
}

export interface EmailTemplateLookup {
  exists(id: string): Promise<boolean>;
}

/** User Actions, which `failedAuthenticationConfiguration.userActionId` must name. */
export interface UserActionLookup {
  find(id: string): Promise<{ active: boolean; temporal: boolean; preventLogin: boolean } | undefined>;
}

/** Messengers, which the phone and SMS/voice multi-factor settings must name. */
export interface MessengerLookup {
  find(id: string): Promise<{ messageTypes: readonly string[] } | undefined>;
}

/** Paths under `tenant` that name objects of an API Gatehouse does not serve yet. */
const UNRESOLVABLE_REFERENCES: readonly string[] = [
  'accessControlConfiguration.uiIPAccessControlListId',
  'formConfiguration.adminUserFormId',
  'oauthConfiguration.clientCredentialsAccessTokenPopulateLambdaId',
  ...[
    'loginValidationId', 'multiFactorRequirementId', 'scimEnterpriseUserRequestConverterId',
    'scimEnterpriseUserResponseConverterId', 'scimGroupRequestConverterId', 'scimGroupResponseConverterId',
    'scimUserRequestConverterId', 'scimUserResponseConverterId',
  ].map((field) => `lambdaConfiguration.${field}`),
  'scimServerConfiguration.clientEntityTypeId',
  'scimServerConfiguration.serverEntityTypeId',
];

function validateUnresolvable(tenant: Tenant, errors: ValidationError): void {
  for (const reference of UNRESOLVABLE_REFERENCES) {
    const value = valueAt(tenant, reference);
    const path = `tenant.${reference}`;
    if (value !== undefined && errors.fieldErrors[path] === undefined) {
      errors.add(path, 'invalid', `The [${path}] value [${String(value)}] does not identify an existing object.`);
    }
  }
  // Only FusionAuth's stock theme exists until the Themes API arrives.
  if (tenant.themeId !== undefined && normalizeId(tenant.themeId) !== FUSIONAUTH_THEME_ID) {
    errors.add('tenant.themeId', 'invalid', `The theme [${tenant.themeId}] does not exist.`);
  }
}

/**
 * `failedAuthenticationConfiguration.userActionId`: FusionAuth looks the active User Action up and
 * answers [missing] when there is none (unknown or deactivated); the action it applies must prevent
 * login and so be time-based, else [invalid] (its admin UI offers only such actions).
 */
async function validateFailedAuthenticationAction(tenant: Tenant, userActions: UserActionLookup, errors: ValidationError): Promise<void> {
  const userActionId = tenant.failedAuthenticationConfiguration?.userActionId;
  if (userActionId === undefined) return;
  const path = 'tenant.failedAuthenticationConfiguration.userActionId';
  const action = isUuid(userActionId) ? await userActions.find(normalizeId(userActionId)) : undefined;
  if (action === undefined || !action.active) errors.add(path, 'missing', `The User Action [${userActionId}] does not exist.`);
  else if (!action.temporal || !action.preventLogin) {
    errors.add(path, 'invalid', `The User Action [${userActionId}] must be time-based and prevent login to be applied after failed logins.`);
  }
}

/** Webhooks arrive with the Webhooks API: until then no id names one (`[invalid]webhookIds` under `webhookIds[i]`). */
export function validateWebhookIds(webhookIds: readonly string[], errors: ValidationError): void {
  webhookIds.forEach((id, index) => addCoded(errors, `webhookIds[${index}]`, '[invalid]webhookIds', `The webhook [${id}] does not exist.`));
}

/** Every Email Template id the tenant names must identify an existing template. */
async function validateEmailTemplates(tenant: Tenant, templates: EmailTemplateLookup, errors: ValidationError): Promise<void> {
  for (const reference of TENANT_EMAIL_TEMPLATE_PATHS) {
    const value = valueAt(tenant, reference);
    const path = `tenant.${reference}`;
    if (value === undefined || errors.fieldErrors[path] !== undefined) continue;
    if (typeof value !== 'string' || !isUuid(value) || !(await templates.exists(normalizeId(value)))) {
      errors.add(path, 'invalid', `The [${path}] value [${String(value)}] does not identify an existing Email Template.`);
    }
  }
}

/** Each messenger id must name an existing messenger that sends that setting's message type (SMS or Voice). */
async function validateMessengers(tenant: Tenant, messengers: MessengerLookup, errors: ValidationError): Promise<void> {
  for (const { path: reference, messageType } of TENANT_MESSENGER_PATHS) {
    const value = valueAt(tenant, reference);
    const path = `tenant.${reference}`;
    if (value === undefined || errors.fieldErrors[path] !== undefined) continue;
    const messenger = typeof value === 'string' && isUuid(value) ? await messengers.find(normalizeId(value)) : undefined;
    if (messenger === undefined) errors.add(path, 'invalid', `The [${path}] value [${String(value)}] does not identify an existing Messenger.`);
    else if (!messenger.messageTypes.includes(messageType)) {
      errors.add(path, 'invalid', `The Messenger [${String(value)}] named by [${path}] does not send ${messageType} messages.`);
    }
  }
}

const findKey = async (keys: KeyLookup, id: string): Promise<StoredKey | undefined> =>
  (isUuid(id) ? keys.find(normalizeId(id)) : undefined);

/** A key signs JWTs when the server holds its private key or HMAC secret (`Secret` keys sign nothing). */
const canSign = (stored: StoredKey): boolean => stored.secret !== undefined && stored.key.type !== 'Secret';
/** A key verifies JWTs when it has a public key or is an HMAC key. */
const canVerify = (stored: StoredKey): boolean => stored.key.type !== 'Secret';

async function validateSigningKey(keys: KeyLookup, id: string, path: string, errors: ValidationError): Promise<void> {
  const stored = await findKey(keys, id);
  if (stored === undefined) errors.add(path, 'invalid', `The key [${id}] does not exist.`);
  else if (!canSign(stored)) errors.add(path, 'cannotSign', `The key [${id}] cannot be used to sign tokens.`);
}

async function validateVerificationKeys(keys: KeyLookup, ids: readonly string[], field: string, errors: ValidationError): Promise<void> {
  const code = `tenant.jwtConfiguration.${field}`;
  for (const [index, id] of ids.entries()) {
    const stored = await findKey(keys, id);
    const path = `${code}[${index}]`;
    if (stored === undefined) addCoded(errors, path, `[invalid]${code}`, `The key [${id}] does not exist.`);
    else if (!canVerify(stored)) addCoded(errors, path, `[cannotVerify]${code}`, `The key [${id}] cannot be used to verify tokens.`);
  }
}

/**
 * Every reference of `tenant`. Signing keys are checked only when the request names them and they
 * differ from what `existing` already uses, as FusionAuth does, so a tenant stays editable.
 */
export async function validateTenantReferences(
  tenant: Tenant,
  requested: Tenant,
  existing: Tenant | undefined,
  keys: KeyLookup,
  emailTemplates: EmailTemplateLookup,
  userActions: UserActionLookup,
  messengers: MessengerLookup,
  messageTemplates: MessageTemplateLookup,
  errors: ValidationError,
): Promise<void> {
  validateUnresolvable(tenant, errors);
  await validateMessengers(tenant, messengers, errors);
  await validateMessageTemplateReferences(tenant, 'tenant', messageTemplates, errors);
  await validateEmailTemplates(tenant, emailTemplates, errors);
  await validateFailedAuthenticationAction(tenant, userActions, errors);
  for (const field of ['accessTokenKeyId', 'idTokenKeyId'] as const) {
    const id = requested.jwtConfiguration?.[field];
    if (id === undefined || (existing !== undefined && existing.jwtConfiguration?.[field] === normalizeId(id))) continue;
    await validateSigningKey(keys, id, `tenant.jwtConfiguration.${field}`, errors);
  }
  await validateVerificationKeys(keys, tenant.jwtConfiguration?.accessTokenVerificationKeyIds ?? [], 'accessTokenVerificationKeyIds', errors);
  await validateVerificationKeys(keys, tenant.jwtConfiguration?.idTokenVerificationKeyIds ?? [], 'idTokenVerificationKeyIds', errors);
}
