import { ImageGenerationError } from '../spec/image-generation-error.ts';
import type { ImageModelUsage } from '../spec/image-model.ts';
import { moderationBlocked } from '../shared/image/image-errors.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import { type GeminiUsageMetadata, geminiGenerateContentResponseSchema } from './gemini-image-wire.ts';

/** The one image a generateContent call produced. */
export interface GeminiImageAnswer {
  readonly image: { readonly data: Uint8Array; readonly mediaType: string };
  readonly usage: ImageModelUsage | undefined;
  /** Further final images in the same answer (interleaved text-and-image output); not used. */
  readonly extraImages: number;
}

// Candidate FinishReason values that mean a filter stopped the image (Gemini API reference);
// OTHER, IMAGE_OTHER and NO_IMAGE say nothing about filters. Any promptFeedback.blockReason is a block.
const blockedFinishReasons = new Set([
  'SAFETY',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'RECITATION',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Reads a GenerateContentResponse: the first non-thought image part of the first candidate.
 * A blocked prompt or image is `moderation_blocked`; an answer without an image for any other
 * reason (NO_IMAGE, text only) is a server_error carrying the model's own words.
 */
export function mapGeminiImageResponse(provider: string, json: unknown): GeminiImageAnswer {
  const parsed = geminiGenerateContentResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, json);
  const response = parsed.data;

  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason !== undefined && blockReason !== 'BLOCK_REASON_UNSPECIFIED') {
    throw moderationBlocked(response.promptFeedback?.blockReasonMessage ?? `${provider} blocked the prompt (${blockReason}).`);
  }
  const candidate = response.candidates?.[0];
  const parts = (candidate?.content?.parts ?? []).filter((part) => part.thought !== true);
  const images = parts.flatMap((part) => (part.inlineData !== undefined && (part.inlineData.mimeType ?? '').startsWith('image/') ? [part.inlineData] : []));
  const [first] = images;
  if (first === undefined) {
    const finishReason = candidate?.finishReason ?? 'no candidate';
    const said = parts.map((part) => part.text ?? '').join(' ').trim();
    const detail = candidate?.finishMessage ?? (said === '' ? undefined : said);
    if (blockedFinishReasons.has(finishReason)) throw moderationBlocked(detail ?? `${provider} withheld the image (${finishReason}).`);
    throw new ImageGenerationError(`${provider} answered without an image (${finishReason})${detail === undefined ? '' : `: ${detail}`}`, 'server_error', 'server_error');
  }
  const data = Buffer.from(first.data, 'base64');
  if (data.length === 0) throw invalidResponse(provider, `${provider} sent an empty image`, undefined);
  return { image: { data, mediaType: first.mimeType ?? 'image/png' }, usage: mapGeminiUsage(response.usageMetadata), extraImages: images.length - 1 };
}

/** usageMetadata in our terms; thinking tokens are billed as output, so they count as output. */
export function mapGeminiUsage(usage: GeminiUsageMetadata | undefined): ImageModelUsage | undefined {
  if (usage?.promptTokenCount === undefined) return undefined;
  const byModality = (modality: string) => (usage.promptTokensDetails ?? []).filter((detail) => detail.modality === modality).reduce((sum, detail) => sum + (detail.tokenCount ?? 0), 0);
  const inputImageTokens = byModality('IMAGE');
  return {
    inputTokens: usage.promptTokenCount,
    inputImageTokens,
    inputTextTokens: usage.promptTokenCount - inputImageTokens,
    outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
  };
}

/** Sums per-call usage; undefined when no call reported any. */
export function sumUsage(usages: ReadonlyArray<ImageModelUsage | undefined>): ImageModelUsage | undefined {
  const reported = usages.filter((usage): usage is ImageModelUsage => usage !== undefined);
  if (reported.length === 0) return undefined;
  return reported.reduce((sum, usage) => ({
    inputTokens: sum.inputTokens + usage.inputTokens,
    inputImageTokens: sum.inputImageTokens + usage.inputImageTokens,
    inputTextTokens: sum.inputTextTokens + usage.inputTextTokens,
    outputTokens: sum.outputTokens + usage.outputTokens,
  }));
}
