import { DEFAULT_OPENAI_IMAGE_MODEL } from '../../config/default-models.ts';
import { SpendRefusedError } from '../../errors/spend-refused-error.ts';
import type { Hold, SpendDecision, SpendGuard } from '../../policy/spend-guard.ts';
import type { PreparedResponse } from '../prepare-response.ts';
import type { Services } from '../services.ts';

/**
 * The image model OpenAI's hosted tool draws with when the request names none. The spec still
 * says gpt-image-1, which OpenAI shut down, so imagegate names the model it priced in the
 * upstream request rather than trust a default.
 */
export const HOSTED_IMAGE_DEFAULT_MODEL = DEFAULT_OPENAI_IMAGE_MODEL;

/**
 * Input tokens an image in the model's context may take when OpenAI feeds a generated image
 * back to the mainline model: a 1536×1024 image at high detail is 85 + 170 × 6 = 1,105 tokens on
 * tile models; rounded up to leave room for larger sizes.
 */
const FED_BACK_IMAGE_TOKENS = 1_600;

/** Images a passthrough response may reserve when no limit says how many (money is enforced). */
const UNLIMITED_IMAGES_RESERVED = 4;

/** What a passthrough response reserved before anything is sent upstream. */
export interface PassthroughReservation {
  /** The model's whole answer (one upstream response is one "step"). */
  text: Hold | undefined;
  /** One hold per image call that may be relayed; the relay cuts the call after the last. */
  images: Hold[];
  /** Why no more images were reserved, when money (not a limit) stopped them. */
  imageRefusal: Extract<SpendDecision, { ok: false }> | undefined;
  /** The hosted tool's settings the holds were priced at. */
  image: { model: string; quality: string; size: string; partialImages: number } | undefined;
}

/**
 * Reserves a passthrough response's worst case under the same rules as our own loop: the
 * model's output bound (sent upstream as `max_output_tokens`) and each hosted image call, from
 * the tool's size, quality, partial images and model. A response that cannot afford its text is
 * refused (429 / 400) before the upstream is called; images that do not fit are cut like a limit.
 */
export async function reservePassthrough(prepared: PreparedResponse, spend: SpendGuard, services: Services): Promise<PassthroughReservation> {
  const tool = prepared.imageToolWire;
  const limit = imageLimit(prepared);
  const image = tool
    ? { model: tool.model ?? HOSTED_IMAGE_DEFAULT_MODEL, quality: tool.quality ?? 'auto', size: tool.size ?? 'auto', partialImages: tool.partial_images ?? 0 }
    : undefined;
  const imagesAtMost = image ? (limit ?? UNLIMITED_IMAGES_RESERVED) : 0;
  // Images first: they are what the caller asked for; the model's answer gets what is left.
  const images: Hold[] = [];
  let imageRefusal: PassthroughReservation['imageRefusal'];
  while (image && images.length < imagesAtMost) {
    const decision = await spend.reserveImage(image);
    if (!decision.ok) {
      imageRefusal = decision;
      break;
    }
    images.push(decision.hold);
  }
  for (;;) {
    const text = await spend.reserveModelStep({
      model: prepared.languageModel.model.modelId,
      inputTokens: await passthroughInputTokens(prepared, services, images.length),
      maxOutputTokens: prepared.request.max_output_tokens ?? undefined,
    });
    if (text.ok) return { text: text.hold, images, imageRefusal, image };
    const last = images.pop();
    if (last === undefined) {
      throw new SpendRefusedError(text.reason, text.message);
    }
    // One image fewer leaves room for the answer.
    await spend.release(last);
    imageRefusal = text;
  }
}

/** The strictest count limit on image calls (OpenAI's `max_tool_calls` counts every hosted tool call). */
function imageLimit(prepared: PreparedResponse): number | undefined {
  const { maxImages, exactImages, maxToolCalls } = prepared.limits;
  const caps = [maxImages, exactImages, maxToolCalls].filter((cap): cap is number => cap !== undefined);
  return caps.length === 0 ? undefined : Math.min(...caps);
}

/**
 * An upper bound of the input tokens OpenAI bills for the whole response: the request as sent
 * (2 characters a token), the stored previous turn when the chain continues, and one re-read of
 * that prompt per hosted tool call, with every generated image fed back into the context.
 */
async function passthroughInputTokens(prepared: PreparedResponse, services: Services, images: number): Promise<number> {
  const { request } = prepared;
  const characters = JSON.stringify([request.input, request.instructions ?? null, request.tools ?? []]).length;
  let prompt = Math.ceil(characters / 2);
  if (request.previous_response_id) {
    const previous = await services.store.get(request.previous_response_id, prepared.ownerId);
    prompt += previous?.response.usage?.total_tokens ?? 0;
  }
  const rounds = images + 1;
  return rounds * (prompt + images * FED_BACK_IMAGE_TOKENS);
}
