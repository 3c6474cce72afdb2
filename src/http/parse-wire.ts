import type { z } from 'zod';
import { ApiError } from '../errors/api-error.ts';

/** Validates an admin/extension body with zod; the first issue becomes a 400 naming its param. */
export function parseWire<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
  const param = path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? String(segment) : `.${String(segment)}`)).join('') || null;
  const code = issue?.code === 'unrecognized_keys' ? 'unknown_parameter' : 'invalid_value';
  throw new ApiError(400, 'invalid_request_error', `Invalid '${param ?? 'body'}': ${issue?.message ?? 'invalid value'}.`, param, code);
}
