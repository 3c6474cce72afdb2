import type { z } from 'zod';
import { invalidRequest } from '../../errors/api-error.ts';
import { createResponseRequestSchema } from './create-response-request.ts';
import { zodIssueToApiError } from './zod-issue-to-api-error.ts';

/**
 * The body of `POST /v1/responses/input_tokens` (OpenAI's `TokenCountsBody`): the members of
 * `CreateResponse` that shape the prompt, validated exactly as `POST /v1/responses` validates
 * them. Unknown keys fail. OpenAI marks `model` optional; imagegate needs it to know which
 * model's tokenizer and image costs apply, so it is required here.
 */
export const tokenCountsRequestSchema = createResponseRequestSchema.pick({
  model: true,
  input: true,
  previous_response_id: true,
  tools: true,
  text: true,
  reasoning: true,
  truncation: true,
  instructions: true,
  conversation: true,
  tool_choice: true,
  parallel_tool_calls: true,
});

export type TokenCountsRequest = z.infer<typeof tokenCountsRequestSchema>;

/** Validates the body; throws a 400 naming the first offending parameter. */
export function parseTokenCountsRequest(body: unknown): TokenCountsRequest {
  const result = tokenCountsRequestSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalidRequest('Invalid request body.', null, 'invalid_value');
  throw zodIssueToApiError(issue, body);
}
