/**
 * The Messengers API's rules (FusionAuth docs apis/messengers): create with an optional id, retrieve
 * one or all, update (PUT replaces the whole configuration; the type cannot change), delete unless a
 * tenant still names the messenger (`[inUse]messengerId`). `type` picks the fields that are kept, so a
 * Twilio messenger never stores Generic headers and the reverse.
 */
import type { Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import { newId, normalizeId } from '../../core/ids.js';
import { namedDocumentRules } from '../../core/named-documents.js';
import { writeUnique } from '../../db/database.js';
import {
  MESSENGER_TYPES, TWILIO_DEFAULT_URL, WRITABLE_FIELDS, type MessageType, type Messenger, type MessengerType, type StoredMessenger,
} from './model.js';
import { messengerReferences } from './references.js';
import type { MessengerStore } from './store.js';
import { validateMessenger } from './validation.js';

export interface MessengerService {
  create(id: string | undefined, input: Messenger | undefined): Promise<StoredMessenger>;
  retrieve(id: string): Promise<StoredMessenger>;
  list(): Promise<StoredMessenger[]>;
  update(id: string, input: Messenger | undefined): Promise<StoredMessenger>;
  delete(id: string): Promise<void>;
}

interface Deps {
  readonly messengers: MessengerStore;
  /** Every tenant, for the delete's in-use check. */
  readonly tenants: () => Promise<readonly { id?: string; name?: string }[]>;
  readonly clock: Clock;
}

const missingMessenger = (): ValidationError => new ValidationError().add('messenger', 'missing', 'You must specify the [messenger] property.');

function typeOf(input: Messenger, errors: ValidationError): MessengerType | undefined {
  if (input.type === undefined || input.type.trim() === '') {
    errors.add('messenger.type', 'blank', `You must specify the [messenger.type] property. Supported types are ${MESSENGER_TYPES.join(', ')}.`);
    return undefined;
  }
  if ((MESSENGER_TYPES as readonly string[]).includes(input.type)) return input.type as MessengerType;
  errors.add('messenger.type', 'invalid', `The messenger type [${input.type}] is not supported. Supported types are ${MESSENGER_TYPES.join(', ')}.`);
  return undefined;
}

/** The type's writable fields with FusionAuth's defaults (debug false, messageTypes ["SMS"], Twilio's URL). */
function writable(input: Messenger, type: MessengerType): Messenger {
  const out: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS[type]) if (input[field] !== undefined) out[field] = input[field];
  out.debug ??= false;
  out.data ??= {};
  out.messageTypes = [...new Set((input.messageTypes ?? ['SMS']) as MessageType[])];
  if (type === 'Generic') out.headers ??= {};
  if (type === 'Twilio' && (typeof out.url !== 'string' || out.url.trim() === '')) out.url = TWILIO_DEFAULT_URL;
  if (typeof out.name === 'string') out.name = out.name.trim();
  return out as Messenger;
}

export function createMessengerService({ messengers, tenants, clock }: Deps): MessengerService {
  const { find, checkNewId, checkName, duplicate } = namedDocumentRules(messengers, { property: 'messenger', title: 'A Messenger' });

  /** A messenger as FusionAuth returns it: `transport` is the legacy read-only `sms`. */
  const stamp = (config: Messenger, base: { id: string; type: MessengerType; insertInstant: number }, now: number): StoredMessenger => ({
    ...config,
    id: base.id,
    name: config.name!,
    type: base.type,
    messageTypes: config.messageTypes as MessageType[],
    transport: 'sms',
    insertInstant: base.insertInstant,
    lastUpdateInstant: now,
  });

  return {
    async create(id, input) {
      if (input === undefined) throw missingMessenger();
      const errors = new ValidationError();
      const type = typeOf(input, errors);
      await checkNewId(id, errors);
      if (type === undefined) throw errors;
      const config = writable(input, type);
      validateMessenger(config, type, errors);
      await checkName(config.name, undefined, errors);
      errors.throwIfAny();
      const now = clock.now();
      const stored = stamp(config, { id: id !== undefined ? normalizeId(id) : newId(), type, insertInstant: now }, now);
      await writeUnique(() => messengers.insert(stored), duplicate(errors));
      return stored;
    },

    retrieve: find,

    list: () => messengers.list(),

    async update(id, input) {
      const existing = await find(id);
      if (input === undefined) throw missingMessenger();
      const errors = new ValidationError();
      // The type decides the object's shape: FusionAuth updates a messenger of the same type only.
      const type = input.type === undefined ? existing.type : typeOf(input, errors);
      if (type !== undefined && type !== existing.type) {
        errors.add('messenger.type', 'invalid', `The [messenger.type] cannot be changed from [${existing.type}] to [${type}].`);
      }
      if (type === undefined || !errors.isEmpty) throw errors;
      const config = writable(input, type);
      validateMessenger(config, type, errors);
      await checkName(config.name, existing.id, errors);
      errors.throwIfAny();
      const updated = stamp(config, existing, clock.now());
      await writeUnique(() => messengers.update(updated), duplicate(errors));
      return updated;
    },

    async delete(id) {
      const existing = await find(id);
      const errors = new ValidationError();
      for (const use of messengerReferences(existing.id, await tenants())) {
        errors.add('messengerId', 'inUse', `The Messenger [${existing.id}] is in use by the tenant [${use.tenantName}] (${use.path}) and cannot be deleted.`);
      }
      errors.throwIfAny();
      await messengers.delete(existing.id);
    },
  };
}
