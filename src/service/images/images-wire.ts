import { imageBase64 } from '../../media/base64-image.ts';
import type { ImageModelPartialImage, ImageModelUsage } from '../../providers/spec/image-model.ts';
import type { GeneratedImages } from './generate-images.ts';
import type { ImagesEndpoint } from './images-request.ts';
import type { PreparedImages } from './prepare-images.ts';

/** OpenAI `ImagesUsage`. */
export interface ImagesUsageWire {
  input_tokens: number;
  input_tokens_details: { text_tokens: number; image_tokens: number };
  output_tokens: number;
  total_tokens: number;
}

/** Our extension on the answer and on each `*.completed` event. */
export interface ImagesImagegateWire {
  simulated: boolean;
  model: string;
  image_backend: string;
  cost: ReturnType<GeneratedImages['spend']['summary']>;
  warnings: string[];
}

/** OpenAI `ImagesResponse`, plus `imagegate`. */
export interface ImagesResponseWire {
  created: number;
  data: Array<{ b64_json: string; revised_prompt?: string }>;
  background: string;
  output_format: string;
  quality: string;
  size: string;
  usage?: ImagesUsageWire;
  imagegate: ImagesImagegateWire;
}

export interface ImagesPartialEventWire {
  type: 'image_generation.partial_image' | 'image_edit.partial_image';
  b64_json: string;
  background: string;
  created_at: number;
  output_format: string;
  partial_image_index: number;
  quality: string;
  size: string;
}

export interface ImagesCompletedEventWire {
  type: 'image_generation.completed' | 'image_edit.completed';
  b64_json: string;
  background: string;
  created_at: number;
  output_format: string;
  quality: string;
  size: string;
  usage?: ImagesUsageWire;
  imagegate: ImagesImagegateWire;
}

const eventPrefix = (endpoint: ImagesEndpoint) => (endpoint === 'generation' ? 'image_generation' : 'image_edit');

export function usageWire(usage: ImageModelUsage | undefined): ImagesUsageWire | undefined {
  if (usage === undefined) return undefined;
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { text_tokens: usage.inputTextTokens, image_tokens: usage.inputImageTokens },
    output_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

export function imagegateWire(prepared: PreparedImages, generated: GeneratedImages): ImagesImagegateWire {
  const { model } = prepared.imageModel;
  return { simulated: prepared.imageModel.simulated, model: model.modelId, image_backend: `${model.provider}/${model.modelId}`, cost: generated.spend.summary(), warnings: generated.warnings };
}

/** The JSON answer. `revised_prompt` only when the backend reports one. */
export function imagesResponseWire(prepared: PreparedImages, generated: GeneratedImages, createdSeconds: number): ImagesResponseWire {
  const usage = usageWire(generated.usage);
  return {
    created: createdSeconds,
    data: generated.images.map((image) => ({
      b64_json: imageBase64(image),
      ...(image.revisedPrompt === undefined ? {} : { revised_prompt: image.revisedPrompt }),
    })),
    background: generated.result.background,
    output_format: generated.result.outputFormat,
    quality: generated.result.quality,
    size: generated.result.size,
    ...(usage === undefined ? {} : { usage }),
    imagegate: imagegateWire(prepared, generated),
  };
}

/** A partial image as it streams: the settings are the requested ones (`auto` included), as in the spec. */
export function partialImageEventWire(prepared: PreparedImages, partial: ImageModelPartialImage, createdSeconds: number): ImagesPartialEventWire {
  const { request } = prepared;
  return {
    type: `${eventPrefix(request.endpoint)}.partial_image`,
    b64_json: imageBase64(partial),
    background: request.background ?? 'auto',
    created_at: createdSeconds,
    output_format: request.outputFormat ?? 'png',
    partial_image_index: partial.index,
    quality: request.quality ?? 'auto',
    size: request.size ?? 'auto',
  };
}

/** One completed event per image, with that image's share of the usage. */
export function completedEventsWire(prepared: PreparedImages, generated: GeneratedImages, createdSeconds: number): ImagesCompletedEventWire[] {
  const imagegate = imagegateWire(prepared, generated);
  return generated.images.map((image, index) => {
    const usage = usageWire(generated.usagePerImage[index]);
    return {
      type: `${eventPrefix(prepared.request.endpoint)}.completed`,
      b64_json: imageBase64(image),
      background: generated.result.background,
      created_at: createdSeconds,
      output_format: generated.result.outputFormat,
      quality: generated.result.quality,
      size: generated.result.size,
      ...(usage === undefined ? {} : { usage }),
      imagegate,
    };
  });
}
