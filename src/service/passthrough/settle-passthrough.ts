import type { Hold } from '../../policy/spend-guard.ts';
import type { ImagegateResponseInfo } from '../../responses/wire/response-object.ts';
import type { PreparedResponse } from '../prepare-response.ts';
import type { ImageGenUsage, PassthroughResponse } from './passthrough-wire.ts';
import type { PassthroughReservation } from './reserve-passthrough.ts';

/** What came back from upstream, as far as money is concerned. */
export interface RelayOutcome {
  /** The terminal response (upstream's, or the one synthesized when the stream was cut). */
  response: PassthroughResponse;
  /** The stream was cut at a limit: upstream never sent its usage. */
  cut: boolean;
  /** The assistant text relayed to the client, for an estimate when usage is missing. */
  relayedText: string;
  failed: boolean;
}

/**
 * Prices a passthrough response and settles its reservations: the model's tokens from `usage`
 * (or, for a stream cut before upstream reported usage, imagegate's own count of the prompt and
 * of the text relayed), and each delivered hosted image from `tool_usage.image_gen` (split
 * evenly across the images) or, without it, the per-image price of its size and quality.
 */
export async function settlePassthrough(
  prepared: PreparedResponse,
  reservation: PassthroughReservation,
  outcome: RelayOutcome,
): Promise<{ cost: ImagegateResponseInfo['cost'] | undefined; warnings: ImagegateResponseInfo['warnings'] }> {
  const spend = prepared.spend;
  if (!spend) return { cost: undefined, warnings: [] };
  const warnings: ImagegateResponseInfo['warnings'] = [];
  spend.adoptResponseId(outcome.response.id);
  const usage = outcome.response.usage;
  if (reservation.text) {
    const inputTokens = usage?.input_tokens;
    const outputTokens = usage?.output_tokens;
    const reported = inputTokens !== undefined && outputTokens !== undefined;
    if (!reported) {
      warnings.push({ source: 'model', message: 'Upstream sent no usage for this response (its stream was cut or failed); the model is charged from imagegate’s count of the prompt and the text relayed.' });
    }
    await spend.settleModelStep(reservation.text, {
      step: 0,
      model: prepared.languageModel.model.modelId,
      inputTokens: reported ? inputTokens : estimatedPromptTokens(prepared),
      cachedInputTokens: reported ? (usage?.input_tokens_details?.cached_tokens ?? 0) : 0,
      // The tokenizer (~65 MB) is loaded only for a stream that ended without usage.
      outputTokens: reported ? outputTokens : (await import('../../tokens/count-o200k-tokens.ts')).countO200kTokens(outcome.relayedText),
    });
  }

  const images = outcome.response.output.flatMap((item) => (item.type === 'image_generation_call' && item.status === 'completed' && item.id !== undefined ? [{ ...item, id: item.id }] : []));
  const toolUsage = outcome.response.tool_usage?.image_gen;
  const image = reservation.image;
  for (const [index, item] of images.entries()) {
    if (!image) break;
    const hold = reservation.images[index] ?? (await extraHold(prepared, image));
    if (!hold) break;
    await spend.settleImage(hold, {
      itemId: item.id,
      model: image.model,
      quality: item.quality ?? image.quality,
      size: item.size ?? image.size,
      partialImages: image.partialImages,
      usage: toolUsage ? shareOf(toolUsage, index, images.length) : undefined,
    });
  }
  return { cost: spend.summary(), warnings };
}

/** More images than were reserved can only arrive when no money limit applies: a zero hold. */
async function extraHold(prepared: PreparedResponse, image: NonNullable<PassthroughReservation['image']>): Promise<Hold | undefined> {
  const decision = await prepared.spend?.reserveImage(image);
  return decision?.ok ? decision.hold : undefined;
}

/** Image `index`'s part of the response's image tokens; the remainder goes to the first. */
function shareOf(usage: ImageGenUsage, index: number, count: number) {
  const split = (total: number) => Math.floor(total / count) + (index === 0 ? total % count : 0);
  const inputImageTokens = usage.input_tokens_details?.image_tokens ?? 0;
  const inputTextTokens = usage.input_tokens_details?.text_tokens ?? Math.max(0, (usage.input_tokens ?? 0) - inputImageTokens);
  return { inputTextTokens: split(inputTextTokens), inputImageTokens: split(inputImageTokens), outputTokens: split(usage.output_tokens ?? 0) };
}

/** The request as sent, at 2 characters a token: the same over-estimate the reservation used. */
function estimatedPromptTokens(prepared: PreparedResponse): number {
  const { request } = prepared;
  return Math.ceil(JSON.stringify([request.input, request.instructions ?? null, request.tools ?? []]).length / 2);
}
