import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A validator for OCSF events against the vendored part of the published schema
 * (test/fixtures/ocsf/compliance-finding-1.6.0.json). It knows nothing of orgmfa's mapping: it checks
 * required attributes, no attribute outside the definition, types, enumerations and their sibling
 * captions, profile attributes only with the profile declared, and the class's identifiers.
 */

interface AttributeDefinition {
  readonly type: 'string_t' | 'integer_t' | 'long_t' | 'timestamp_t' | 'url_t' | 'boolean_t' | 'object';
  readonly object?: string;
  readonly is_array?: boolean;
  readonly requirement: 'required' | 'recommended' | 'optional';
  readonly enum?: Readonly<Record<string, string>>;
  readonly sibling?: string;
  readonly profile?: string;
}

type Attributes = Readonly<Record<string, AttributeDefinition>>;

export interface OcsfSchema {
  readonly version: string;
  readonly class: {
    readonly uid: number;
    readonly category_uid: number;
    readonly caption: string;
    readonly attributes: Attributes;
  };
  readonly objects: Readonly<Record<string, Attributes>>;
  readonly profiles: Readonly<Record<string, { readonly attributes: readonly string[] }>>;
}

export const COMPLIANCE_FINDING_SCHEMA: OcsfSchema = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'ocsf', 'compliance-finding-1.6.0.json'), 'utf8'),
);

const INT32 = 2 ** 31;
/** 2000-01-01: an OCSF timestamp is milliseconds since the epoch, so anything earlier is seconds by mistake. */
const EARLIEST_MS = 946_684_800_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeError(definition: AttributeDefinition, value: unknown): string | undefined {
  switch (definition.type) {
    case 'string_t':
      return typeof value === 'string' ? undefined : 'a string';
    case 'url_t':
      return typeof value === 'string' && URL.canParse(value) ? undefined : 'a URL';
    case 'boolean_t':
      return typeof value === 'boolean' ? undefined : 'a boolean';
    case 'integer_t':
      return Number.isInteger(value) && Math.abs(value as number) < INT32 ? undefined : 'a 32-bit integer';
    case 'long_t':
      return Number.isSafeInteger(value) ? undefined : 'an integer';
    case 'timestamp_t':
      return Number.isSafeInteger(value) && (value as number) >= EARLIEST_MS
        ? undefined
        : 'a timestamp in milliseconds since the epoch';
    case 'object':
      return isObject(value) ? undefined : 'an object';
  }
}

function checkValue(
  schema: OcsfSchema,
  definition: AttributeDefinition,
  value: unknown,
  path: string,
  profiles: readonly string[],
  errors: string[],
): void {
  if (definition.is_array) {
    if (!Array.isArray(value)) {
      errors.push(`${path} must be an array`);
      return;
    }
    value.forEach((item, i) =>
      checkValue(schema, { ...definition, is_array: false }, item, `${path}[${i}]`, profiles, errors),
    );
    return;
  }
  const expected = typeError(definition, value);
  if (expected !== undefined) {
    errors.push(`${path} must be ${expected}, got ${JSON.stringify(value)}`);
    return;
  }
  if (definition.enum !== undefined && !(String(value) in definition.enum))
    errors.push(`${path} ${JSON.stringify(value)} is not one of ${Object.keys(definition.enum).join(', ')}`);
  if (definition.type === 'object')
    checkObject(
      schema,
      schema.objects[definition.object!]!,
      value as Record<string, unknown>,
      path,
      profiles,
      errors,
    );
}

function checkObject(
  schema: OcsfSchema,
  attributes: Attributes,
  value: Record<string, unknown>,
  path: string,
  profiles: readonly string[],
  errors: string[],
): void {
  const at = (name: string) => (path === '' ? name : `${path}.${name}`);
  for (const [name, item] of Object.entries(value)) {
    const definition = attributes[name];
    if (definition === undefined) {
      errors.push(`${at(name)} is not an attribute of ${path === '' ? 'the class' : 'its object'}`);
      continue;
    }
    if (definition.profile !== undefined && !profiles.includes(definition.profile))
      errors.push(
        `${at(name)} belongs to the ${definition.profile} profile, which metadata.profiles does not name`,
      );
    checkValue(schema, definition, item, at(name), profiles, errors);
    if (definition.sibling !== undefined && definition.enum !== undefined && name in value) {
      const caption = definition.enum[String(item)];
      const sibling = value[definition.sibling];
      // The sibling is free text only for Other (99).
      if (sibling !== undefined && String(item) !== '99' && sibling !== caption)
        errors.push(
          `${at(definition.sibling)} ${JSON.stringify(sibling)} is not the caption of ${at(name)} (${JSON.stringify(caption)})`,
        );
    }
  }
  for (const [name, definition] of Object.entries(attributes)) {
    if (definition.requirement !== 'required' || name in value) continue;
    if (definition.profile !== undefined && !profiles.includes(definition.profile)) continue;
    errors.push(`${at(name)} is required`);
  }
}

/** Every way `event` departs from the schema's class (an empty list: it is valid). */
export function ocsfErrors(event: unknown, schema: OcsfSchema = COMPLIANCE_FINDING_SCHEMA): string[] {
  if (!isObject(event)) return ['the event must be a JSON object'];
  const errors: string[] = [];
  const metadata = isObject(event.metadata) ? event.metadata : {};
  const profiles = Array.isArray(metadata.profiles)
    ? metadata.profiles.filter((p): p is string => typeof p === 'string')
    : [];
  for (const profile of profiles)
    if (schema.profiles[profile] === undefined)
      errors.push(`metadata.profiles names ${JSON.stringify(profile)}, which is not checked here`);
  checkObject(schema, schema.class.attributes, event, '', profiles, errors);
  if (event.class_uid !== schema.class.uid) errors.push(`class_uid must be ${schema.class.uid}`);
  if (event.category_uid !== schema.class.category_uid)
    errors.push(`category_uid must be ${schema.class.category_uid}`);
  if (typeof event.activity_id === 'number' && event.type_uid !== schema.class.uid * 100 + event.activity_id)
    errors.push('type_uid must be class_uid × 100 + activity_id');
  if (metadata.version !== schema.version) errors.push(`metadata.version must be ${schema.version}`);
  return errors;
}
