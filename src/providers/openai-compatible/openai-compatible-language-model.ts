import { invalidResponse } from '../shared/invalid-response.ts';
import { postJson } from '../shared/post-json.ts';
import { type SseAnswer, postSse } from '../shared/post-sse.ts';
import { streamSseParts } from '../shared/sse-part-stream.ts';
import { answerIsEventStream, partsAtOnce, readWholeJsonAnswer } from '../shared/whole-answer.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelGenerateResult, LanguageModelStreamPart, LanguageModelStreamResult } from '../spec/language-model.ts';
import { buildChatRequestBody } from './build-chat-request-body.ts';
import { mapChatResponse } from './map-chat-response.ts';
import type { OpenAICompatibleOptions } from './openai-compatible-options.ts';
import { ChatStreamReader, chatStreamBrokeOff } from './read-chat-stream.ts';

const PATH = '/chat/completions';

/**
 * Chat Completions as a LanguageModel, for OpenAI and every server that speaks it (Ollama, vLLM,
 * llama.cpp, LM Studio, OpenRouter, Groq, …); `options` carry the differences, usually a preset
 * from OPENAI_COMPATIBLE_PRESETS. `settings.timeoutMillis` bounds the wait for the headers and
 * then each silence in the body (fetchWithRetry's idle watch), so long streams that keep sending
 * are fine and a server that goes quiet mid-stream is cut with a `timeout` ProviderError.
 */
export function createOpenAICompatibleLanguageModel(modelId: string, settings: ProviderSettings, options: OpenAICompatibleOptions): LanguageModel {
  const { provider, generateToolCallId } = options;

  async function doGenerate(call: LanguageModelCallOptions): Promise<LanguageModelGenerateResult> {
    call.abortSignal.throwIfAborted();
    const { body, warnings } = buildChatRequestBody(modelId, call, options, { stream: false });
    let payload: unknown;
    try {
      payload = await postJson(settings, { provider, path: PATH, body, abortSignal: call.abortSignal });
    } catch (error) {
      throw settle(error, call.abortSignal, provider);
    }
    return { ...mapChatResponse(provider, payload, { body: JSON.stringify(payload), generateToolCallId }), warnings };
  }

  async function doStream(call: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
    call.abortSignal.throwIfAborted();
    // Chunks only for a caller that acts on the parts as they come (a client reads the stream).
    // Otherwise one whole answer: one body and one JSON.parse, replayed as the same parts.
    const askForEvents = call.partsAsTheyCome !== false;
    const { body, warnings } = buildChatRequestBody(modelId, call, options, { stream: askForEvents });
    let answer: SseAnswer;
    try {
      answer = await postSse(settings, { provider, path: PATH, body, abortSignal: call.abortSignal, wholeAnswer: !askForEvents });
    } catch (error) {
      throw settle(error, call.abortSignal, provider);
    }

    if (!answerIsEventStream(answer.response, askForEvents)) {
      const { payload, text } = await readWholeJsonAnswer(answer, { provider, abortSignal: call.abortSignal, brokeOff: `${provider} answer broke off` });
      const result = mapChatResponse(provider, payload, { body: text, generateToolCallId });
      // A server that ignores `stream: true` still answers; the whole answer becomes one burst.
      const said = askForEvents ? [...warnings, { type: 'other' as const, message: `${provider} answered without streaming.` }] : warnings;
      return { stream: partsAtOnce(resultParts(result), call.abortSignal), warnings: said };
    }

    const stream = streamSseParts(answer, { provider, abortSignal: call.abortSignal, brokeOff: chatStreamBrokeOff(provider) }, new ChatStreamReader({ provider, generateToolCallId }));
    return { stream, warnings };
  }

  return { provider, modelId, doGenerate, doStream };
}

/** The caller's abort reason when it aborted; provider errors as they are; a body that broke off otherwise. */
function settle(error: unknown, abortSignal: AbortSignal, provider: string): unknown {
  if (abortSignal.aborted) return abortSignal.reason;
  if (error instanceof ProviderError) return error;
  return invalidResponse(provider, `${provider} answer broke off`, undefined, error);
}

/** A whole answer as the stream parts its chunks would have given: texts as deltas, then the finish. */
function resultParts(result: Omit<LanguageModelGenerateResult, 'warnings'>): LanguageModelStreamPart[] {
  return [
    ...result.content.map((part): LanguageModelStreamPart => (part.type === 'text' ? { type: 'text-delta', delta: part.text } : part)),
    { type: 'finish', finishReason: result.finishReason, usage: result.usage },
  ];
}
