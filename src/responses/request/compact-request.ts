import { z } from 'zod';
import { invalidRequest } from '../../errors/api-error.ts';
import { inputSchema } from './input-item-schema.ts';
import { promptCacheOptionsSchema, serviceTierSchema } from './response-options-schema.ts';
import { modelNameSchema } from './wire-primitives.ts';
import { zodIssueToApiError } from './zod-issue-to-api-error.ts';

/**
 * The body of `POST /v1/responses/compact`: OpenAI's `CompactResponseMethodPublicBody` (the Open
 * Responses one is its subset). `input` takes the same items as `POST /v1/responses`. The prompt
 * cache and service tier fields are accepted and have no effect here. Unknown keys fail.
 */
export const compactRequestSchema = z.strictObject({
  model: modelNameSchema,
  input: inputSchema.nullable().optional(),
  previous_response_id: z.string().min(1).nullable().optional(),
  instructions: z.string().nullable().optional(),
  prompt_cache_key: z.string().max(64).nullable().optional(),
  prompt_cache_retention: z.enum(['in_memory', '24h']).nullable().optional(),
  prompt_cache_options: promptCacheOptionsSchema.nullable().optional(),
  service_tier: serviceTierSchema.nullable().optional(),
});

export type CompactRequest = z.infer<typeof compactRequestSchema>;

/** Validates a compact body (already JSON-parsed); a 400 names the first offending parameter, as for `POST /v1/responses`. */
export function parseCompactRequest(body: unknown): CompactRequest {
  const result = compactRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw invalidRequest('Invalid request body.', null, 'invalid_value');
    throw zodIssueToApiError(issue, body);
  }
  const request = result.data;
  const hasInput = typeof request.input === 'string' ? request.input !== '' : (request.input?.length ?? 0) > 0;
  if (!hasInput && !request.previous_response_id) {
    throw invalidRequest('Nothing to compact: give input items or a previous_response_id.', 'input', 'missing_required_parameter');
  }
  return request;
}
