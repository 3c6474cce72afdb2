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
 * Runs an admitted image call: reserves its worst case, runs it on the image backend, then
 * settles its actual cost (or releases the reservation when it failed).
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
  const outcome = await runImageCall(
    {
      itemId,
      outputIndex: input.emitter.snapshot.output.length,
      args: admitted.args,
      action: admitted.action,
      settings: imageTool,
      editImages: admitted.editImages,
      imageModel,
      streaming: input.streaming,
      seed: undefined,
      abortSignal: input.abortSignal,
    },
    input.emitter,
  );
  if (!outcome.ok) {
    if (hold) await spend?.release(hold);
    return { kind: 'failed', error: outcome.error };
  }
  if (hold && spend) {
    await spend.settleImage(hold, {
      itemId,
      model: imageModel.modelId,
      quality: outcome.item.quality ?? imageTool.quality,
      size: outcome.item.size ?? imageTool.size,
      partialImages,
      usage: outcome.usage,
    });
  }
  return { kind: 'delivered', itemId, image: outcome.image, warnings: outcome.warnings, usage: outcome.usage };
}
