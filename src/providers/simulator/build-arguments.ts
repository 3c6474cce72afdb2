import type { JsonSchema } from '../spec/language-model.ts';

// Nested schemas deeper than this get `{}`: enough for real tools, safe against cycles via $ref tricks.
const MAX_DEPTH = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaType(schema: Record<string, unknown>): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  // `["string", "null"]`: a nullable value; the simulator fills the non-null kind.
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  if (isRecord(schema['properties'])) return 'object';
  return undefined;
}

function valueFor(schema: unknown, hint: string, depth: number): unknown {
  if (!isRecord(schema)) return hint;
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[0];
  if ('const' in schema) return schema['const'];
  const variants = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(variants) && variants.length > 0) {
    const options: unknown[] = variants;
    const firstNonNull = options.find((variant) => !(isRecord(variant) && variant['type'] === 'null'));
    return valueFor(firstNonNull ?? options[0], hint, depth);
  }
  switch (schemaType(schema)) {
    case 'number':
    case 'integer': {
      const minimum = schema['minimum'];
      return typeof minimum === 'number' && minimum > 1 ? Math.ceil(minimum) : 1;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [];
    case 'object':
      return depth >= MAX_DEPTH ? {} : buildObject(schema, hint, depth + 1);
    default:
      return hint;
  }
}

function buildObject(schema: Record<string, unknown>, hint: string, depth: number): Record<string, unknown> {
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required'])
    ? schema['required'].filter((name): name is string => typeof name === 'string')
    : [];
  const result: Record<string, unknown> = {};
  for (const name of required) result[name] = valueFor(properties[name], hint, depth);
  return result;
}

/**
 * Arguments for a caller-defined tool, built from its JSON schema: required strings get `hint`,
 * numbers 1, booleans true, enums their first value. Optional properties are left out, as a
 * terse model would.
 */
export function buildToolArguments(parameters: JsonSchema, hint: string): Record<string, unknown> {
  return buildObject(parameters, hint, 0);
}
