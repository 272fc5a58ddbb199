/**
 * Typed request bodies. Each API group declares its request shape once as a TypeBox schema; the reader
 * compiled from it turns a wrong type anywhere in the body into FusionAuth's `[invalidJSON]` field
 * error under the dotted property path, instead of letting a bad value reach a service (or a 500).
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValidationError } from './errors.js';
import { isObject } from './json.js';

export type BodyReader<T extends TSchema> = (body: unknown) => Static<T>;

export function bodyReader<T extends TSchema>(schema: T): BodyReader<T> {
  const compiled = TypeCompiler.Compile(schema);
  return (body) => {
    const value = body === undefined ? {} : body;
    if (compiled.Check(value)) return value;
    const errors = new ValidationError();
    if (!isObject(value)) {
      throw errors.general('[invalidJSON]', 'The request body must be a JSON object.');
    }
    for (const issue of compiled.Errors(value)) {
      const path = issue.path.split('/').filter((s) => s !== '' && !/^\d+$/.test(s)).join('.');
      if (path === '') continue;
      if (errors.fieldErrors[path] === undefined) {
        errors.add(path, 'invalidJSON', `Unable to parse JSON. The property [${path}] was invalid. The error was [${issue.message}].`);
      }
    }
    if (errors.isEmpty) errors.general('[invalidJSON]', 'The request body is not valid.');
    throw errors;
  };
}
