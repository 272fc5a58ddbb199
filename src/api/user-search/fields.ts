/**
 * The fields a search may name (FusionAuth's indexed user fields, docs reference/user-fields, plus the
 * names), and where each lives: a column of `users`, `registrations` or `group_members`, or a path in
 * the row's `doc`. `registrations` and `memberships` are nested, as in FusionAuth's index: their fields
 * are matched per registration or membership. A registration field outside a `nested` query is refused
 * (FusionAuth's docs: "it is necessary to use the query parameter [with nested] when querying against
 * registrations"); membership fields may also stand alone (the docs' `memberships.groupId:…` example),
 * meaning "some membership matches".
 */
import { ValidationError } from '../../core/errors.js';
import type { NestedPath } from './query-ast.js';

/** How values compare: `keyword` and `id` case-insensitively, `dynamic` by the JSON value's own type. */
export type ValueKind = 'keyword' | 'id' | 'boolean' | 'instant' | 'date' | 'dynamic';

export type FieldTarget =
  | { readonly source: 'column'; readonly column: string; readonly kind: ValueKind }
  | { readonly source: 'json'; readonly path: readonly string[]; readonly kind: ValueKind }
  /** Matches when any of the targets does (`login` is the email, the username or the phone number). */
  | { readonly source: 'anyOf'; readonly targets: readonly FieldTarget[] };

/** Which row a target belongs to: the user, or one registration or membership of the user. */
export type Scope = 'user' | NestedPath;

export interface ResolvedField {
  readonly scope: Scope;
  readonly target: FieldTarget;
}

const column = (name: string, kind: ValueKind): FieldTarget => ({ source: 'column', column: name, kind });
const json = (path: string, kind: ValueKind): FieldTarget => ({ source: 'json', path: path.split('.'), kind });

const USER_FIELDS: Readonly<Record<string, FieldTarget>> = {
  id: column('id', 'id'),
  tenantId: column('tenant_id', 'id'),
  email: column('email_lower', 'keyword'),
  username: column('username_lower', 'keyword'),
  firstName: column('first_name_lower', 'keyword'),
  lastName: column('last_name_lower', 'keyword'),
  fullName: column('full_name_lower', 'keyword'),
  phoneNumber: column('phone_number', 'keyword'),
  login: { source: 'anyOf', targets: [column('email_lower', 'keyword'), column('username_lower', 'keyword'), column('phone_number', 'keyword')] },
  active: column('active', 'boolean'),
  insertInstant: column('insert_instant', 'instant'),
  lastUpdateInstant: column('last_update_instant', 'instant'),
  lastLoginInstant: column('last_login_instant', 'instant'),
  birthDate: column('birth_date', 'date'),
  verified: json('verified', 'boolean'),
  verifiedInstant: json('verifiedInstant', 'instant'),
  breachedPasswordLastCheckedInstant: json('breachedPasswordLastCheckedInstant', 'instant'),
  breachedPasswordStatus: json('breachedPasswordStatus', 'keyword'),
  middleName: json('middleName', 'keyword'),
  mobilePhone: json('mobilePhone', 'keyword'),
  parentEmail: json('parentEmail', 'keyword'),
  timezone: json('timezone', 'keyword'),
  preferredLanguages: json('preferredLanguages', 'keyword'),
  usernameStatus: json('usernameStatus', 'keyword'),
  // A user "has two-factor" when it has a method: `!(_exists_:twoFactor)` in FusionAuth's docs.
  twoFactor: json('twoFactor.methods', 'dynamic'),
  'twoFactor.methods': json('twoFactor.methods', 'dynamic'),
};

const NESTED_FIELDS: Readonly<Record<NestedPath, Readonly<Record<string, FieldTarget>>>> = {
  registrations: {
    id: column('id', 'id'),
    applicationId: column('application_id', 'id'),
    insertInstant: column('insert_instant', 'instant'),
    lastUpdateInstant: column('last_update_instant', 'instant'),
    lastLoginInstant: column('last_login_instant', 'instant'),
    roles: json('roles', 'keyword'),
    username: json('username', 'keyword'),
    usernameStatus: json('usernameStatus', 'keyword'),
    verified: json('verified', 'boolean'),
    verifiedInstant: json('verifiedInstant', 'instant'),
    timezone: json('timezone', 'keyword'),
    preferredLanguages: json('preferredLanguages', 'keyword'),
  },
  memberships: {
    id: column('id', 'id'),
    groupId: column('group_id', 'id'),
    userId: column('user_id', 'id'),
    insertInstant: column('insert_instant', 'instant'),
  },
};

/** `data.a.b` → a dynamic JSON target; keys are case-sensitive and may not contain quotes or backslashes. */
function dataTarget(name: string): FieldTarget | undefined {
  if (!name.startsWith('data.')) return undefined;
  const path = name.split('.');
  return path.every((key) => key !== '' && !/["\\\u0000-\u001f]/.test(key)) ? { source: 'json', path, kind: 'dynamic' } : undefined;
}

function targetIn(fields: Readonly<Record<string, FieldTarget>>, name: string): FieldTarget | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : dataTarget(name);
}

/** Resolves `name` as seen from `within` (top level, or inside a `nested` query on that path). */
export function resolveField(name: string, within: NestedPath | undefined, path: string): ResolvedField {
  const fail = (message: string): never => {
    throw new ValidationError().add(path, 'invalid', message);
  };
  const [root, ...rest] = name.split('.');
  const nestedRoot = root === 'registrations' || root === 'memberships' ? root : undefined;
  if (within !== undefined) {
    if (nestedRoot !== within) return fail(`Inside a [nested] query on [${within}], the field [${name}] must start with [${within}.].`);
  } else if (nestedRoot === 'registrations') {
    return fail(`The field [${name}] is nested: wrap the clause in a [nested] query with the path [registrations].`);
  }
  const scope: Scope = nestedRoot ?? 'user';
  const target = nestedRoot === undefined ? targetIn(USER_FIELDS, name) : targetIn(NESTED_FIELDS[nestedRoot], rest.join('.'));
  return target === undefined
    ? fail(`The field [${name}] is not searchable with the database search engine.`)
    : { scope, target };
}

/** True for names a query string may qualify a clause with (`email:`, `memberships.groupId:` …). */
export function isSearchableField(name: string): boolean {
  const [root, ...rest] = name.split('.');
  if (root === 'registrations' || root === 'memberships') return targetIn(NESTED_FIELDS[root], rest.join('.')) !== undefined;
  return targetIn(USER_FIELDS, name) !== undefined;
}
