// The Images API answers of the fake upstream: one real 1024×1024 PNG made once at start, about
// the size gpt-image answers at medium quality (a smooth picture with fine noise: ~1.8 MB, not a
// flat colour that compresses to a few KB), and blurred copies of it as partial images. Shapes as
// in test/fixtures/providers/openai/images/ (OpenAPI `ImagesResponse`, `ImageGenPartialImageEvent`,
// `ImageGenCompletedEvent`, `event:` line + `data:` JSON).
import sharp from 'sharp';

export const IMAGE_SIDE = 1024;

export interface ImageAnswers {
  /** The PNG itself (what a client should end up with). */
  readonly png: Buffer;
  /** `POST /v1/images/generations` without `stream`: the whole JSON body. */
  readonly json: Buffer;
  /** With `stream: true`: partial-image events (index 0…), then the completed event. */
  readonly partialEvents: ReadonlyArray<Buffer>;
  readonly completedEvent: Buffer;
}

const CREATED = 1_767_225_600;
const settings = { size: `${IMAGE_SIDE}x${IMAGE_SIDE}`, quality: 'medium', background: 'opaque', output_format: 'png' } as const;
const usage = { total_tokens: 1270, input_tokens: 14, output_tokens: 1256, input_tokens_details: { text_tokens: 14, image_tokens: 0 } };
const MAX_PARTIAL_IMAGES = 3;

export async function makeImageAnswers(): Promise<ImageAnswers> {
  const png = await makePng();
  const partials = await Promise.all(
    Array.from({ length: MAX_PARTIAL_IMAGES }, (_, index) => sharp(png).blur(12 - 3 * index).png().toBuffer()),
  );
  const event = (type: string, body: Record<string, unknown>): Buffer => Buffer.from(`event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`);
  return {
    png,
    json: Buffer.from(JSON.stringify({ created: CREATED, ...settings, data: [{ b64_json: png.toString('base64') }], usage })),
    partialEvents: partials.map((partial, index) =>
      event('image_generation.partial_image', { b64_json: partial.toString('base64'), created_at: CREATED, ...settings, partial_image_index: index }),
    ),
    completedEvent: event('image_generation.completed', { b64_json: png.toString('base64'), created_at: CREATED, ...settings, usage }),
  };
}

/** Gradients plus ±2 of seeded noise per pixel: deterministic, and compresses like a photo-ish picture. */
async function makePng(): Promise<Buffer> {
  const raw = Buffer.alloc(IMAGE_SIDE * IMAGE_SIDE * 3);
  let seed = 12_345;
  for (let y = 0; y < IMAGE_SIDE; y++) {
    for (let x = 0; x < IMAGE_SIDE; x++) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      const noise = ((seed >>> 16) % 5) - 2;
      const offset = (y * IMAGE_SIDE + x) * 3;
      raw[offset] = clamp((x >> 2) + noise);
      raw[offset + 1] = clamp((y >> 2) + noise);
      raw[offset + 2] = clamp(128 + (((x + y) >> 3) % 64) + noise);
    }
  }
  return sharp(raw, { raw: { width: IMAGE_SIDE, height: IMAGE_SIDE, channels: 3 } }).png().toBuffer();
}

const clamp = (value: number): number => Math.max(0, Math.min(255, value));
