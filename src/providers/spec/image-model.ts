/**
 * The image-model spec: the only thing the tool loop and the Images API know about an image backend.
 * Every option is required but may be `undefined`, so each adapter decides about each on purpose.
 */

export type ImageOutputFormat = 'png' | 'jpeg' | 'webp';
export type ImageQuality = 'low' | 'medium' | 'high' | 'auto';
export type ImageBackground = 'transparent' | 'opaque' | 'auto';

export interface ImageModelInputImage {
  readonly data: Uint8Array;
  /** e.g. `image/png` */
  readonly mediaType: string;
}

export interface ImageModelPartialImage {
  /** 0-based. */
  readonly index: number;
  readonly data: Uint8Array;
  /** As for {@link GeneratedImage.base64}. */
  readonly base64?: string | undefined;
}

export interface ImageModelCallOptions {
  readonly prompt: string;
  /** Images to make, >= 1. */
  readonly n: number;
  /** `WIDTHxHEIGHT` or `auto`. */
  readonly size: string | undefined;
  readonly quality: ImageQuality | undefined;
  readonly outputFormat: ImageOutputFormat | undefined;
  /** 0..100, for jpeg and webp. */
  readonly outputCompression: number | undefined;
  readonly background: ImageBackground | undefined;
  readonly moderation: 'auto' | 'low' | undefined;
  readonly inputFidelity: 'high' | 'low' | undefined;
  /** Partial images to emit through `onPartialImage` before each final image, 0..3. */
  readonly partialImages: number | undefined;
  /** Non-empty for an edit: the first image is the one the mask applies to. */
  readonly images: ReadonlyArray<ImageModelInputImage>;
  /** Alpha-channel mask: fully transparent pixels mark the region to edit. */
  readonly mask: ImageModelInputImage | undefined;
  /** Makes the output reproducible where the backend supports it. */
  readonly seed: number | undefined;
  readonly abortSignal: AbortSignal;
  readonly onPartialImage: ((partial: ImageModelPartialImage) => void | Promise<void>) | undefined;
}

export interface GeneratedImage {
  readonly data: Uint8Array;
  /**
   * The same image as base64 text, when the backend sent it so (OpenAI's `b64_json`): relayed to
   * the client as it came, never decoded and encoded again. `data` then decodes it on each read,
   * so the string is the only copy held.
   */
  readonly base64?: string | undefined;
  readonly mediaType: string;
  readonly revisedPrompt: string | undefined;
}

export interface ImageModelUsage {
  readonly inputTokens: number;
  readonly inputImageTokens: number;
  readonly inputTextTokens: number;
  /** Every output token, text tokens included. */
  readonly outputTokens: number;
  /** The part of `outputTokens` that is text (OpenAI `output_tokens_details.text_tokens`), billed at the text output rate. */
  readonly outputTextTokens?: number;
  /** Generation time per image, in milliseconds, where a per-second price needs it (set by the registry's timer). */
  readonly generationMillis?: number;
}

export interface ImageModelWarning {
  readonly type: 'unsupported-setting' | 'other';
  readonly setting?: string;
  readonly message: string;
}

export interface ImageModelResult {
  readonly images: ReadonlyArray<GeneratedImage>;
  /** The settings actually used (auto resolved), as the wire reports them. */
  readonly size: string;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  readonly outputFormat: ImageOutputFormat;
  readonly background: Exclude<ImageBackground, 'auto'>;
  readonly usage: ImageModelUsage | undefined;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

export interface ImageModel {
  readonly provider: string;
  readonly modelId: string;
  /** Generates `n` images, or edits `images` when it is non-empty. */
  doGenerate(options: ImageModelCallOptions): Promise<ImageModelResult>;
}
