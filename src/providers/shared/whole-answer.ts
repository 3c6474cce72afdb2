import { invalidResponse } from './invalid-response.ts';
import type { SseAnswer } from './post-sse.ts';
import { type SseReadContext, sseReadError } from './sse-read-errors.ts';
import type { UpstreamAnswer } from './upstream-http.ts';

/**
 * Whether to read the answer as an event stream: by its content-type, not by what was asked (an
 * OpenAI-compatible server may stream whatever `stream` said, or answer JSON to a stream request);
 * an answer whose content-type names neither is read as what was asked.
 */
export function answerIsEventStream(response: UpstreamAnswer, askedForEvents: boolean): boolean {
  const type = response.header('content-type')?.toLowerCase() ?? '';
  if (type.includes('text/event-stream')) return true;
  if (type.includes('json')) return false;
  return askedForEvents;
}

/** A whole JSON answer: its parsed payload and its text (kept in errors). */
export type WholeJsonAnswer = { payload: unknown; text: string };

/**
 * A whole JSON answer, read with fetchWithRetry's idle watch still on (an upstream that goes
 * silent is cut by the same `timeoutMillis` as a silent stream) and released however it ends.
 * A body that fails while read is said by {@link sseReadError} (`context.brokeOff`), as a stream's
 * is; a body that is not JSON is an invalid_response.
 */
export async function readWholeJsonAnswer(answer: SseAnswer, context: SseReadContext): Promise<WholeJsonAnswer> {
  const { response, release } = answer;
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    response.body.cancel();
    throw sseReadError(error, context);
  } finally {
    release();
  }
  return parseWholeJson(text, context);
}

/**
 * The answer as {@link readWholeJsonAnswer} gives it, at once, when its whole body is here already
 * (a small answer comes with its headers): no promise and no turn waited for. Undefined (nothing
 * read, nothing released) when more is to come: then it is read by readWholeJsonAnswer.
 */
export function wholeJsonAnswerIfHere(answer: SseAnswer, context: SseReadContext): WholeJsonAnswer | undefined {
  const text = answer.response.body.textIfHere?.();
  if (text === undefined) return undefined;
  answer.release();
  return parseWholeJson(text, context);
}

function parseWholeJson(text: string, context: SseReadContext): WholeJsonAnswer {
  context.abortSignal.throwIfAborted();
  try {
    return { payload: JSON.parse(text) as unknown, text };
  } catch (cause) {
    throw invalidResponse(context.provider, `${context.provider} sent malformed JSON`, text, cause);
  }
}

/**
 * Parts already read in full, handed out as a stream hands them out: once the caller aborted,
 * the next part is its reason.
 */
export async function* partsAtOnce<Part>(parts: ReadonlyArray<Part>, abortSignal: AbortSignal): AsyncGenerator<Part, void, undefined> {
  for (const part of parts) {
    abortSignal.throwIfAborted();
    yield part;
  }
}
