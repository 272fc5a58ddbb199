/**
 * The Keys API's rules (FusionAuth docs, apis/keys): generate and import keys under a unique name and
 * `kid`; retrieve one, all, or a search page; rename (and, for a Secret, replace its value); delete a
 * key nobody uses. Private keys and secrets are stored but never presented.
 *
 * The signing seam for JWTs (`signingKey`, `verificationKey`, `publicJwks`) lives in material.ts and is
 * re-exported here; routes do not use it.
 */
import type { Clock } from '../../core/clock.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { isUuid, newId, normalizeId } from '../../core/ids.js';
import { pageOf } from '../../core/pagination.js';
import { randomKid } from '../../crypto/keys/generate.js';
import { writeUnique } from '../../db/database.js';
import { generateKey, planGeneration } from './generate-key.js';
import { readImport } from './import-key.js';
import { KEY_ORDER_FIELDS, MAX_SECRET_LENGTH, type Key, type KeyInput, type KeyOrderField, type KeySearchCriteria } from './model.js';
import { presentKey } from './present.js';
import type { KeySearch, KeyStore, StoredKey } from './store.js';
import type { KeyUsageFinder } from './usage.js';

export { createKeyMaterial, type HmacKey, type KeyMaterial, type PrivateSigningKey, type PublicVerificationKey, type SigningKey, type VerificationKey } from './material.js';

export interface KeyService {
  generate(id: string | undefined, input: KeyInput | undefined): Promise<Key>;
  import(id: string | undefined, input: KeyInput | undefined): Promise<Key>;
  retrieve(id: string): Promise<Key>;
  list(): Promise<Key[]>;
  update(id: string, input: KeyInput | undefined): Promise<Key>;
  delete(id: string): Promise<void>;
  search(criteria: KeySearchCriteria): Promise<{ keys: Key[]; total: number }>;
}

interface Deps {
  readonly keys: KeyStore;
  readonly usages: KeyUsageFinder;
  /** The issuer of generated certificates when the request names none. */
  readonly defaultIssuer: () => Promise<string>;
  readonly clock: Clock;
}

const blank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

function requireKey(input: KeyInput | undefined): KeyInput {
  if (input === undefined) throw new ValidationError().add('key', 'missing', 'You must specify the [key] property.');
  return input;
}

/** `orderBy` is `<field> [ASC|DESC]`, default `name ASC` (docs, _key-search-request-parameters). */
function parseOrderBy(orderBy: string | undefined, errors: ValidationError): KeySearch['orderBy'] {
  const match = /^\s*([A-Za-z]+)(?:\s+(ASC|DESC))?\s*$/i.exec(orderBy ?? 'name ASC');
  const field = KEY_ORDER_FIELDS.find((f) => f.toLowerCase() === match?.[1]?.toLowerCase());
  if (match === null || field === undefined) {
    errors.add('search.orderBy', 'invalid', `The [search.orderBy] must be one of ${KEY_ORDER_FIELDS.join(', ')}, optionally followed by ASC or DESC.`);
    return { field: 'name', descending: false };
  }
  return { field: field as KeyOrderField, descending: match[2]?.toUpperCase() === 'DESC' };
}

export function createKeyService({ keys, usages, defaultIssuer, clock }: Deps): KeyService {
  /** Validates the id and name of a new key, adding errors; answers the id to use. */
  async function checkIdentity(id: string | undefined, input: KeyInput, errors: ValidationError): Promise<string> {
    if (id !== undefined && !isUuid(id)) errors.add('key.id', 'invalid', `The Id [${id}] is not a valid UUID.`);
    else if (id !== undefined && (await keys.find(normalizeId(id))) !== undefined) errors.add('key.id', 'duplicate', `A key with the Id [${id}] already exists.`);
    if (blank(input.name)) errors.add('key.name', 'blank', 'You must specify the [key.name] property.');
    else if ((await keys.findByName(input.name!)) !== undefined) errors.add('key.name', 'duplicate', `A key with the name [${input.name}] already exists.`);
    return id !== undefined && isUuid(id) ? normalizeId(id) : newId();
  }

  async function checkKid(kid: string, path: 'key.kid' | 'key.name', errors: ValidationError, ownId?: string): Promise<void> {
    const holder = await keys.findByKid(kid);
    if (holder !== undefined && holder.key.id !== ownId) errors.add(path, 'duplicate', `A key with the kid [${kid}] already exists.`);
  }

  /** Writes, turning a lost race on a unique column into the same error the checks give. */
  const save = (write: () => Promise<void>): Promise<void> => writeUnique(write, (constraint) => {
    const field = constraint.includes('kid') ? 'kid' : constraint.includes('name') ? 'name' : 'id';
    return new ValidationError().add(`key.${field}`, 'duplicate', `A key with this [key.${field}] already exists.`);
  });

  async function existing(id: string): Promise<StoredKey> {
    const stored = await keys.find(id);
    if (stored === undefined) throw new NotFoundError();
    return stored;
  }

  return {
    async generate(id, request) {
      const input = requireKey(request);
      const errors = new ValidationError();
      const keyId = await checkIdentity(id, input, errors);
      const plan = planGeneration(input, errors);
      errors.throwIfAny();
      const issuer = blank(input.issuer) ? await defaultIssuer() : input.issuer!.trim();
      const stored = await generateKey(plan!, { id: keyId, name: input.name!, now: clock.now() }, issuer);
      await checkKid(stored.key.kid, 'key.kid', errors);
      errors.throwIfAny();
      await save(() => keys.insert(stored));
      return presentKey(stored.key);
    },

    async import(id, request) {
      const input = requireKey(request);
      const errors = new ValidationError();
      const keyId = await checkIdentity(id, input, errors);
      const material = readImport(input, errors);
      errors.throwIfAny();
      const { algorithm, type, fields, derivedKid, secret } = material!;
      // A Secret's kid is its name (docs: "derived from key.name and cannot be specified separately").
      const kid = type === 'Secret' ? input.name! : !blank(input.kid) ? input.kid!.trim() : derivedKid ?? randomKid();
      await checkKid(kid, type === 'Secret' ? 'key.name' : 'key.kid', errors);
      errors.throwIfAny();
      const now = clock.now();
      const stored: StoredKey = {
        key: { id: keyId, name: input.name!, algorithm, type, kid, ...fields, insertInstant: now, lastUpdateInstant: now },
        ...(secret !== undefined ? { secret } : {}),
      };
      await save(() => keys.insert(stored));
      return presentKey(stored.key);
    },

    async retrieve(id) {
      return presentKey((await existing(id)).key);
    },

    async list() {
      return (await keys.list()).map(presentKey);
    },

    /** Only the name may change; a Secret may also get a new value (docs, Update a Key). */
    async update(id, request) {
      const current = await existing(id);
      const input = requireKey(request);
      const errors = new ValidationError();
      const name = input.name ?? '';
      if (blank(name)) errors.add('key.name', 'blank', 'You must specify the [key.name] property.');
      else if (name !== current.key.name && (await keys.findByName(name)) !== undefined) errors.add('key.name', 'duplicate', `A key with the name [${name}] already exists.`);
      const isSecret = current.key.type === 'Secret';
      if (isSecret && input.secret !== undefined && input.secret.length > MAX_SECRET_LENGTH) {
        errors.add('key.secret', 'tooLong', `The [key.secret] property is longer than the maximum of [${MAX_SECRET_LENGTH}] characters.`);
      }
      if (isSecret && errors.isEmpty) await checkKid(name, 'key.name', errors, current.key.id);
      errors.throwIfAny();
      const secret = isSecret && !blank(input.secret) ? input.secret : current.secret;
      const updated: StoredKey = {
        key: { ...current.key, name, ...(isSecret ? { kid: name } : {}), lastUpdateInstant: clock.now() },
        ...(secret !== undefined ? { secret } : {}),
      };
      await save(() => keys.update(updated));
      return presentKey(updated.key);
    },

    async delete(id) {
      const current = await existing(id);
      const uses = await usages.usagesOf(current.key.id);
      if (uses.length > 0) {
        const where = uses.map((u) => `${u.kind} [${u.name}] (${u.id}) ${u.path}`).join(', ');
        throw new ValidationError().general('[inUse]key', `The key [${current.key.name}] cannot be deleted because it is in use by: ${where}.`, {
          usages: uses.map((u) => ({ ...u })),
        });
      }
      await keys.delete(current.key.id);
    },

    async search(criteria) {
      const errors = new ValidationError();
      const orderBy = parseOrderBy(criteria.orderBy, errors);
      errors.throwIfAny();
      const page = pageOf(criteria);
      const found = await keys.search({
        ...(criteria.algorithm !== undefined ? { algorithm: criteria.algorithm } : {}),
        ...(criteria.type !== undefined ? { type: criteria.type } : {}),
        ...(criteria.name !== undefined ? { name: criteria.name } : {}),
        orderBy,
        ...page,
      });
      return { keys: found.keys.map(presentKey), total: found.total };
    },
  };
}
