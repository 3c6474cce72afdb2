import { type ProviderAnswer, fetchWithRetry } from '../shared/fetch-with-retry.ts';
import { ReusedBytes } from '../../media/reused-bytes.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { UpstreamAnswer } from '../shared/upstream-http.ts';
import type { ImageModel, ImageModelCallOptions, ImageModelResult, ImageModelWarning } from '../spec/image-model.ts';
import { buildOpenAIImageEditForm } from './openai-image-edit-form.ts';
import { mapOpenAIImageError } from './openai-image-error.ts';
import { buildOpenAIImageGenerationBody } from './openai-image-generation-body.ts';
import { parseOpenAIImageJsonBytes } from './openai-image-json.ts';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { type OpenAIImageRequest, resolveOpenAIImageRequest } from './openai-image-request-settings.ts';
import { type OpenAIImageAnswer, mapOpenAIImagesResponse } from './openai-image-response.ts';
import { resolveOpenAIImageResult } from './openai-image-result.ts';
import { foldOpenAIImageStream } from './openai-image-stream.ts';
import { readSseBytes } from './read-sse-bytes.ts';

export const openAIImagesProvider = 'openai.images';

/**
 * The OpenAI Images API (`/images/generations`, `/images/edits`) as an ImageModel, for the GPT
 * image models and dall-e. Limits of each model are checked before anything is sent; streaming
 * is used only to deliver partial images.
 */
export function createOpenAIImageModel(modelId: string, settings: ProviderSettings): ImageModel {
  const capabilities = openAIImageModelCapabilities(modelId);
  return {
    provider: openAIImagesProvider,
    modelId,
    async doGenerate(options: ImageModelCallOptions): Promise<ImageModelResult> {
      options.abortSignal.throwIfAborted();
      const request = resolveOpenAIImageRequest(modelId, capabilities, options);
      const isEdit = options.images.length > 0;
      const { response, release } = await send(settings, {
        path: isEdit ? '/images/edits' : '/images/generations',
        // FormData and strings can both be sent again when fetchWithRetry retries.
        body: isEdit ? buildOpenAIImageEditForm(request, options.images, options.mask) : JSON.stringify(buildOpenAIImageGenerationBody(request)),
        abortSignal: options.abortSignal,
      });
      const warnings: ImageModelWarning[] = [...request.warnings];
      let answer: OpenAIImageAnswer;
      try {
        answer = await readAnswer(response, request, options, warnings);
      } finally {
        release();
        response.body.cancel();
      }
      options.abortSignal.throwIfAborted();
      return resolveOpenAIImageResult(openAIImagesProvider, answer, request, warnings);
    },
  };
}

async function send(
  settings: ProviderSettings,
  options: { path: string; body: string | FormData; abortSignal: AbortSignal },
): Promise<ProviderAnswer> {
  // The HTTP client writes the multipart content-type with its boundary itself.
  const headers = typeof options.body === 'string' ? { 'content-type': 'application/json', ...settings.headers } : settings.headers;
  try {
    return await fetchWithRetry(settings, {
      provider: openAIImagesProvider,
      url: `${settings.baseURL}${options.path}`,
      method: 'POST',
      headers,
      body: options.body,
      abortSignal: options.abortSignal,
    });
  } catch (error) {
    throw error instanceof ProviderError ? mapOpenAIImageError(error) : error;
  }
}

async function readAnswer(
  response: UpstreamAnswer,
  request: OpenAIImageRequest,
  options: ImageModelCallOptions,
  warnings: ImageModelWarning[],
): Promise<OpenAIImageAnswer> {
  const isEventStream = (response.header('content-type') ?? '').includes('text/event-stream');
  if (request.stream && isEventStream) {
    return foldOpenAIImageStream(readSseBytes(response.body), { provider: openAIImagesProvider, abortSignal: options.abortSignal, onPartialImage: options.onPartialImage });
  }
  if (request.stream) {
    // An OpenAI-compatible server that ignores `stream` still answers; it just shows no previews.
    warnings.push({ type: 'unsupported-setting', setting: 'partialImages', message: 'The backend answered without streaming; no partial images were sent.' });
  }
  return mapOpenAIImagesResponse(openAIImagesProvider, await readJson(response, options.abortSignal));
}

/** Answers are joined into this one buffer (see ReusedBytes): the parse below copies out what it keeps. */
const answerBytes = new ReusedBytes(16 * 1024 * 1024);

async function readJson(response: UpstreamAnswer, abortSignal: AbortSignal): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  try {
    // Bytes, not text: the image in it is taken out as ASCII, never decoded as UTF-8.
    for await (const chunk of response.body) chunks.push(chunk);
  } catch (cause) {
    if (abortSignal.aborted) throw abortSignal.reason;
    throw invalidResponse(openAIImagesProvider, `${openAIImagesProvider} answer broke off`, undefined, cause);
  }
  // From here to the parse's end nothing awaits, so no other answer is joined into the buffer meanwhile.
  const bytes = answerBytes.join(chunks);
  try {
    return parseOpenAIImageJsonBytes(bytes);
  } catch (cause) {
    throw invalidResponse(openAIImagesProvider, `${openAIImagesProvider} sent malformed JSON`, bytes.toString('utf8'), cause);
  }
}
