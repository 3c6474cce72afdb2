import { type CreateResponseRequest, createResponseRequestSchema } from './create-response-request.ts';
import { MAX_MODEL_NAME_LENGTH } from './wire-primitives.ts';

/** The longest string `input` the schema accepts (see inputSchema). */
const MAX_INPUT_STRING_LENGTH = 10_485_760;

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const orNull =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const decimalIn =
  (minimum: number, maximum: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= minimum && value <= maximum;

/**
 * The fields a plain request carries, each with the test the schema applies to it: a body made
 * only of these, each passing, is exactly what the schema would accept. Anything else (items,
 * tools, metadata, a value the test refuses) goes to the schema, which also words the 400.
 */
const PLAIN_FIELDS = new Map<string, Check>([
  ['model', (value) => typeof value === 'string' && value.length >= 1 && value.length <= MAX_MODEL_NAME_LENGTH],
  ['input', (value) => typeof value === 'string' && value.length <= MAX_INPUT_STRING_LENGTH],
  ['instructions', orNull(isString)],
  ['parallel_tool_calls', orNull((value) => typeof value === 'boolean')],
  ['max_output_tokens', orNull((value) => Number.isSafeInteger(value) && (value as number) >= 16)],
  ['temperature', orNull(decimalIn(0, 2))],
  ['top_p', orNull(decimalIn(0, 1))],
  ['previous_response_id', orNull((value) => typeof value === 'string' && value.length >= 1)],
  ['store', orNull((value) => typeof value === 'boolean')],
  ['background', orNull((value) => typeof value === 'boolean')],
  ['stream', orNull((value) => typeof value === 'boolean')],
  ['user', isString],
  ['prompt_cache_key', orNull(isString)],
]);

/** The schema's field order, which its output follows. */
const FIELD_ORDER = Object.keys(createResponseRequestSchema.shape);

/**
 * A plain request (a model, a string input, a few flags) checked without the schema: the same
 * result the schema gives (a copy, fields in the schema's order), at a fraction of the cost,
 * paid on every request. Undefined when the body holds anything else: the schema decides.
 */
export function parsePlainRequest(body: unknown): CreateResponseRequest | undefined {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype) return undefined;
  const fields = body as Record<string, unknown>;
  let count = 0;
  for (const name in fields) {
    if (!Object.hasOwn(fields, name)) return undefined;
    const check = PLAIN_FIELDS.get(name);
    if (check === undefined || !check(fields[name])) return undefined;
    count++;
  }
  if (!('model' in fields)) return undefined;
  const parsed: Record<string, unknown> = {};
  for (const name of FIELD_ORDER) {
    if (Object.hasOwn(fields, name)) parsed[name] = fields[name];
  }
  // Symbol or non-enumerable keys the loop above did not see: the schema decides.
  return Object.keys(parsed).length === count && Reflect.ownKeys(fields).length === count ? (parsed as CreateResponseRequest) : undefined;
}
