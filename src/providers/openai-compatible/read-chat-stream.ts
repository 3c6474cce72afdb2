import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import { parseSseJson, sseReadError } from '../shared/sse-read-errors.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { chatCompletionChunkSchema } from './chat-completions-wire.ts';
import { readChatErrorPayload } from './chat-errors.ts';
import { createChatStreamFolder } from './fold-chat-stream.ts';

export interface ReadChatStreamOptions {
  readonly provider: string;
  /** The caller's signal: once aborted, the stream rejects with its reason before any further part. */
  readonly abortSignal: AbortSignal;
  readonly generateToolCallId?: (() => string) | undefined;
}

/**
 * Server-sent `chat.completion.chunk`s as stream parts, ending with exactly one finish part.
 * The answer is complete at `data: [DONE]` or, for servers that close without it, once a chunk
 * carried a finish_reason; a body that ends before either, breaks off, or holds something that
 * is not a chunk is an invalid_response. An error event is a ProviderError.
 */
export async function* readChatStream(messages: AsyncIterable<SseMessage>, options: ReadChatStreamOptions): AsyncGenerator<LanguageModelStreamPart, void, undefined> {
  const { provider, abortSignal } = options;
  const folder = createChatStreamFolder(options);
  let sawDone = false;
  try {
    for await (const { data } of messages) {
      if (data === '[DONE]') {
        sawDone = true;
        break;
      }
      const payload = parseSseJson(provider, data, `${provider} streamed an event that is not JSON`);
      const reported = readChatErrorPayload(provider, payload, data);
      if (reported) throw reported;
      const chunk = chatCompletionChunkSchema.safeParse(payload);
      if (!chunk.success) throw invalidResponse(provider, `${provider} streamed an event that is not a chat completion chunk`, data, chunk.error);
      for (const part of folder.push(chunk.data)) {
        abortSignal.throwIfAborted();
        yield part;
      }
    }
  } catch (error) {
    throw sseReadError(error, { provider, abortSignal, brokeOff: `${provider} stream broke off before the answer was complete` });
  }
  if (!sawDone && !folder.finished) throw invalidResponse(provider, `${provider} stream ended before the answer was complete (no finish_reason, no [DONE])`, undefined);
  for (const part of folder.end()) {
    abortSignal.throwIfAborted();
    yield part;
  }
}
