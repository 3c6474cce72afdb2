import type { ImageGenerationError } from '../providers/spec/image-generation-error.ts';
import type { ImageModelUsage, ImageModelWarning } from '../providers/spec/image-model.ts';
import type { ImageModel } from '../providers/spec/image-model.ts';
import type { ContextImage, ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';
import { runImageCall } from '../tools/image-generation/run-image-call.ts';
import type { ToolCallAdmission } from './admit-tool-call.ts';
import type { ResponseLoopInput } from './response-loop-types.ts';

export type ImageCallExecution =
  /** Money refused the call before it ran. */
  | { kind: 'refused'; reason: 'budget' | 'max_cost' | 'unknown_price'; message: string }
  | { kind: 'failed'; error: ImageGenerationError }
  | { kind: 'delivered'; itemId: string; image: ContextImage; warnings: ReadonlyArray<ImageModelWarning>; usage: ImageModelUsage | undefined };

/**
 * Runs an admitted image call: reserves its worst case, runs it on the image backend, settles
 * its actual cost as soon as the backend answers — before the image is emitted, so an image
 * whose reservation was fenced away (ReservationFencedError) ends `failed` and is never
 * delivered — or releases the reservation when it failed.
 */
export async function executeImageCall(
  input: ResponseLoopInput,
  admitted: Extract<ToolCallAdmission, { kind: 'run' }>,
  imageTool: ImageToolSettings,
  imageModel: ImageModel,
): Promise<ImageCallExecution> {
  const { spend } = input;
  const partialImages = input.streaming ? imageTool.partialImages : 0;
  const money = spend ? await spend.reserveImage({ model: imageModel.modelId, quality: imageTool.quality, size: imageTool.size, partialImages }) : undefined;
  if (money && !money.ok) return { kind: 'refused', reason: money.reason, message: money.message };
  const hold = money?.hold;

  const itemId = input.generateId('ig');
  const settling: ImageModel =
    hold && spend
      ? {
          provider: imageModel.provider,
          modelId: imageModel.modelId,
          async doGenerate(options) {
            const result = await imageModel.doGenerate(options);
            // No image is a failure runImageCall reports; the hold is then released below.
            if (result.images.length === 0) return result;
            await spend.settleImage(hold, { itemId, model: imageModel.modelId, quality: result.quality, size: result.size, partialImages, usage: result.usage });
            return result;
          },
        }
      : imageModel;
  const outcome = await runImageCall(
    {
      itemId,
      outputIndex: input.emitter.snapshot.output.length,
      args: admitted.args,
      action: admitted.action,
      settings: imageTool,
      editImages: admitted.editImages,
      imageModel: settling,
      streaming: input.streaming,
      seed: undefined,
      abortSignal: input.abortSignal,
    },
    input.emitter,
  );
  if (!outcome.ok) {
    // Released unless it was settled (or fenced) already: release is a no-op on a finished hold.
    if (hold) await spend?.release(hold);
    return { kind: 'failed', error: outcome.error };
  }
  return { kind: 'delivered', itemId, image: outcome.image, warnings: outcome.warnings, usage: outcome.usage };
}
