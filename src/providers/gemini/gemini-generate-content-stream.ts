import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import { parseSseJson, readNextSse } from '../shared/sse-read-errors.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { geminiStreamError } from './gemini-generate-content-error.ts';
import { type GeminiReadOptions, mapGeminiFinishReason, mapGeminiPart, mapGeminiUsage, parseGeminiResponse } from './gemini-generate-content-response.ts';
import type { GeminiUsageMetadata } from './gemini-generate-content-wire.ts';

export interface MapGeminiStreamOptions extends GeminiReadOptions {
  readonly provider: string;
  readonly abortSignal: AbortSignal;
}

/**
 * Turns `:streamGenerateContent?alt=sse` into spec parts. Every event is a whole
 * GenerateContentResponse: text parts become deltas, function calls arrive complete and are
 * passed on as they come. The answer is over when a chunk carries a `finishReason` (or a blocked
 * prompt's `promptFeedback`); a body that ends without one was cut off and is an
 * invalid_response. Usage comes from the last chunk that reported it.
 */
export async function* mapGeminiGenerateContentStream(messages: AsyncIterable<SseMessage>, options: MapGeminiStreamOptions): AsyncGenerator<LanguageModelStreamPart> {
  const { provider, abortSignal } = options;
  let usage: GeminiUsageMetadata | null | undefined;
  let finishReason: string | undefined;
  let blocked = false;
  let hasToolCalls = false;
  const iterator = messages[Symbol.asyncIterator]();
  const reading = { provider, abortSignal, brokeOff: `${provider} stream broke off before the answer was complete` };
  try {
    for (;;) {
      abortSignal.throwIfAborted();
      const next = await readNextSse(iterator, reading);
      if (next.done === true) break;
      const { data } = next.value;
      const json = parseSseJson(provider, data);
      if (typeof json === 'object' && json !== null && 'error' in json) throw geminiStreamError(provider, data);
      const chunk = parseGeminiResponse(provider, json);
      usage = chunk.usageMetadata ?? usage;
      if (chunk.promptFeedback?.blockReason) blocked = true;
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        const mapped = mapGeminiPart(part, options);
        if (mapped?.type === 'text') yield { type: 'text-delta', delta: mapped.text };
        else if (mapped?.type === 'tool-call') {
          hasToolCalls = true;
          yield mapped;
        } else if (mapped?.type === 'file') yield mapped;
      }
      finishReason = candidate?.finishReason ?? finishReason;
    }
  } finally {
    // Stops reading (and so cancels the body) on every way out: done, failed, or the consumer left.
    await iterator.return?.().catch(() => undefined);
  }
  if (finishReason === undefined && !blocked) throw invalidResponse(provider, `${provider} stream ended without a finishReason`, undefined);
  yield { type: 'finish', finishReason: blocked ? 'content-filter' : mapGeminiFinishReason(finishReason, hasToolCalls), usage: mapGeminiUsage(usage) };
}

