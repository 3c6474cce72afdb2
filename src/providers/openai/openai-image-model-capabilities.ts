/**
 * What each OpenAI image model accepts, as data. Sources: OpenAI's OpenAPI spec
 * (`CreateImageRequest`, `CreateImageEditRequest`, 2026-08-21) and the image-generation guide;
 * see /work/shared/reference/responses-image-api.md §5.
 */

/** Sizes a model accepts besides `auto`. */
export type OpenAIImageSizeRule =
  | { readonly kind: 'fixed'; readonly sizes: ReadonlyArray<string>; readonly allowsAuto: boolean }
  | {
      readonly kind: 'flexible';
      /** Both edges must be a multiple of this, in pixels. */
      readonly edgeMultiple: number;
      readonly maxEdge: number;
      /** Longer edge over shorter edge, at most. */
      readonly maxAspectRatio: number;
      readonly minPixels: number;
      readonly maxPixels: number;
    }
  /** Unknown models: any `WIDTHxHEIGHT` goes through and OpenAI decides. */
  | { readonly kind: 'any' };

export interface OpenAIImageModelCapabilities {
  /** Images one request may ask for (`n`). */
  readonly maxImagesPerRequest: number;
  /** Input images one edit may take; 0 when the model cannot edit. */
  readonly maxInputImages: number;
  readonly maxPromptLength: number;
  readonly sizes: OpenAIImageSizeRule;
  /** `quality` values as the wire spells them for our `low`/`medium`/`high`; undefined: not sent. */
  readonly quality: { readonly low: string; readonly medium: string; readonly high: string } | undefined;
  /** GPT image only: `output_format`, `output_compression`, `background`, `moderation`, streaming. */
  readonly isGptImage: boolean;
  readonly supportsInputFidelity: boolean;
  /** dall-e answers with URLs unless `response_format: 'b64_json'` is sent. */
  readonly needsBase64ResponseFormat: boolean;
  /** Multipart field for the input images: openai-node sends arrays as `image[]`, one file as `image`. */
  readonly editImageField: 'image' | 'image[]';
}

const gptImageQuality = { low: 'low', medium: 'medium', high: 'high' } as const;
const standardSizes = ['1024x1024', '1536x1024', '1024x1536'];

const gptImage2: OpenAIImageModelCapabilities = {
  maxImagesPerRequest: 10,
  maxInputImages: 16,
  maxPromptLength: 32_000,
  // Spec: edges divisible by 16, aspect 1:3..3:1, max 3840x2160; guide: 655,360..8,294,400 pixels.
  sizes: { kind: 'flexible', edgeMultiple: 16, maxEdge: 3840, maxAspectRatio: 3, minPixels: 655_360, maxPixels: 8_294_400 },
  quality: gptImageQuality,
  isGptImage: true,
  // Guide: "omit this parameter; … the model processes every image input at high fidelity automatically."
  supportsInputFidelity: false,
  needsBase64ResponseFormat: false,
  editImageField: 'image[]',
};

const gptImage1: OpenAIImageModelCapabilities = {
  ...gptImage2,
  sizes: { kind: 'fixed', sizes: standardSizes, allowsAuto: true },
  supportsInputFidelity: true,
};

const dallE3: OpenAIImageModelCapabilities = {
  maxImagesPerRequest: 1,
  maxInputImages: 0,
  maxPromptLength: 4000,
  sizes: { kind: 'fixed', sizes: ['1024x1024', '1792x1024', '1024x1792'], allowsAuto: false },
  quality: { low: 'standard', medium: 'standard', high: 'hd' },
  isGptImage: false,
  supportsInputFidelity: false,
  needsBase64ResponseFormat: true,
  editImageField: 'image',
};

const dallE2: OpenAIImageModelCapabilities = {
  ...dallE3,
  maxImagesPerRequest: 10,
  maxInputImages: 1,
  maxPromptLength: 1000,
  sizes: { kind: 'fixed', sizes: ['256x256', '512x512', '1024x1024'], allowsAuto: false },
  // `standard` is dall-e-2's only quality, so nothing is worth sending.
  quality: undefined,
};

/** First matching prefix wins, so the longer names come before `gpt-image-1`. */
const capabilitiesByPrefix: ReadonlyArray<readonly [prefix: string, capabilities: OpenAIImageModelCapabilities]> = [
  // gpt-image-2, its snapshots and the 2.5 / 2.6 flare and sunburst variants.
  ['gpt-image-2', gptImage2],
  ['gpt-image-1-mini', { ...gptImage1, supportsInputFidelity: false }],
  ['gpt-image-1.5', gptImage1],
  ['gpt-image-1', gptImage1],
  // Undocumented which model it tracks: standard sizes only, and no input_fidelity, which
  // gpt-image-2 rejects (a warning costs less than a failed call).
  ['chatgpt-image-latest', { ...gptImage1, supportsInputFidelity: false }],
  ['dall-e-3', dallE3],
  ['dall-e-2', dallE2],
];

/** Unknown ids (a newer model, a deployment name) are treated as GPT image; OpenAI checks sizes. */
const unknownModel: OpenAIImageModelCapabilities = { ...gptImage1, sizes: { kind: 'any' } };

export function openAIImageModelCapabilities(modelId: string): OpenAIImageModelCapabilities {
  return capabilitiesByPrefix.find(([prefix]) => modelId.startsWith(prefix))?.[1] ?? unknownModel;
}
