import { z } from 'zod';
import { pushWireIssue } from './wire-primitives.ts';

export const MAX_METADATA_PAIRS = 16;
export const MAX_METADATA_KEY_LENGTH = 64;
export const MAX_METADATA_VALUE_LENGTH = 512;

/**
 * Up to 16 string pairs; keys up to 64 characters, values up to 512. Too many pairs or a too long
 * key is reported on `metadata`; a too long or non-string value on `metadata.<key>`.
 */
export const metadataSchema = z.record(z.string(), z.string()).check((ctx) => {
  const entries = Object.entries(ctx.value);
  if (entries.length > MAX_METADATA_PAIRS) {
    pushWireIssue(ctx, {
      code: 'object_above_max_properties',
      message: `Invalid '{param}': too many properties. Expected an object with at most ${MAX_METADATA_PAIRS} properties, but got an object with ${entries.length} properties instead.`,
    });
    return;
  }
  for (const [key, value] of entries) {
    if (key.length > MAX_METADATA_KEY_LENGTH) {
      pushWireIssue(ctx, {
        code: 'string_above_max_length',
        message: `Invalid '{param}': key '${key.slice(0, 20)}...' is too long. Expected keys with maximum length ${MAX_METADATA_KEY_LENGTH}, but got a key with length ${key.length} instead.`,
      });
      return;
    }
    if (value.length > MAX_METADATA_VALUE_LENGTH) {
      pushWireIssue(
        ctx,
        {
          code: 'string_above_max_length',
          message: `Invalid '{param}': string too long. Expected a string with maximum length ${MAX_METADATA_VALUE_LENGTH}, but got a string with length ${value.length} instead.`,
        },
        [key],
      );
      return;
    }
  }
});

export type Metadata = z.infer<typeof metadataSchema>;
