/**
 * Test support: a local fake of Stability's stable-image API that answers with real images made
 * by sharp, and "inpaints" by painting the mask's white pixels red, so tests can see that the
 * mask reached Stability the right way round. Also parses the multipart bodies we sent.
 */
import { readFileSync } from 'node:fs';
import sharp, { type Sharp } from 'sharp';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';
import type { PixelSize } from '../../../../src/providers/shared/image/pixel-size.ts';

export interface SentForm {
  readonly fields: Record<string, string>;
  readonly files: Record<string, { readonly filename: string; readonly type: string; readonly data: Buffer }>;
}

/** Parses a multipart body the way the real API would. */
export async function readSentForm(request: RecordedRequest): Promise<SentForm> {
  const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
  const fields: Record<string, string> = {};
  const files: Record<string, SentForm['files'][string]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else files[name] = { filename: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) };
  }
  return { fields, files };
}

// About one megapixel per ratio, as the generate endpoints make (illustrative: Stability
// documents the ratios, not the pixel sizes).
export const stabilitySizes: Readonly<Record<string, PixelSize>> = {
  '1:1': { width: 1024, height: 1024 },
  '16:9': { width: 1344, height: 768 },
  '21:9': { width: 1536, height: 640 },
  '2:3': { width: 832, height: 1216 },
  '3:2': { width: 1216, height: 832 },
  '4:5': { width: 896, height: 1088 },
  '5:4': { width: 1088, height: 896 },
  '9:16': { width: 768, height: 1344 },
  '9:21': { width: 640, height: 1536 },
};

export async function encodeFakeImage(width: number, height: number, format: string, shade: number): Promise<Buffer> {
  return encodeAs(sharp({ create: { width, height, channels: 3, background: { r: 60, g: (shade * 70) % 256, b: 160 } } }), format);
}

async function encodeAs(pipeline: Sharp, format: string): Promise<Buffer> {
  return format === 'jpeg' ? pipeline.jpeg().toBuffer() : format === 'webp' ? pipeline.webp().toBuffer() : pipeline.png().toBuffer();
}

/** The input with every pixel the mask marks white (≥ 128) painted red. */
async function inpaint(image: Buffer, mask: Buffer, format: string): Promise<Buffer> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const maskPixels = await sharp(mask).resize(info.width, info.height, { fit: 'fill', kernel: 'nearest' }).extractChannel(0).raw().toBuffer();
  for (let pixel = 0; pixel < maskPixels.length; pixel++) {
    if ((maskPixels[pixel] as number) >= 128) data.set([255, 0, 0], pixel * 3);
  }
  return encodeAs(sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }), format);
}

/** What Stability would answer to `sent` on `path`, as JSON or bytes per the Accept header. */
export async function renderStabilityReply(request: RecordedRequest, shade = 1): Promise<FakeReply> {
  const sent = await readSentForm(request);
  const format = sent.fields.output_format ?? 'png';
  const input = sent.files.image?.data;
  let image: Buffer;
  if (request.url.endsWith('/edit/inpaint') && input !== undefined && sent.files.mask !== undefined) {
    image = await inpaint(input, sent.files.mask.data, format);
  } else if (input !== undefined) {
    const metadata = await sharp(input).metadata();
    image = await encodeFakeImage(metadata.width, metadata.height, format, shade);
  } else {
    const size = stabilitySizes[sent.fields.aspect_ratio ?? '1:1'] ?? { width: 1024, height: 1024 };
    image = await encodeFakeImage(size.width, size.height, format, shade);
  }
  const seed = Number(sent.fields.seed ?? 0) || 1234567;
  if ((request.headers.accept ?? '').startsWith('image/')) {
    return { headers: { 'content-type': `image/${format}`, 'finish-reason': 'SUCCESS', seed: String(seed) }, body: image };
  }
  return { headers: { 'content-type': `application/json; type=image/${format}` }, json: { image: image.toString('base64'), finish_reason: 'SUCCESS', seed } };
}

export function startStabilityFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request, index) => renderStabilityReply(request, index + 1));
}

/** A recorded payload from `test/fixtures/providers/stability/`. */
export function readStabilityFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/providers/stability/${name}`, import.meta.url), 'utf8')) as unknown;
}
