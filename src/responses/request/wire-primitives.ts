import { z } from 'zod';

/**
 * Marker carried in `params` of the custom zod issues we raise ourselves, so that
 * `zodIssueToApiError` can turn them into OpenAI's `{message, param, code}` unchanged.
 * `{param}` inside `message` is replaced by the issue's path in OpenAI notation.
 */
export interface WireIssueParams {
  /** OpenAI error code, e.g. `invalid_image_url`. */
  readonly code: string;
}

/** A check failure in OpenAI's words, before its path is known. */
export interface WireIssue {
  readonly code: string;
  /** May contain `{param}`, replaced by the offending parameter. */
  readonly message: string;
}

type CheckContext = z.core.ParsePayload<unknown>;

/** Pushes a custom issue that maps 1:1 to an OpenAI error (see `WireIssueParams`). */
export function pushWireIssue(ctx: CheckContext, issue: WireIssue, path: PropertyKey[] = []): void {
  const params: WireIssueParams = { code: issue.code };
  ctx.issues.push({ code: 'custom', message: issue.message, path, params, input: ctx.value, continue: false });
}

/**
 * An integer within `[minimum, maximum]`. zod reports range failures of `z.int().min()` with
 * origin `number`; OpenAI distinguishes `integer_below_min_value` from `decimal_below_min_value`,
 * so the range check is done here with origin `int`.
 */
export function integerInRange(minimum: number, maximum?: number) {
  return z.int().check((ctx) => {
    const value = ctx.value;
    if (value < minimum) {
      ctx.issues.push({ code: 'too_small', origin: 'int', minimum, inclusive: true, input: value });
    } else if (maximum !== undefined && value > maximum) {
      ctx.issues.push({ code: 'too_big', origin: 'int', maximum, inclusive: true, input: value });
    }
  });
}

/** A finite number within `[minimum, maximum]` (OpenAI calls these decimals). */
export function decimalInRange(minimum: number, maximum: number) {
  return z.number().min(minimum).max(maximum);
}

/** Item status as it appears on items returned by the API and echoed back as input. */
export const itemStatusSchema = z.enum(['in_progress', 'completed', 'incomplete']);

/** `^[a-zA-Z0-9_-]{1,64}$`: function names and json_schema format names. */
export const functionNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** Longest model name accepted; OpenAI's own ids are far shorter, and names are stored per row. */
export const MAX_MODEL_NAME_LENGTH = 256;

/** A model name: 1..256 characters. */
export const modelNameSchema = z.string().min(1).max(MAX_MODEL_NAME_LENGTH);

/**
 * Deepest nesting accepted in a client JSON object (schemas, function parameters). Deeper values
 * overflowed the stack of the recursive code that reads them (JSON.stringify: a 500).
 */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of `value`, counted iteratively and stopping once past `limit`. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** A JSON object with arbitrary members (JSON Schemas, function parameters), at most 64 levels deep. */
export const jsonObjectSchema = z.record(z.string(), z.unknown()).check((ctx) => {
  if (jsonDepthExceeds(ctx.value, MAX_JSON_DEPTH)) {
    pushWireIssue(ctx, {
      code: 'object_above_max_depth',
      message: `Invalid '{param}': the object is nested too deeply. Expected at most ${MAX_JSON_DEPTH} levels of nesting.`,
    });
  }
});
