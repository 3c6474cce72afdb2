import type { OpenAIResponseOutcome } from './openai-responses-wire.ts';

/**
 * The outcome of a streamed Response (`response` of `response.completed | incomplete | failed`),
 * checked as `openAIResponseLifecycleEventSchema`'s response would check it, field by field:
 * this runs once per streamed model step, on the hot path, where the schema parse cost more
 * than all the step's other events together. The test holds it to the schema's verdicts.
 * Returns the response itself (nothing is copied), or what is wrong with it.
 */
export function readOpenAIResponseOutcome(value: unknown): { outcome: OpenAIResponseOutcome } | { issue: string } {
  if (!isRecord(value)) return { issue: 'response is not an object' };
  if (!isNullish(value['status']) && typeof value['status'] !== 'string') return { issue: 'status is not a string' };
  const error = value['error'];
  if (!isNullish(error) && !(isRecord(error) && isOptionalString(error['code']) && isOptionalString(error['message']))) return { issue: 'error is not {code, message}' };
  const details = value['incomplete_details'];
  if (!isNullish(details) && !(isRecord(details) && isOptionalString(details['reason']))) return { issue: 'incomplete_details is not {reason}' };
  const output = value['output'];
  if (!Array.isArray(output)) return { issue: 'output is not an array' };
  for (const item of output) {
    if (!isRecord(item) || typeof item['type'] !== 'string') return { issue: 'an output item has no string type' };
  }
  const usage = value['usage'];
  if (!isNullish(usage) && !isUsage(usage)) return { issue: 'usage is not a ResponseUsage' };
  return { outcome: value as OpenAIResponseOutcome };
}

function isUsage(usage: unknown): boolean {
  if (!isRecord(usage) || !isCount(usage['input_tokens']) || !isCount(usage['output_tokens'])) return false;
  const input = usage['input_tokens_details'];
  const output = usage['output_tokens_details'];
  const total = usage['total_tokens'];
  return (
    (isNullish(input) || (isRecord(input) && (isNullish(input['cached_tokens']) || isCount(input['cached_tokens'])))) &&
    (isNullish(output) || (isRecord(output) && (isNullish(output['reasoning_tokens']) || isCount(output['reasoning_tokens'])))) &&
    (isNullish(total) || (typeof total === 'number' && Number.isFinite(total)))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function isOptionalString(value: unknown): boolean {
  return isNullish(value) || typeof value === 'string';
}

/** A token count: a whole number from 0 (zod's `int().min(0)`). */
function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
