import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { integerInRange } from './wire-primitives.ts';
import { zodIssueToApiError } from './zod-issue-to-api-error.ts';

function errorFor(schema: z.ZodType, body: unknown) {
  const result = schema.safeParse(body);
  if (result.success || !result.error.issues[0]) throw new Error('expected a failure');
  const error = zodIssueToApiError(result.error.issues[0], body);
  return { message: error.message, param: error.param, code: error.code };
}

describe('zodIssueToApiError', () => {
  const schema = z.strictObject({
    value: z.union([z.string(), z.array(z.strictObject({ kind: z.literal('a'), n: integerInRange(1, 9) }))]).optional(),
    mode: z.union([z.enum(['x', 'y']), z.strictObject({ type: z.literal('z') })]).optional(),
    ratio: z.number().min(0).max(1).optional(),
    list: z.array(z.string()).max(2).optional(),
  });

  it('reports a union from the branch that matched the value shape', () => {
    expect(errorFor(schema, { value: [{ kind: 'a', n: 10 }] })).toEqual({
      message: "Invalid 'value[0].n': integer above maximum value. Expected a value <= 9, but got 10 instead.",
      param: 'value[0].n',
      code: 'integer_above_max_value',
    });
    expect(errorFor(schema, { mode: { type: 'z', extra: 1 } }).param).toBe('mode.extra');
    expect(errorFor(schema, { mode: 'w' }).code).toBe('invalid_value');
  });

  it('lists the union types when no branch fits the value type', () => {
    expect(errorFor(schema, { value: 12 })).toEqual({
      message: "Invalid type for 'value': expected one of a string or an array, but got an integer instead.",
      param: 'value',
      code: 'invalid_type',
    });
  });

  it('tells decimals from integers', () => {
    expect(errorFor(schema, { ratio: 2 }).code).toBe('decimal_above_max_value');
    expect(errorFor(schema, { value: [{ kind: 'a', n: 0 }] }).code).toBe('integer_below_min_value');
    expect(errorFor(schema, { value: [{ kind: 'a', n: 1.5 }] }).code).toBe('invalid_type');
  });

  it('reports lengths', () => {
    expect(errorFor(schema, { list: ['a', 'b', 'c'] }).code).toBe('array_above_max_length');
  });

  it('reports a wrong literal as invalid_value', () => {
    expect(errorFor(schema, { value: [{ kind: 'b', n: 1 }] })).toEqual({
      message: "Invalid value: 'b'. Supported values are: 'a'.",
      param: 'value[0].kind',
      code: 'invalid_value',
    });
  });
});
