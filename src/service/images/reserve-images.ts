import { SpendRefusedError } from '../../errors/spend-refused-error.ts';
import type { Hold, SpendGuard } from '../../policy/spend-guard.ts';
import { createSpendGuard } from '../create-spend-guard.ts';
import type { Services } from '../services.ts';
import type { PreparedImages } from './prepare-images.ts';

/** Money set aside for every image of one request, before anything is generated. */
export interface ImagesReservation {
  spend: SpendGuard;
  /** One hold per image, in order. */
  holds: Hold[];
}

/**
 * Reserves the most each of the `n` images may cost (one reservation per image, all before
 * the call) against the key's budgets and the request's cost cap. If any one fails, all are
 * released and the request is refused whole: 429 `insufficient_quota`, nothing generated.
 */
export async function reserveImages(prepared: PreparedImages, services: Services): Promise<ImagesReservation> {
  const { request, principal } = prepared;
  const spend = createSpendGuard(services, { principal, responseId: prepared.requestId, maxCostMicros: prepared.maxCostMicros });
  const holds: Hold[] = [];
  for (let index = 0; index < request.n; index++) {
    const decision = await spend.reserveImage({
      model: prepared.imageModel.model.modelId,
      quality: request.quality ?? 'auto',
      size: request.size ?? 'auto',
      partialImages: request.partialImages,
    });
    if (!decision.ok) {
      await spend.releaseAll();
      const detail = decision.reason === 'unknown_price' ? '' : ` ${request.n} image${request.n === 1 ? ' was' : 's were'} asked for; none was generated.`;
      throw new SpendRefusedError(decision.reason, `${decision.message}${detail}`);
    }
    holds.push(decision.hold);
  }
  return { spend, holds };
}
