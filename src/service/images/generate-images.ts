import { ReservationFencedError } from '../../errors/reservation-fenced-error.ts';
import { ImageGenerationError } from '../../providers/spec/image-generation-error.ts';
import type { GeneratedImage, ImageModelPartialImage, ImageModelResult, ImageModelUsage } from '../../providers/spec/image-model.ts';
import type { SpendGuard } from '../../policy/spend-guard.ts';
import type { Services } from '../services.ts';
import { toImagesApiError } from './images-failure.ts';
import type { PreparedImages } from './prepare-images.ts';
import type { ImagesReservation } from './reserve-images.ts';

/** What one Images API call produced, settled into the ledger. */
export interface GeneratedImages {
  images: ReadonlyArray<GeneratedImage>;
  /** The settings the backend used (auto resolved). */
  result: Pick<ImageModelResult, 'size' | 'quality' | 'outputFormat' | 'background'>;
  /** The backend's usage for the whole call, when it reports one. */
  usage: ImageModelUsage | undefined;
  /** That usage split evenly over the images (remainders to the first), one entry per image. */
  usagePerImage: ReadonlyArray<ImageModelUsage | undefined>;
  spend: SpendGuard;
  warnings: string[];
}

/**
 * Runs the backend once for all `n` images, then settles one reservation per image with its
 * actual cost and releases the rest. A failure or abort releases everything: nothing is
 * charged for a failed call. Images whose reservation was fenced away are omitted (see
 * below). Failures are thrown as the client should see them.
 */
export async function generateImages(
  prepared: PreparedImages,
  reservation: ImagesReservation,
  services: Services,
  onPartialImage: ((partial: ImageModelPartialImage) => void) | undefined,
  abortSignal: AbortSignal,
): Promise<GeneratedImages> {
  try {
    return await generateOwned(prepared, reservation, services, onPartialImage, abortSignal);
  } finally {
    // This request owns its reservations: whatever happened (a fault, a disconnect, a failed
    // settlement), nothing it reserved stays held once it is over.
    await reservation.spend.releaseAll();
  }
}

async function generateOwned(
  prepared: PreparedImages,
  reservation: ImagesReservation,
  services: Services,
  onPartialImage: ((partial: ImageModelPartialImage) => void) | undefined,
  abortSignal: AbortSignal,
): Promise<GeneratedImages> {
  const { request, imageModel } = prepared;
  const { spend, holds } = reservation;
  let result: ImageModelResult;
  try {
    result = await imageModel.model.doGenerate({
      prompt: request.prompt,
      n: request.n,
      size: request.size,
      quality: request.quality,
      outputFormat: request.outputFormat,
      outputCompression: request.outputCompression,
      background: request.background,
      moderation: request.moderation,
      inputFidelity: request.inputFidelity,
      partialImages: request.partialImages,
      images: request.images,
      mask: request.mask,
      seed: undefined,
      abortSignal,
      onPartialImage: request.stream && request.partialImages > 0 ? onPartialImage : undefined,
    });
    if (result.images.length === 0) throw new ImageGenerationError('The image backend returned no image.', 'server_error');
  } catch (cause) {
    if (abortSignal.aborted) throw cause;
    services.logger.warn({ err: cause, requestId: prepared.requestId }, 'image generation failed');
    throw toImagesApiError(cause);
  }

  const warnings = [...request.ignored, ...result.warnings.map((warning) => warning.message)];
  // `n` is exact: extra images are dropped; fewer than asked for are reported, never padded.
  const images = result.images.slice(0, request.n);
  if (images.length < request.n) warnings.push(`The image backend returned ${images.length} of the ${request.n} images asked for; only those were charged.`);
  const usageSplit = splitUsage(result.usage, images.length);
  // Holds past the images delivered are released by the owner (generateImages).
  const paid: number[] = [];
  let fenced: ReservationFencedError | undefined;
  for (const [index, hold] of holds.entries()) {
    if (index >= images.length) break;
    try {
      await spend.settleImage(hold, {
        itemId: `${prepared.requestId}:${index}`,
        model: imageModel.model.modelId,
        quality: result.quality,
        size: result.size,
        partialImages: request.partialImages,
        usage: usageSplit[index],
      });
      paid.push(index);
    } catch (error) {
      if (!(error instanceof ReservationFencedError)) throw error;
      fenced ??= error;
    }
  }
  if (fenced === undefined) return { images, result, usage: result.usage, usagePerImage: usageSplit, spend, warnings };
  // This instance was fenced while settling (its lease lapsed past the grace and another instance
  // released its reservations): the images whose settlement committed first are paid for, the
  // others are not. The paid ones are delivered and the rest omitted, saying so: the Images API
  // answer is a list of the images made (no per-image status), already shorter than `n` when a
  // backend makes fewer; withholding paid images would charge for nothing, and a committed
  // settlement cannot be taken back (other reservations were checked against it). With none
  // paid, the request fails as one fenced image does: 503, nothing charged.
  if (paid.length === 0) throw fenced;
  warnings.push(
    `${images.length - paid.length} of the ${images.length} images made were not delivered or charged: this server instance lost its lease before they were paid for, and their reservations were released. Only the ${paid.length} delivered ${paid.length === 1 ? 'was' : 'were'} charged.`,
  );
  const usagePerImage = paid.map((index) => usageSplit[index]);
  return { images: paid.map((index) => images[index]!), result, usage: sumUsage(usagePerImage), usagePerImage, spend, warnings };
}

/** The usage of the images delivered (their shares of the call's), when the backend reported one. */
function sumUsage(parts: ReadonlyArray<ImageModelUsage | undefined>): ImageModelUsage | undefined {
  if (parts.some((part) => part === undefined)) return undefined;
  const defined = parts as ReadonlyArray<ImageModelUsage>;
  const total = (field: 'inputTokens' | 'inputTextTokens' | 'inputImageTokens' | 'outputTokens') => defined.reduce((sum, part) => sum + part[field], 0);
  const outputTextTokens = defined.some((part) => part.outputTextTokens !== undefined) ? defined.reduce((sum, part) => sum + (part.outputTextTokens ?? 0), 0) : undefined;
  const generationMillis = defined[0]?.generationMillis;
  return {
    inputTokens: total('inputTokens'),
    inputTextTokens: total('inputTextTokens'),
    inputImageTokens: total('inputImageTokens'),
    outputTokens: total('outputTokens'),
    ...(outputTextTokens === undefined ? {} : { outputTextTokens }),
    ...(generationMillis === undefined ? {} : { generationMillis }),
  };
}

/** A whole call's usage split evenly over `count` images; the remainder goes to the first ones, so the parts add up. */
export function splitUsage(usage: ImageModelUsage | undefined, count: number): Array<ImageModelUsage | undefined> {
  if (usage === undefined || count === 0) return Array.from({ length: count }, () => undefined);
  const part = (total: number, index: number) => Math.floor(total / count) + (index < total % count ? 1 : 0);
  // Keep each part's input = text + image when the whole call's usage says so.
  const additive = usage.inputTokens === usage.inputTextTokens + usage.inputImageTokens;
  return Array.from({ length: count }, (_, index) => {
    const inputTextTokens = part(usage.inputTextTokens, index);
    const inputImageTokens = part(usage.inputImageTokens, index);
    const inputTokens = additive ? inputTextTokens + inputImageTokens : part(usage.inputTokens, index);
    // Text output tokens are billed at their own rate; generation time is already per image.
    const extra = {
      ...(usage.outputTextTokens === undefined ? {} : { outputTextTokens: part(usage.outputTextTokens, index) }),
      ...(usage.generationMillis === undefined ? {} : { generationMillis: usage.generationMillis }),
    };
    return { inputTokens, inputTextTokens, inputImageTokens, outputTokens: part(usage.outputTokens, index), ...extra };
  });
}
