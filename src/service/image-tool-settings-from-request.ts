import { DEFAULT_OPENAI_IMAGE_MODEL } from '../config/default-models.ts';
import { invalidRequest } from '../errors/api-error.ts';
import { decodeDataUrl } from '../responses/conversation/decode-image-url.ts';
import type { ImageGenerationToolConfig, ToolConfig } from '../responses/request/tool-schema.ts';
import type { ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';

/** The request's `image_generation` tool entry, as validated on the wire. */
export type ImageGenerationToolWire = ImageGenerationToolConfig;

export function isImageTool(tool: ToolConfig): tool is ImageGenerationToolWire {
  return tool.type === 'image_generation';
}

/**
 * The tool as OpenAI echoes it in the response: every default filled in, and `model` the model
 * that really draws (`drawingModel`, e.g. `procedural` offline), never a stale default.
 */
export function echoImageTool(tool: ImageGenerationToolWire, drawingModel: string | undefined): Record<string, unknown> {
  return {
    type: 'image_generation',
    action: tool.action ?? 'auto',
    background: tool.background ?? 'auto',
    input_fidelity: tool.input_fidelity ?? null,
    // OpenAI's schema types the mask as an object, never null: absent when none was sent.
    ...(tool.input_image_mask == null ? {} : { input_image_mask: tool.input_image_mask }),
    // Passthrough: OpenAI picks; gpt-image-1, its documented default, was shut down on 2026-10-23.
    model: drawingModel ?? tool.model ?? DEFAULT_OPENAI_IMAGE_MODEL,
    moderation: tool.moderation ?? 'auto',
    output_compression: tool.output_compression ?? 100,
    output_format: tool.output_format ?? 'png',
    partial_images: tool.partial_images ?? 0,
    quality: tool.quality ?? 'auto',
    size: tool.size ?? 'auto',
  };
}

export function imageToolSettingsFromRequest(tool: ImageGenerationToolWire, toolIndex: number): ImageToolSettings {
  let mask: ImageToolSettings['mask'];
  const maskParam = `tools[${toolIndex}].input_image_mask`;
  if (tool.input_image_mask?.file_id) {
    throw invalidRequest('File uploads are not supported by imagegate yet; pass the mask as a data URL in image_url.', `${maskParam}.file_id`, 'unsupported_parameter');
  }
  if (tool.input_image_mask?.image_url) {
    mask = decodeDataUrl(tool.input_image_mask.image_url, `${maskParam}.image_url`);
    if (!mask) throw invalidRequest('The mask must be a base64 data URL (data:image/png;base64,…).', `${maskParam}.image_url`, 'invalid_image_url');
  }
  return {
    model: tool.model,
    size: tool.size ?? 'auto',
    quality: tool.quality ?? 'auto',
    outputFormat: tool.output_format ?? 'png',
    outputCompression: tool.output_compression ?? 100,
    background: tool.background ?? 'auto',
    moderation: tool.moderation ?? 'auto',
    inputFidelity: tool.input_fidelity ?? undefined,
    partialImages: tool.partial_images ?? 0,
    action: tool.action ?? 'auto',
    mask,
  };
}
