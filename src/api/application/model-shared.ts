/**
 * Small building blocks shared by the Application object's schemas: ids, instants, free-form maps,
 * FusionAuth's `Enableable` / `Requirable` shapes and string enums.
 */
import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';

/** A UUID on the wire. Kept a plain string: FusionAuth reports a malformed id as a JSON error anyway. */
export const Uuid = () => Type.String();

/** Instants are epoch milliseconds (FusionAuth `ZonedDateTime`). */
export const Instant = () => Type.Integer();

/** `data` and other maps FusionAuth stores and echoes back verbatim. */
export const FreeMap = () => Type.Record(Type.String(), Type.Unknown());

type Literals<T extends readonly string[]> = { [K in keyof T]: TLiteral<T[K] & string> };

/** A closed set of strings, spelled exactly as FusionAuth's enum (case-sensitive). */
export function OneOf<const T extends readonly string[]>(values: T): TUnion<[...Literals<T>]> {
  return Type.Union(values.map((value) => Type.Literal(value))) as unknown as TUnion<[...Literals<T>]>;
}

/** `{enabled}` — FusionAuth's `Enableable`. */
export const Enableable = () => Type.Object({ enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

/** `{enabled, required}` — FusionAuth's `Requirable` (registration form fields, provided OAuth scopes). */
export const Requirable = () =>
  Type.Object(
    { enabled: Type.Optional(Type.Boolean()), required: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  );

/** `{templateId}` — the multi-factor email / SMS / voice template references. */
export const TemplateRef = () => Type.Object({ templateId: Type.Optional(Uuid()) }, { additionalProperties: false });

/** Optional properties built from a list of names that all share one schema (template-id maps). */
export function optionalIds<const K extends readonly string[]>(names: K) {
  const properties = {} as { [P in K[number]]: ReturnType<typeof optionalUuid> };
  for (const name of names) (properties as Record<string, ReturnType<typeof optionalUuid>>)[name] = optionalUuid();
  return properties;
}

function optionalUuid() {
  return Type.Optional(Uuid());
}
