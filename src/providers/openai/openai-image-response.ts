import { type Base64Image, base64Head, lazyBase64Image } from '../../media/base64-image.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { ImageModelUsage } from '../spec/image-model.ts';
import { type OpenAIImagesUsage, openAIImagesResponseSchema } from './openai-images-wire.ts';

/** What one call produced, read from a JSON answer or folded from a stream. */
export interface OpenAIImageAnswer {
  /** As the answer sent them: base64 (`data` decodes it), or bytes (a test's answer). */
  readonly images: ReadonlyArray<{ readonly data: Uint8Array; readonly base64?: string | undefined; readonly revisedPrompt: string | undefined }>;
  /** The settings the answer says were used, verbatim; absent when it did not say. */
  readonly reported: OpenAIReportedSettings;
  readonly usage: ImageModelUsage | undefined;
}

export interface OpenAIReportedSettings {
  readonly size: string | undefined;
  readonly quality: string | undefined;
  readonly background: string | undefined;
  readonly outputFormat: string | undefined;
}

/** Reads an `ImagesResponse`; an answer without usable images is an invalid_response. */
export function mapOpenAIImagesResponse(provider: string, json: unknown): OpenAIImageAnswer {
  const parsed = openAIImagesResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, json);
  const response = parsed.data;
  if (response.data.length === 0) throw invalidResponse(provider, `${provider} answered without images`, json);
  const images = response.data.map((image) => {
    if (typeof image.b64_json !== 'string') {
      // Only dall-e can answer with URLs, and we always ask it for b64_json.
      throw invalidResponse(provider, `${provider} answered with ${image.url ? 'an image URL' : 'an image'} but no b64_json`, json);
    }
    // Object.assign, not a spread: a spread would read (decode) `data`.
    return Object.assign(receiveBase64Image(provider, image.b64_json), { revisedPrompt: image.revised_prompt ?? undefined });
  });
  return { images, reported: reportedSettings(response), usage: mapOpenAIImagesUsage(response.usage) };
}

export function reportedSettings(fields: { size?: string | null; quality?: string | null; background?: string | null; output_format?: string | null }): OpenAIReportedSettings {
  return {
    size: fields.size ?? undefined,
    quality: fields.quality ?? undefined,
    background: fields.background ?? undefined,
    outputFormat: fields.output_format ?? undefined,
  };
}

/** `ImagesUsage` in our terms. Without details every input token counts as text (generations have no input images). */
export function mapOpenAIImagesUsage(usage: OpenAIImagesUsage | null | undefined): ImageModelUsage | undefined {
  if (usage === null || usage === undefined) return undefined;
  const details = usage.input_tokens_details;
  const output = usage.output_tokens_details;
  // Text output tokens: as reported, else what image tokens leave of the total; none without details.
  const outputTextTokens = output?.text_tokens ?? (output?.image_tokens === undefined ? undefined : Math.max(0, usage.output_tokens - output.image_tokens));
  return {
    inputTokens: usage.input_tokens,
    inputTextTokens: details?.text_tokens ?? (details?.image_tokens === undefined ? usage.input_tokens : usage.input_tokens - details.image_tokens),
    inputImageTokens: details?.image_tokens ?? 0,
    outputTokens: usage.output_tokens,
    ...(outputTextTokens === undefined ? {} : { outputTextTokens }),
  };
}

/**
 * Keeps an answer's base64 image as the text it came as (relayed as is; see media/base64-image.ts).
 * Only its first bytes are decoded, to refuse an empty image.
 */
export function receiveBase64Image(provider: string, base64: string): Base64Image {
  if (base64Head(base64, 3).length === 0) throw invalidResponse(provider, `${provider} sent an empty image`, undefined);
  return lazyBase64Image(base64);
}
