import type { JsonSchema } from '../spec/language-model.ts';
import type { GeminiSchema } from './gemini-generate-content-wire.ts';

// Formats the API accepts per type (reference `Schema.format`: "for STRING type only enum and
// date-time"; numbers float/double, integers int32/int64). Others are answered with a 400.
const FORMATS: Record<string, ReadonlySet<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
};
const COPIED_NUMBERS = ['minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'minProperties', 'maxProperties'] as const;
const MAX_REF_DEPTH = 8;

/**
 * Converts a tool's JSON Schema to Gemini's OpenAPI subset. Only keys Gemini knows are copied
 * (it answers 400 "Unknown name …" to others such as `additionalProperties`, `$schema`,
 * `const`, `default`): `type: [T, "null"]` becomes `nullable`, `const` a one-value enum,
 * `oneOf` `anyOf`, local `$ref`s are inlined. Returns undefined for a function that takes
 * no arguments, which the API wants declared without `parameters`.
 */
export function convertToGeminiSchema(schema: JsonSchema): GeminiSchema | undefined {
  const converted = convertNode(schema, schema, 0);
  const properties = converted.properties;
  if (converted.type === 'object' && (properties === undefined || Object.keys(properties as object).length === 0)) return undefined;
  return converted;
}

function convertNode(node: unknown, root: JsonSchema, depth: number): GeminiSchema {
  if (!isRecord(node)) return {};
  const resolved = resolveRef(node, root, depth);
  if (resolved !== node) return resolved === undefined ? { type: 'object' } : convertNode(resolved, root, depth + 1);

  const out: GeminiSchema = {};
  const { type, nullable } = readType(node);
  if (typeof node.title === 'string') out.title = node.title;
  if (typeof node.description === 'string') out.description = node.description;
  if (nullable) out.nullable = true;

  if (Array.isArray(type)) {
    // Several non-null types: one alternative each.
    out.anyOf = type.map((member) => convertNode({ ...node, type: member }, root, depth + 1));
    return out;
  }
  if (type !== undefined) out.type = type;

  const values = node.const !== undefined ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (values !== undefined) {
    const present = values.filter((value) => value !== null);
    if (values.length !== present.length) out.nullable = true;
    // Gemini takes enums of strings only; other allowed values are told in words.
    if (present.every((value) => typeof value === 'string')) {
      out.enum = present;
      if (out.type === undefined) out.type = 'string';
    } else {
      out.description = [out.description, `Allowed values: ${present.map((value) => JSON.stringify(value)).join(', ')}.`].filter(Boolean).join(' ');
    }
  }

  if (typeof node.format === 'string' && typeof out.type === 'string' && FORMATS[out.type]?.has(node.format)) out.format = node.format;
  for (const key of COPIED_NUMBERS) if (typeof node[key] === 'number') out[key] = node[key];
  if (typeof node.pattern === 'string') out.pattern = node.pattern;

  if (isRecord(node.properties)) {
    const properties = Object.fromEntries(Object.entries(node.properties).map(([name, value]) => [name, convertNode(value, root, depth + 1)]));
    if (Object.keys(properties).length > 0) {
      out.properties = properties;
      if (Array.isArray(node.required)) out.required = node.required.filter((name): name is string => typeof name === 'string' && name in properties);
    }
    out.type ??= 'object';
  }
  if (node.items !== undefined) {
    out.items = convertNode(Array.isArray(node.items) ? node.items[0] : node.items, root, depth + 1);
    out.type ??= 'array';
  }

  const alternatives = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (alternatives !== undefined) {
    const kept = alternatives.filter((alternative) => !(isRecord(alternative) && alternative.type === 'null'));
    if (kept.length !== alternatives.length) out.nullable = true;
    if (kept.length === 1) Object.assign(out, convertNode(kept[0], root, depth + 1));
    else if (kept.length > 1) out.anyOf = kept.map((alternative) => convertNode(alternative, root, depth + 1));
  }
  if (Array.isArray(node.allOf)) {
    for (const part of node.allOf) mergeInto(out, convertNode(part, root, depth + 1));
  }
  return out;
}

/** `type` as one Gemini type (or several), with `"null"` turned into `nullable`. */
function readType(node: Record<string, unknown>): { type: string | string[] | undefined; nullable: boolean } {
  if (typeof node.type === 'string') return node.type === 'null' ? { type: undefined, nullable: true } : { type: node.type, nullable: node.nullable === true };
  if (!Array.isArray(node.type)) return { type: undefined, nullable: node.nullable === true };
  const types = node.type.filter((member): member is string => typeof member === 'string');
  const present = types.filter((member) => member !== 'null');
  return { type: present.length === 1 ? present[0] : present.length === 0 ? undefined : present, nullable: present.length !== types.length };
}

/** Follows `#/$defs/…` and `#/definitions/…`; undefined once a recursive schema goes too deep. */
function resolveRef(node: Record<string, unknown>, root: JsonSchema, depth: number): Record<string, unknown> | undefined {
  if (typeof node.$ref !== 'string') return node;
  if (depth >= MAX_REF_DEPTH) return undefined;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(node.$ref);
  const definitions = match ? root[match[1] as string] : undefined;
  const target = isRecord(definitions) && match ? definitions[decodeURIComponent(match[2] as string)] : undefined;
  if (!isRecord(target)) return {};
  // Keywords beside a $ref (e.g. a description) win over the referenced schema's.
  const { $ref: _ref, ...siblings } = node;
  return { ...target, ...siblings };
}

function mergeInto(target: GeminiSchema, source: GeminiSchema): void {
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties' && isRecord(target.properties) && isRecord(value)) target.properties = { ...target.properties, ...value };
    else if (key === 'required' && Array.isArray(target.required) && Array.isArray(value)) {
      const required: unknown[] = target.required;
      const added: unknown[] = value;
      target.required = [...new Set([...required, ...added])];
    }
    else target[key] ??= value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
