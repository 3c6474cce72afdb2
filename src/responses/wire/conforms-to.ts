import type { z } from 'zod';

/**
 * Whether `value` has the shape `schema` describes, narrowing it in place. Unlike `parse`, the
 * value itself is kept (no copy, key order and unknown keys untouched), so stored and relayed
 * JSON stays byte for byte what was written. Meant for plain schemas (no transforms, defaults
 * or coercion), whose input and output types are the same.
 */
export function conformsTo<T>(schema: z.ZodType<T, T>, value: unknown): value is T {
  return schema.safeParse(value).success;
}
