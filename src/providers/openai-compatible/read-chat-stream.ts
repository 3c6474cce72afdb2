import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import type { SseEventReader } from '../shared/sse-part-stream.ts';
import { parseSseJson, sseReadError } from '../shared/sse-read-errors.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { type ChatCompletionChunk, chatCompletionChunkSchema } from './chat-completions-wire.ts';
import { readChatErrorPayload } from './chat-errors.ts';
import { type ChatStreamFolder, createChatStreamFolder } from './fold-chat-stream.ts';
import { isPlainTextChunk } from './plain-text-chunk.ts';

export interface ReadChatStreamOptions {
  readonly provider: string;
  /** The caller's signal: once aborted, the stream rejects with its reason before any further part. */
  readonly abortSignal: AbortSignal;
  readonly generateToolCallId?: (() => string) | undefined;
}

/**
 * Server-sent `chat.completion.chunk`s as stream parts, one event at a time (for streamSseParts),
 * ending with exactly one finish part. The answer is complete at `data: [DONE]` or, for servers
 * that close without it, once a chunk carried a finish_reason; a body that ends before either,
 * or holds something that is not a chunk, is an invalid_response. An error event is a
 * ProviderError.
 */
export class ChatStreamReader implements SseEventReader<LanguageModelStreamPart> {
  readonly #provider: string;
  readonly #folder: ChatStreamFolder;
  #sawDone = false;

  constructor(options: Omit<ReadChatStreamOptions, 'abortSignal'>) {
    this.#provider = options.provider;
    this.#folder = createChatStreamFolder(options);
  }

  get finished(): boolean {
    return this.#sawDone;
  }

  read({ data }: SseMessage, parts: LanguageModelStreamPart[]): void {
    if (this.#sawDone) return;
    const provider = this.#provider;
    if (data === '[DONE]') {
      this.#sawDone = true;
      for (const part of this.#folder.end()) parts.push(part);
      return;
    }
    const payload = parseSseJson(provider, data, `${provider} streamed an event that is not JSON`);
    const reported = readChatErrorPayload(provider, payload, data);
    if (reported) throw reported;
    for (const part of this.#folder.push(isPlainTextChunk(payload) ? payload : this.#parse(payload, data))) parts.push(part);
  }

  #parse(payload: unknown, data: string): ChatCompletionChunk {
    const chunk = chatCompletionChunkSchema.safeParse(payload);
    if (!chunk.success) throw invalidResponse(this.#provider, `${this.#provider} streamed an event that is not a chat completion chunk`, data, chunk.error);
    return chunk.data;
  }

  end(parts: LanguageModelStreamPart[]): void {
    const provider = this.#provider;
    if (!this.#folder.finished) throw invalidResponse(provider, `${provider} stream ended before the answer was complete (no finish_reason, no [DONE])`, undefined);
    for (const part of this.#folder.end()) parts.push(part);
  }
}

/** The `brokeOff` message of a Chat Completions stream whose body fails while read. */
export function chatStreamBrokeOff(provider: string): string {
  return `${provider} stream broke off before the answer was complete`;
}

/** {@link ChatStreamReader} over events taken one by one. */
export async function* readChatStream(messages: AsyncIterable<SseMessage>, options: ReadChatStreamOptions): AsyncGenerator<LanguageModelStreamPart, void, undefined> {
  const { provider, abortSignal } = options;
  const reader = new ChatStreamReader(options);
  const parts: LanguageModelStreamPart[] = [];
  try {
    for await (const message of messages) {
      reader.read(message, parts);
      for (const part of parts.splice(0)) {
        abortSignal.throwIfAborted();
        yield part;
      }
      if (reader.finished) return;
    }
  } catch (error) {
    throw sseReadError(error, { provider, abortSignal, brokeOff: chatStreamBrokeOff(provider) });
  }
  reader.end(parts);
  for (const part of parts) {
    abortSignal.throwIfAborted();
    yield part;
  }
}
