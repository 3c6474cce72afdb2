import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { default as formatsModule } from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/*
 * The two published specs imagegate answers to, compiled as JSON Schema 2020-12 (both are
 * OpenAPI 3.1 documents). Each document is added whole under its own id, so every `$ref` inside
 * it (`#/components/schemas/...`) resolves within that document.
 */

const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The published specs kept as test data (test/fixtures/specs/README.md names their sources); IMAGEGATE_SPEC_DIR overrides. */
export const SPEC_DIR = process.env['IMAGEGATE_SPEC_DIR'] ?? join(REPOSITORY_ROOT, 'test/fixtures/specs');

type JsonObject = Record<string, unknown>;

export interface SpecValidator {
  readonly name: 'openresponses' | 'openai';
  /** Errors of `value` against `components.schemas[schemaName]`; empty when it conforms. */
  errorsOf(schemaName: string, value: unknown): string[];
  /** The component schema of each streaming event type the spec defines, by `type`. */
  readonly eventSchemaByType: ReadonlyMap<string, string>;
  /** Whether the schema is defined. */
  has(schemaName: string): boolean;
  /** The `type` values the spec's union schema (e.g. its output item union) admits. */
  typesOfUnion(schemaName: string): Set<string>;
}

// ajv-formats is CommonJS with `exports.default`: under NodeNext its default import is the module object.
const addFormats = formatsModule.default;

function createValidator(name: SpecValidator['name'], document: JsonObject, eventUnion: (document: JsonObject) => JsonObject[]): SpecValidator {
  // Not strict: OpenAPI keywords (discriminator, example, x-*) are annotations here.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  // OpenAI's own format for Unix-seconds timestamps.
  ajv.addFormat('unixtime', { type: 'number', validate: (seconds: number) => Number.isInteger(seconds) && seconds >= 0 });
  ajv.addSchema(document, name);
  const schemas = (document['components'] as { schemas: Record<string, JsonObject> }).schemas;
  const compiled = new Map<string, ValidateFunction>();
  const validatorOf = (schemaName: string): ValidateFunction => {
    let validate = compiled.get(schemaName);
    if (validate === undefined) {
      validate = ajv.getSchema(`${name}#/components/schemas/${schemaName}`);
      if (validate === undefined) throw new Error(`${name} has no schema ${schemaName}`);
      compiled.set(schemaName, validate);
    }
    return validate;
  };
  const typeOf = (schemaName: string): string | undefined => {
    const typeProperty = (schemas[schemaName]?.['properties'] as Record<string, { enum?: string[]; const?: string }> | undefined)?.['type'];
    return typeProperty?.const ?? typeProperty?.enum?.[0];
  };
  const refName = (member: JsonObject): string => String(member['$ref']).split('/').at(-1) ?? '';
  const eventSchemaByType = new Map<string, string>();
  for (const member of eventUnion(document)) {
    const type = typeOf(refName(member));
    if (type !== undefined) eventSchemaByType.set(type, refName(member));
  }
  return {
    name,
    eventSchemaByType,
    has: (schemaName) => schemas[schemaName] !== undefined,
    errorsOf(schemaName, value) {
      const validate = validatorOf(schemaName);
      if (validate(value)) return [];
      return (validate.errors ?? []).map((error) => `${name} ${schemaName}${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    },
    typesOfUnion(schemaName) {
      const union = schemas[schemaName] ?? {};
      const members = (union['oneOf'] ?? union['anyOf'] ?? []) as JsonObject[];
      return new Set(members.map((member) => typeOf(refName(member))).filter((type): type is string => type !== undefined));
    },
  };
}

function readSpec(fileName: string): string {
  const path = join(SPEC_DIR, fileName);
  if (!existsSync(path)) throw new Error(`Spec ${path} not found: set IMAGEGATE_SPEC_DIR to the folder holding openresponses-openapi.json and openai-openapi.yaml`);
  return readFileSync(path, 'utf8');
}

type Operation = { responses: Record<string, { content: Record<string, { schema: JsonObject }> }> };

function streamSchemaOf(document: JsonObject): JsonObject {
  const operation = (document['paths'] as Record<string, { post: Operation }>)['/responses']?.post;
  const schema = operation?.responses['200']?.content['text/event-stream']?.schema;
  if (schema === undefined) throw new Error('spec defines no event stream for POST /responses');
  return schema;
}

/** Open Responses: `openresponses-openapi.json`; its event union is inline on `POST /responses`. */
export function loadOpenResponsesSpec(): SpecValidator {
  const document = JSON.parse(readSpec('openresponses-openapi.json')) as JsonObject;
  return createValidator('openresponses', document, (spec) => (streamSchemaOf(spec)['oneOf'] ?? []) as JsonObject[]);
}

/** OpenAI: `openai-openapi.yaml`; its event union is `ResponseStreamEvent`. */
export function loadOpenAISpec(): SpecValidator {
  const document = parseYaml(readSpec('openai-openapi.yaml'), { maxAliasCount: -1 }) as JsonObject;
  return createValidator('openai', document, (spec) => {
    const schemas = (spec['components'] as { schemas: Record<string, JsonObject> }).schemas;
    return (schemas['ResponseStreamEvent']?.['anyOf'] ?? []) as JsonObject[];
  });
}
