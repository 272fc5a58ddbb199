/**
 * The rules FusionAuth's named configuration objects share (email templates, message templates,
 * messengers): each is addressed by a UUID, and both its id and its name are unique. A malformed or
 * unknown id is a 404 on retrieve/update/delete; on create a given id must be a UUID not yet used
 * (`[invalid]` / `[duplicate]<property>Id`), and the name must be unused by any other object
 * (`[duplicate]<property>.name`). The unique indexes back the checks up against concurrent creates:
 * `duplicate` maps their violation onto the same errors.
 */
import { NotFoundError, type ValidationError } from './errors.js';
import { isUuid, normalizeId } from './ids.js';

export interface NamedDocumentStore<T extends { readonly id: string }> {
  find(id: string): Promise<T | undefined>;
  findByName(name: string): Promise<T | undefined>;
}

export interface NamedDocumentRules<T> {
  /** The object with this id, else 404. */
  find(id: string): Promise<T>;
  /** On create: a given id must be a UUID that no object has yet. */
  checkNewId(id: string | undefined, errors: ValidationError): Promise<void>;
  /** The name must be unused by any object but `ownId` (skipped when the name already has an error). */
  checkName(name: string | undefined, ownId: string | undefined, errors: ValidationError): Promise<void>;
  /** For `writeUnique`: a unique-index violation as the duplicate error of the name or the id. */
  duplicate(errors: ValidationError): (constraint: string) => ValidationError;
}

export interface NamedDocumentNames {
  /** The request property, e.g. `messenger`: errors name `messenger.name` and `messengerId`. */
  readonly property: string;
  /** How a message names one, with its article: "A Messenger", "An Email Template". */
  readonly title: string;
}

export function namedDocumentRules<T extends { readonly id: string }>(store: NamedDocumentStore<T>, { property, title }: NamedDocumentNames): NamedDocumentRules<T> {
  const nameField = `${property}.name`;
  const idField = `${property}Id`;
  return {
    async find(id) {
      const found = isUuid(id) ? await store.find(normalizeId(id)) : undefined;
      if (found === undefined) throw new NotFoundError();
      return found;
    },
    async checkNewId(id, errors) {
      if (id === undefined) return;
      if (!isUuid(id)) errors.add(idField, 'invalid', `The Id [${id}] is not a valid UUID.`);
      else if ((await store.find(normalizeId(id))) !== undefined) errors.add(idField, 'duplicate', `${title} with the Id [${id}] already exists.`);
    },
    async checkName(name, ownId, errors) {
      if (name === undefined || errors.fieldErrors[nameField] !== undefined) return;
      const named = await store.findByName(name);
      if (named !== undefined && named.id !== ownId) errors.add(nameField, 'duplicate', `${title} with the name [${name}] already exists.`);
    },
    duplicate: (errors) => (constraint) => (constraint.includes('name')
      ? errors.add(nameField, 'duplicate', `${title} with this name already exists.`)
      : errors.add(idField, 'duplicate', `${title} with this Id already exists.`)),
  };
}
