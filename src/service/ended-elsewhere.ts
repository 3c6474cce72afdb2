import type { ResponseObject } from '../responses/wire/response-object.ts';

/**
 * The answer of a response whose end was not stored because another instance had already
 * reconciled it as `failed` (this one stalled past its lease and the grace after it): the
 * client is told the outcome that is stored, with what this instance produced kept in `output`
 * (its cost lines too: model steps it ran were charged). A response that failed here already
 * keeps its own error.
 */
export function endedElsewhere(response: ResponseObject): ResponseObject {
  if (response.status === 'failed') return response;
  return {
    ...response,
    status: 'failed',
    completed_at: null,
    incomplete_details: null,
    error: {
      code: 'server_error',
      message: 'This server instance lost its lease while the response ran, and another instance had already ended it as failed; it stays failed. Try again.',
    },
  };
}
