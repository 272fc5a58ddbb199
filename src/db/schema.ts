/**
 * The tables as Kysely sees them. Columns exist for what is looked up, unique or sorted; everything
 * else of an object lives in its `doc` column (JSON text) so that FusionAuth's large configuration
 * objects round-trip whole. Flags are 0/1 integers and instants epoch milliseconds on both dialects,
 * so one store implementation serves SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

export interface TenantTable {
  id: string;
  name: string;
  name_lower: string;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/** Cryptographic keys (Key Master). `secret` holds private material and never leaves the store. */
export interface KeyTable {
  id: string;
  name: string;
  algorithm: string;
  type: string;
  kid: string;
  doc: string;
  secret: string | null;
  insert_instant: number;
  last_update_instant: number;
}

export interface ApiKeyTable {
  id: string;
  /** SHA-256 of the key value: the index requests are authenticated through. */
  key_hash: string;
  key_value: string;
  tenant_id: string | null;
  key_manager: number;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

export interface ApplicationTable {
  id: string;
  tenant_id: string;
  name: string;
  active: number;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

export interface GroupTable {
  id: string;
  tenant_id: string;
  name: string;
  name_lower: string;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

export interface GroupMemberTable {
  id: string;
  tenant_id: string;
  group_id: string;
  user_id: string;
  doc: string;
  insert_instant: number;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  email: string | null;
  email_lower: string | null;
  username: string | null;
  username_lower: string | null;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  /** Lower-cased copies and `doc` values the user search matches and sorts on (migration 4). */
  first_name_lower: string | null;
  last_name_lower: string | null;
  full_name_lower: string | null;
  /** Lower-cased, like the other login ids. */
  phone_number: string | null;
  /** `YYYY-MM-DD`: text order is date order. */
  birth_date: string | null;
  active: number;
  doc: string;
  password_hash: string | null;
  password_salt: string | null;
  password_scheme: string | null;
  password_factor: number | null;
  insert_instant: number;
  last_update_instant: number;
  last_login_instant: number | null;
}

export interface RegistrationTable {
  id: string;
  tenant_id: string;
  user_id: string;
  application_id: string;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
  last_login_instant: number | null;
}

/**
 * Refresh tokens: only the SHA-256 of the opaque value is stored. `doc` holds `metaData` and `data`;
 * the rotation columns serve one-time-use tokens (the previous value's hash, the key the current value
 * was derived with, and when).
 */
export interface RefreshTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  application_id: string | null;
  token_hash: string;
  previous_token_hash: string | null;
  rotation_key: string | null;
  rotated_instant: number | null;
  doc: string;
  auth_instant: number | null;
  start_instant: number;
  insert_instant: number;
}

/** A completed login (FusionAuth's raw login): login id and application name as they were then. */
export interface LoginRecordTable {
  id: string;
  tenant_id: string;
  user_id: string;
  application_id: string | null;
  application_name: string | null;
  login_id: string | null;
  ip_address: string | null;
  instant: number;
}

/** One failed password check, counted within the tenant's `resetCountInSeconds`. */
export interface LoginFailureTable {
  id: string;
  tenant_id: string;
  user_id: string;
  instant: number;
}

/** A one-time flow (DESIGN §5): `id` is the SHA-256 of the secret handed out, `state` a JSON document. */
export interface FlowTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  kind: string;
  state: string;
  consumed: number;
  expires_instant: number;
  insert_instant: number;
}

/** Identity providers of every type (issue 6): the provider object in `doc`; `tenant_id` null = global. */
export interface IdentityProviderTable {
  id: string;
  type: string;
  name: string;
  tenant_id: string | null;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/** The lower-cased email domains a provider manages (domain-based login, lookup). */
export interface IdentityProviderDomainTable {
  identity_provider_id: string;
  domain: string;
  tenant_id: string | null;
}

/** A pending SAML v2 AuthnRequest id (`POST /api/identity-provider/start`), consumed exactly once. */
export interface IdentityProviderRequestTable {
  id: string;
  identity_provider_id: string;
  application_id: string;
  tenant_id: string;
  doc: string;
  consumed: number;
  assertion_id: string | null;
  expires_instant: number;
  insert_instant: number;
}

/** A user's link to their account at an identity provider (the reconcile step). */
export interface IdentityProviderLinkTable {
  id: string;
  identity_provider_id: string;
  tenant_id: string;
  user_id: string;
  identity_provider_user_id: string;
  doc: string;
  insert_instant: number;
  last_login_instant: number | null;
}

/** Email Templates (global, as in FusionAuth); the whole EmailTemplate lives in `doc`. */
export interface EmailTemplateTable {
  id: string;
  name: string;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/** User Action definitions (migration 7; global, as in FusionAuth); the whole UserAction lives in `doc`. */
export interface UserActionTable {
  id: string;
  name: string;
  active: number;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/**
 * Actions taken on users (migration 7): the UserActionLog in `doc`. `expiry_instant` is null for an
 * action that is not time-based (and capped for "forever", see user-action/log-store.ts).
 */
export interface UserActionLogTable {
  id: string;
  tenant_id: string;
  actionee_user_id: string;
  user_action_id: string;
  expiry_instant: number | null;
  canceled: number;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/** Event Log entries (migration 8): FusionAuth's EventLog, with a database-generated Long id. */
export interface EventLogTable {
  id: Generated<number>;
  type: string;
  message: string;
  insert_instant: number;
}

/** Messengers (migration 10; global, as in FusionAuth): the whole Generic or Twilio configuration in `doc`. */
export interface MessengerTable {
  id: string;
  name: string;
  type: string;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/** Message Templates (migration 11; global, as in FusionAuth): the whole SMS or Voice template in `doc`. */
export interface MessageTemplateTable {
  id: string;
  name: string;
  type: string;
  doc: string;
  insert_instant: number;
  last_update_instant: number;
}

/** Passwords a user had before (migration 9; tenant `rememberPreviousPasswords`), as the users table stores one. */
export interface PasswordHistoryTable {
  id: string;
  tenant_id: string;
  user_id: string;
  password_hash: string;
  password_salt: string;
  password_scheme: string;
  password_factor: number;
  insert_instant: number;
}

export interface MigrationTable {
  version: number;
  name: string;
  applied_instant: number;
}

export interface Schema {
  tenants: TenantTable;
  keys: KeyTable;
  api_keys: ApiKeyTable;
  applications: ApplicationTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  users: UserTable;
  registrations: RegistrationTable;
  refresh_tokens: RefreshTokenTable;
  login_records: LoginRecordTable;
  login_failures: LoginFailureTable;
  flows: FlowTable;
  identity_providers: IdentityProviderTable;
  identity_provider_domains: IdentityProviderDomainTable;
  identity_provider_requests: IdentityProviderRequestTable;
  identity_provider_links: IdentityProviderLinkTable;
  email_templates: EmailTemplateTable;
  user_actions: UserActionTable;
  user_action_logs: UserActionLogTable;
  event_logs: EventLogTable;
  messengers: MessengerTable;
  message_templates: MessageTemplateTable;
  password_history: PasswordHistoryTable;
  gatehouse_migrations: MigrationTable;
}
