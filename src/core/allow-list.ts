/**
 * Response allow-lists, compiled. A response schema says which fields may leave the server (DESIGN §5);
 * `allowList(schema)` turns it once into a function that copies a value keeping only what the schema
 * declares: the same result as `Value.Clean(schema, structuredClone(value))`, without walking the
 * schema and re-checking unions on every response (TypeBox's Clean is generic and several times slower).
 *
 * Objects keep only their declared properties (own properties, in the value's order), recursively;
 * arrays and records are followed into their items; everything else is copied as it is. A schema part
 * this compiler does not handle (an `additionalProperties` schema, a union with objects, references,
 * intersections, tuples) is cleaned by TypeBox itself, so the guarantee never depends on this file.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

type Cleaner = (value: unknown) => unknown;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/** Sets `out[key]`; a `__proto__` key stays data (an own property), as JSON.parse and structuredClone keep it. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A deep copy of a JSON-like value (what `structuredClone` gives, for the values responses hold). */
function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  if (!isPlainObject(value)) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) put(out, key, copy(value[key]));
  return out;
}

/** Clean returns non-objects and arrays at an object's place as they are; class instances go to TypeBox. */
const notAnObject = (value: unknown): boolean => typeof value !== 'object' || value === null || Array.isArray(value);

/** What TypeBox does for a part this file does not compile: clone, then clean. */
const byTypeBox = (schema: TSchema): Cleaner => (value) => Value.Clean(schema, structuredClone(value));

/** A schema whose values Clean leaves as they are: no object or array shape below it. */
function isLeaf(schema: TSchema): boolean {
  const kind = (schema as { [Kind]?: string })[Kind];
  if (kind === 'Union') return (schema.anyOf as TSchema[]).every(isLeaf);
  return !['Object', 'Array', 'Record', 'Intersect', 'Tuple', 'Ref', 'This', 'Import'].includes(kind ?? '');
}

function compile(schema: TSchema): Cleaner {
  if (typeof schema.$id === 'string') return byTypeBox(schema);
  const kind = (schema as { [Kind]?: string })[Kind];
  if (isLeaf(schema)) return copy;
  if (kind === 'Array') {
    const item = compile(schema.items as TSchema);
    return (value) => (Array.isArray(value) ? value.map(item) : copy(value));
  }
  if (kind === 'Record') {
    const patterns = Object.entries(schema.patternProperties as Record<string, TSchema>);
    // Type.Record(Type.String(), V): every key matches; other key patterns are left to TypeBox.
    if (patterns.length !== 1 || patterns[0]![0] !== '^(.*)$' || typeof schema.additionalProperties === 'object') return byTypeBox(schema);
    const entry = compile(patterns[0]![1]);
    const other = byTypeBox(schema);
    return (value) => {
      if (notAnObject(value)) return copy(value);
      if (!isPlainObject(value)) return other(value);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) put(out, key, entry(value[key]));
      return out;
    };
  }
  if (kind === 'Object' && typeof schema.additionalProperties !== 'object') {
    const properties = new Map(Object.entries(schema.properties as Record<string, TSchema>).map(([key, part]) => [key, compile(part)]));
    const other = byTypeBox(schema);
    return (value) => {
      if (notAnObject(value)) return copy(value);
      if (!isPlainObject(value)) return other(value);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const property = properties.get(key);
        if (property !== undefined) out[key] = property(value[key]);
      }
      return out;
    };
  }
  return byTypeBox(schema);
}

/** A copy of a value with only what `schema` declares (see the file comment). */
export function allowList<T>(schema: TSchema): (value: unknown) => T {
  return compile(schema) as (value: unknown) => T;
}
