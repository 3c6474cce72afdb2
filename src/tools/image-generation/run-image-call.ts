import { ImageGenerationError } from '../../providers/spec/image-generation-error.ts';
import { toClientError } from '../../errors/to-client-error.ts';
import { ProviderError } from '../../providers/spec/provider-error.ts';
import type { GeneratedImage, ImageModel, ImageModelUsage, ImageModelWarning } from '../../providers/spec/image-model.ts';
import { imageBase64 } from '../../media/base64-image.ts';
import type { ResponseEmitter } from '../../responses/response-emitter.ts';
import type { ImageGenerationCallItem } from '../../responses/wire/output-items.ts';
import type { ImageToolArguments } from './image-tool-definition.ts';
import type { ContextImage, ImageToolSettings } from './image-tool-settings.ts';

export interface ImageCallRequest {
  itemId: string;
  outputIndex: number;
  args: ImageToolArguments;
  /** Resolved action: `edit` only when an image is in context. */
  action: 'generate' | 'edit';
  settings: ImageToolSettings;
  /** Images to edit, the one the mask applies to first. */
  editImages: ReadonlyArray<ContextImage>;
  imageModel: ImageModel;
  /** Partial images are a streaming feature (and billed); JSON answers skip them. */
  streaming: boolean;
  seed: number | undefined;
  abortSignal: AbortSignal;
}

export type ImageCallOutcome =
  | { ok: true; item: ImageGenerationCallItem; image: ContextImage; warnings: ReadonlyArray<ImageModelWarning>; usage: ImageModelUsage | undefined }
  | { ok: false; item: ImageGenerationCallItem; error: ImageGenerationError };

/**
 * Runs one image call on the image backend, emitting OpenAI's events for it in order:
 * output_item.added, .in_progress, .generating, .partial_image × k, .completed, output_item.done.
 */
export async function runImageCall(request: ImageCallRequest, emitter: ResponseEmitter): Promise<ImageCallOutcome> {
  const { itemId, outputIndex, settings } = request;
  const item: ImageGenerationCallItem = { id: itemId, type: 'image_generation_call', status: 'in_progress', result: null };
  emitter.emit({ type: 'response.output_item.added', output_index: outputIndex, item });
  emitter.emit({ type: 'response.image_generation_call.in_progress', item_id: itemId, output_index: outputIndex });
  emitter.emit({ type: 'response.image_generation_call.generating', item_id: itemId, output_index: outputIndex });
  try {
    const result = await request.imageModel.doGenerate({
      prompt: request.args.prompt,
      n: 1,
      size: settings.size,
      quality: settings.quality,
      outputFormat: settings.outputFormat,
      outputCompression: settings.outputCompression,
      background: settings.background,
      moderation: settings.moderation,
      inputFidelity: settings.inputFidelity,
      partialImages: request.streaming ? settings.partialImages : 0,
      images: request.action === 'edit' ? request.editImages : [],
      mask: request.action === 'edit' ? settings.mask : undefined,
      seed: request.seed,
      abortSignal: request.abortSignal,
      onPartialImage: request.streaming
        ? (partial) => {
            // Relayed and dropped: the folded response keeps no partial image.
            emitter.emit({
              type: 'response.image_generation_call.partial_image',
              item_id: itemId,
              output_index: outputIndex,
              partial_image_index: partial.index,
              partial_image_b64: imageBase64(partial),
              size: settings.size,
              quality: settings.quality,
              background: settings.background,
              output_format: settings.outputFormat,
            });
            // The upstream stream is read no further until the client took this one.
            return emitter.drained();
          }
        : undefined,
    });
    const image = result.images[0];
    if (!image) throw new ImageGenerationError('The image backend returned no image.', 'server_error');
    const done: ImageGenerationCallItem = {
      id: itemId,
      type: 'image_generation_call',
      status: 'completed',
      action: request.action,
      background: result.background,
      output_format: result.outputFormat,
      quality: result.quality,
      size: result.size,
      revised_prompt: image.revisedPrompt ?? request.args.prompt,
      // The backend's own base64 when it sent base64: the client gets exactly its bytes.
      result: imageBase64(image),
    };
    emitter.emit({ type: 'response.image_generation_call.completed', item_id: itemId, output_index: outputIndex });
    emitter.emit({ type: 'response.output_item.done', output_index: outputIndex, item: done });
    await emitter.drained();
    return { ok: true, item: done, image: contextImage(itemId, image), warnings: result.warnings, usage: result.usage };
  } catch (cause) {
    if (request.abortSignal.aborted) throw cause;
    const error = toImageGenerationError(cause);
    const failed: ImageGenerationCallItem = { id: itemId, type: 'image_generation_call', status: 'failed', result: null, action: request.action };
    emitter.emit({ type: 'response.output_item.done', output_index: outputIndex, item: failed });
    return { ok: false, item: failed, error };
  }
}

/**
 * The image for later edits in this response. An image kept as base64 stays so: its bytes are
 * decoded only if an edit reads them, so the response holds the image once.
 */
function contextImage(id: string, image: GeneratedImage): ContextImage {
  const { base64 } = image;
  if (base64 === undefined) return { id, data: image.data, mediaType: image.mediaType };
  return {
    id,
    mediaType: image.mediaType,
    get data(): Uint8Array {
      return Buffer.from(base64, 'base64');
    },
  };
}

/**
 * Provider failures become the code the one client mapping gives them (`rate_limit_exceeded`,
 * `server_is_overloaded`, `model_not_found`, …) for `Response.error`; the ProviderError stays the
 * cause, so a JSON answer can still be mapped to its status, Retry-After and param.
 */
function toImageGenerationError(cause: unknown): ImageGenerationError {
  if (cause instanceof ImageGenerationError) return cause;
  if (cause instanceof ProviderError) {
    return new ImageGenerationError(cause.message, toClientError(cause).code ?? 'server_error', 'server_error', { cause });
  }
  return new ImageGenerationError(cause instanceof Error ? cause.message : 'Image generation failed.', 'server_error', 'server_error', { cause });
}
