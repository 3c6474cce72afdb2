import { type PriceCatalog, estimateMaxTextCost, roundToMicroUsd } from '../pricing/index.ts';

export interface AffordableStepRequest {
  model: string;
  inputTokens: number;
  /** The most output the step may want (the request's bound, or the configured default). */
  desiredOutputTokens: number;
  /** The least output worth starting a step for; at most `desiredOutputTokens`. */
  floorOutputTokens: number;
  /** Micro-dollars the step may cost at most. */
  availableMicros: number;
}

export type AffordableStep =
  | { kind: 'fits'; outputTokens: number; amountMicros: number }
  | { kind: 'too_small'; floorMicros: number }
  | { kind: 'unknown_price'; message: string };

/**
 * The largest output bound in [floor, desired] whose worst case (the prompt plus that much output,
 * reasoning included) fits the money available. The worst case grows with the bound (long-context
 * rates depend on input only), so a binary search finds it exactly.
 */
export function affordableOutputTokens(catalog: PriceCatalog, request: AffordableStepRequest): AffordableStep {
  const worstCase = (outputTokens: number) => {
    const estimate = estimateMaxTextCost(catalog, { model: request.model, inputTokens: request.inputTokens, maxOutputTokens: outputTokens });
    return estimate.known ? { known: true as const, micros: roundToMicroUsd(estimate.cost, 'up') } : { known: false as const, message: estimate.message };
  };
  const floor = Math.min(request.floorOutputTokens, request.desiredOutputTokens);
  const atFloor = worstCase(floor);
  if (!atFloor.known) return { kind: 'unknown_price', message: atFloor.message };
  if (atFloor.micros > request.availableMicros) return { kind: 'too_small', floorMicros: atFloor.micros };
  const atDesired = worstCase(request.desiredOutputTokens);
  if (atDesired.known && atDesired.micros <= request.availableMicros) {
    return { kind: 'fits', outputTokens: request.desiredOutputTokens, amountMicros: atDesired.micros };
  }
  let low = floor;
  let lowMicros = atFloor.micros;
  let high = request.desiredOutputTokens;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const cost = worstCase(middle);
    if (cost.known && cost.micros <= request.availableMicros) {
      low = middle;
      lowMicros = cost.micros;
    } else {
      high = middle;
    }
  }
  return { kind: 'fits', outputTokens: low, amountMicros: lowMicros };
}
