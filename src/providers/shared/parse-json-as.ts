import type { z } from 'zod';

/**
 * `text` read as JSON of `schema`'s shape; undefined when there is no text, it is not JSON or
 * not that shape. For bodies that may or may not be what we hope, such as error envelopes.
 */
export function parseJsonAs<Schema extends z.ZodType>(schema: Schema, text: string | undefined): z.infer<Schema> | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
