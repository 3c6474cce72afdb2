import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import type { SseBytesMessage } from './read-sse-bytes.ts';
import { parseSseJson } from '../shared/sse-read-errors.ts';
import type { ImageModelPartialImage, ImageModelUsage } from '../spec/image-model.ts';
import { openAIStreamError } from './openai-image-error.ts';
import { type OpenAIImageAnswer, mapOpenAIImagesUsage, receiveBase64Image, reportedSettings } from './openai-image-response.ts';
import { parseOpenAIImageJson, parseOpenAIImageJsonBytes } from './openai-image-json.ts';
import { openAIImageCompletedEventSchema, openAIImagePartialEventSchema } from './openai-images-wire.ts';

export interface FoldOpenAIImageStreamOptions {
  readonly provider: string;
  readonly abortSignal: AbortSignal;
  readonly onPartialImage: ((partial: ImageModelPartialImage) => void | Promise<void>) | undefined;
}

/**
 * Folds an Images API stream (`image_generation.*` or `image_edit.*` events) into one answer:
 * each partial image goes to `onPartialImage` (awaited, then the signal is checked), each
 * `.completed` event is one final image. A stream that breaks off or ends without a completed
 * image is an invalid_response; events of other types are skipped (newer API versions add some).
 */
export async function foldOpenAIImageStream(messages: AsyncIterable<SseMessage | SseBytesMessage>, options: FoldOpenAIImageStreamOptions): Promise<OpenAIImageAnswer> {
  const { provider, abortSignal } = options;
  const images: Array<OpenAIImageAnswer['images'][number]> = [];
  let reported: OpenAIImageAnswer['reported'] | undefined;
  let usage: ImageModelUsage | undefined;
  const iterator = messages[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const next = await readNext(iterator, options);
      if (next.done === true) break;
      const payload = parseEventJson(provider, next.value.data);
      if (payload === DONE) continue;
      // Only an event that went wrong is turned into text (for the error's body).
      const data = (): string => String(next.value.data);
      if (isObject(payload) && 'error' in payload) throw openAIStreamError(provider, data());
      const type = isObject(payload) ? payload.type : undefined;
      if (type === 'image_generation.partial_image' || type === 'image_edit.partial_image') {
        const event = openAIImagePartialEventSchema.safeParse(payload);
        if (!event.success) throw invalidResponse(provider, `${provider} sent a malformed ${type} event`, data());
        await options.onPartialImage?.(Object.assign(receiveBase64Image(provider, event.data.b64_json), { index: event.data.partial_image_index }));
        abortSignal.throwIfAborted();
      } else if (type === 'image_generation.completed' || type === 'image_edit.completed') {
        const event = openAIImageCompletedEventSchema.safeParse(payload);
        if (!event.success) throw invalidResponse(provider, `${provider} sent a malformed ${type} event`, data());
        images.push(Object.assign(receiveBase64Image(provider, event.data.b64_json), { revisedPrompt: undefined }));
        reported = reportedSettings(event.data);
        usage = addUsage(usage, mapOpenAIImagesUsage(event.data.usage));
      }
    }
    finished = true;
  } finally {
    // Stops reading (and so cancels the body) when we leave early: a failed callback, an abort.
    if (!finished) await iterator.return?.().catch(() => undefined);
  }
  if (images.length === 0 || reported === undefined) throw invalidResponse(provider, `${provider} stream ended without a completed image`, undefined);
  return { images, reported, usage };
}

/**
 * The next event; a body that breaks off mid-read is an invalid_response, unless we were aborted.
 * Unlike `readNextSse` (the language models), a ProviderError the body fails with, such as
 * fetchWithRetry's idle timeout, is wrapped too rather than passed on.
 */
async function readNext<T>(iterator: AsyncIterator<T>, options: FoldOpenAIImageStreamOptions): Promise<IteratorResult<T>> {
  try {
    return await iterator.next();
  } catch (error) {
    if (options.abortSignal.aborted) throw options.abortSignal.reason;
    throw invalidResponse(options.provider, `${options.provider} stream broke off before the image was complete`, undefined, error);
  }
}

/**
 * With n > 1 each image ends in its own completed event; whether each carries its own usage or
 * the request's is not documented, so they are summed (an overcount is the safer error for budgets).
 */
function addUsage(total: ImageModelUsage | undefined, next: ImageModelUsage | undefined): ImageModelUsage | undefined {
  if (total === undefined || next === undefined) return next ?? total;
  return {
    inputTokens: total.inputTokens + next.inputTokens,
    inputTextTokens: total.inputTextTokens + next.inputTextTokens,
    inputImageTokens: total.inputImageTokens + next.inputImageTokens,
    outputTokens: total.outputTokens + next.outputTokens,
    ...(total.outputTextTokens === undefined && next.outputTextTokens === undefined ? {} : { outputTextTokens: (total.outputTextTokens ?? 0) + (next.outputTextTokens ?? 0) }),
  };
}

const DONE = Symbol('[DONE]');

/** An event's data as JSON, its image lifted out rather than parsed (openai-image-json.ts). */
function parseEventJson(provider: string, data: string | Buffer): unknown {
  if (data.length === 6 && String(data) === '[DONE]') return DONE;
  try {
    return typeof data === 'string' ? parseOpenAIImageJson(data) : parseOpenAIImageJsonBytes(data);
  } catch {
    return parseSseJson(provider, String(data));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
