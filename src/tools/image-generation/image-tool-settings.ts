import type { ImageBackground, ImageModelInputImage, ImageOutputFormat, ImageQuality } from '../../providers/spec/image-model.ts';

/** The `image_generation` tool's settings from the request, camelCased, defaults applied. */
export interface ImageToolSettings {
  model: string | undefined;
  size: string;
  quality: ImageQuality;
  outputFormat: ImageOutputFormat;
  outputCompression: number;
  background: ImageBackground;
  moderation: 'auto' | 'low';
  inputFidelity: 'high' | 'low' | undefined;
  partialImages: number;
  action: 'generate' | 'edit' | 'auto';
  /** Decoded `input_image_mask`, applied to the image being edited. */
  mask: ImageModelInputImage | undefined;
}

/** An image the conversation holds: attached by the user or generated earlier. */
export interface ContextImage {
  /** Item id (`ig_…`) or a synthetic id for attached images. */
  id: string;
  data: Uint8Array;
  mediaType: string;
}
