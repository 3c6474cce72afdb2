import { invalidRequest } from '../../errors/api-error.ts';
import { checkRequestConsistency } from './check-request-consistency.ts';
import { createResponseRequestSchema, type CreateResponseRequest } from './create-response-request.ts';
import { parsePlainRequest } from './plain-request.ts';
import { zodIssueToApiError } from './zod-issue-to-api-error.ts';

/**
 * Validates a `POST /v1/responses` body (already JSON-parsed). Returns it typed, unchanged, with
 * no defaults filled in; throws a 400 `invalid_request_error` ApiError naming the first offending
 * parameter in OpenAI's notation.
 */
export function parseCreateResponseRequest(body: unknown): CreateResponseRequest {
  const plain = parsePlainRequest(body);
  if (plain !== undefined) {
    checkRequestConsistency(plain);
    return plain;
  }
  const result = createResponseRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw invalidRequest('Invalid request body.', null, 'invalid_value');
    throw zodIssueToApiError(issue, body);
  }
  checkRequestConsistency(result.data);
  return result.data;
}
