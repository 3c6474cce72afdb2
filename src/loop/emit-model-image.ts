import type { IdGenerator } from '../ids/id-generator.ts';
import { readImageDimensions } from '../media/read-image-dimensions.ts';
import type { LanguageModelFilePart } from '../providers/spec/language-model.ts';
import type { ResponseEmitter } from '../responses/response-emitter.ts';
import type { ImageGenerationCallItem } from '../responses/wire/output-items.ts';
import type { ContextImage } from '../tools/image-generation/image-tool-settings.ts';

/** An image the chat model drew itself (a native-image model's inline output), as emitted. */
export interface ModelStepImage {
  /** The completed `image_generation_call` item it became. */
  readonly item: ImageGenerationCallItem;
  readonly outputIndex: number;
  /** For the context of later steps and edits, like an image the tool made. */
  readonly image: ContextImage;
  /** From the image's header; undefined when the bytes are no PNG, JPEG, GIF or WebP. */
  readonly widthPixels: number | undefined;
  readonly heightPixels: number | undefined;
}

/**
 * Emits an image the model wrote inline as a completed `image_generation_call` item, with the
 * events a hosted image call streams (added, in_progress, generating, completed, done), so
 * clients read it like any other image. There is no partial image: it arrived whole.
 */
export function emitModelImage(emitter: ResponseEmitter, generateId: IdGenerator, part: LanguageModelFilePart): ModelStepImage {
  const id = generateId('ig');
  const outputIndex = emitter.snapshot.output.length;
  const dimensions = readImageDimensions(part.data);
  emitter.emit({ type: 'response.output_item.added', output_index: outputIndex, item: { id, type: 'image_generation_call', status: 'in_progress', result: null } });
  emitter.emit({ type: 'response.image_generation_call.in_progress', item_id: id, output_index: outputIndex });
  emitter.emit({ type: 'response.image_generation_call.generating', item_id: id, output_index: outputIndex });
  const item: ImageGenerationCallItem = {
    id,
    type: 'image_generation_call',
    status: 'completed',
    action: 'generate',
    output_format: outputFormatOf(part.mediaType),
    ...(dimensions === undefined ? {} : { size: `${dimensions.width}x${dimensions.height}` }),
    result: Buffer.from(part.data).toString('base64'),
  };
  emitter.emit({ type: 'response.image_generation_call.completed', item_id: id, output_index: outputIndex });
  emitter.emit({ type: 'response.output_item.done', output_index: outputIndex, item });
  return {
    item,
    outputIndex,
    image: { id, data: part.data, mediaType: part.mediaType },
    widthPixels: dimensions?.width,
    heightPixels: dimensions?.height,
  };
}

/** `image/png` → `png`, `image/jpeg` → `jpeg`: the names the Responses API uses for output_format. */
export function outputFormatOf(mediaType: string): string {
  const subtype = mediaType.split(';')[0]?.trim().toLowerCase().replace(/^image\//, '') ?? '';
  return subtype === 'jpg' ? 'jpeg' : subtype;
}
