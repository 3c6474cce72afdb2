import { moderationBlocked } from '../shared/image/image-errors.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { UpstreamAnswer } from '../shared/upstream-http.ts';
import { stabilityImageResponseSchema } from './stability-image-wire.ts';

/** The one image a Stability call produced. */
export interface StabilityAnswer {
  readonly data: Uint8Array;
  readonly seed: number | undefined;
}

const filteredMessage = "Stability's content moderation filtered the generated image.";

/** Reads the JSON answer (`Accept: application/json`). */
export function mapStabilityJson(provider: string, json: unknown): StabilityAnswer {
  const parsed = stabilityImageResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, json);
  return checked(provider, parsed.data.finish_reason, Buffer.from(parsed.data.image, 'base64'), parsed.data.seed);
}

/** Reads raw image bytes (`Accept: image/*`, or a proxy that ignores Accept): the verdict is in headers. */
export function mapStabilityBytes(provider: string, data: Uint8Array, header: (name: string) => string | undefined): StabilityAnswer {
  return checked(provider, header('finish-reason'), data, header('seed'));
}

function checked(provider: string, finishReason: string | undefined, data: Uint8Array, seed: number | string | undefined): StabilityAnswer {
  // CONTENT_FILTERED still carries an image: a blurred one, which is not what was asked for.
  if (finishReason === 'CONTENT_FILTERED') throw moderationBlocked(filteredMessage);
  if (data.length === 0) throw invalidResponse(provider, `${provider} sent an empty image`, undefined);
  const seedNumber = seed === undefined ? undefined : Number(seed);
  return { data, seed: seedNumber !== undefined && Number.isFinite(seedNumber) ? seedNumber : undefined };
}

/** Reads a 2xx response either way, by its content-type. */
export async function readStabilityAnswer(provider: string, response: UpstreamAnswer, abortSignal: AbortSignal): Promise<StabilityAnswer> {
  const contentType = response.header('content-type') ?? '';
  let body: Uint8Array;
  try {
    body = await response.body.bytes();
  } catch (cause) {
    if (abortSignal.aborted) throw abortSignal.reason;
    throw invalidResponse(provider, `${provider} answer broke off`, undefined, cause);
  }
  if (contentType.startsWith('image/')) return mapStabilityBytes(provider, body, (name) => response.header(name));
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent malformed JSON`, text, cause);
  }
  return mapStabilityJson(provider, json);
}
