import type { KeyPolicy } from './key-store.ts';
import { assertWholeNumber } from './whole-number.ts';

const budgetFields = ['dailyMicros', 'monthlyMicros', 'totalMicros'] as const;
const rateFields = ['requestsPerMinute', 'imagesPerMinute'] as const;
const policyFields = ['allowedModels', 'maxImagesPerResponse', 'exactImages', 'maxCostPerResponseMicros', 'budgets', 'rateLimits'] as const;

/**
 * A clean copy of `policy` (absent fields dropped), or a TypeError naming the bad field.
 * Unknown fields are errors, not ignored: `{budgets: {dailyUsd: 5}}` must not store a key
 * without a budget. Amounts are whole micro-dollars, counts whole numbers.
 */
export function checkKeyPolicy(policy: unknown): KeyPolicy {
  const source = asPlainObject(policy, 'policy');
  assertOnlyFields(source, policyFields, 'policy');
  const result: KeyPolicy = {};
  if (source.allowedModels !== undefined) {
    const models = source.allowedModels;
    if (!Array.isArray(models) || !models.every((model): model is string => typeof model === 'string' && model !== '')) {
      throw new TypeError('policy.allowedModels must be an array of model names');
    }
    result.allowedModels = [...models];
  }
  for (const field of ['maxImagesPerResponse', 'exactImages', 'maxCostPerResponseMicros'] as const) {
    const value = source[field];
    if (value === undefined) continue;
    assertWholeNumber(value, `policy.${field}`);
    result[field] = value;
  }
  if (result.exactImages === 0) throw new TypeError('policy.exactImages must be at least 1');
  if (source.budgets !== undefined) result.budgets = wholeNumberFields(source.budgets, budgetFields, 'policy.budgets');
  if (source.rateLimits !== undefined) result.rateLimits = wholeNumberFields(source.rateLimits, rateFields, 'policy.rateLimits');
  return result;
}

function wholeNumberFields<Field extends string>(value: unknown, fields: readonly Field[], name: string): Partial<Record<Field, number>> {
  const source = asPlainObject(value, name);
  assertOnlyFields(source, fields, name);
  const result: Partial<Record<Field, number>> = {};
  for (const field of fields) {
    const fieldValue = source[field];
    if (fieldValue === undefined) continue;
    assertWholeNumber(fieldValue, `${name}.${field}`);
    result[field] = fieldValue;
  }
  return result;
}

function asPlainObject(value: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new TypeError(`${name} must be an object`);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function assertOnlyFields(source: Record<string, unknown>, fields: readonly string[], name: string): void {
  const unknown = Object.keys(source).find((field) => !fields.includes(field));
  if (unknown !== undefined) throw new TypeError(`${name}.${unknown} is not a known field`);
}
