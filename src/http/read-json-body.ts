import type { Context } from 'hono';
import { ApiError } from '../errors/api-error.ts';

/** Reads a JSON body; malformed JSON is a 400 in OpenAI's words. */
export async function readJsonBody(context: Context): Promise<unknown> {
  const text = await context.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ApiError(
      400,
      'invalid_request_error',
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      null,
      null,
      { cause },
    );
  }
}
