/**
 * Test support: a local fake of the OpenAI Images API that answers every request with real
 * images encoded by sharp at the requested size and format, as JSON or as an event stream, so
 * the image contract's checks hold. Also parses what the adapter sent, for assertions.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';

/** A request body as fields: JSON values, or multipart text fields and files. */
export interface SentImageRequest {
  readonly fields: Record<string, unknown>;
  readonly files: ReadonlyArray<{ readonly name: string; readonly filename: string; readonly type: string; readonly data: Buffer }>;
}

/** Parses a JSON or multipart body the way the real API would. */
export async function readSentImageRequest(request: RecordedRequest): Promise<SentImageRequest> {
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/json')) return { fields: request.json() as Record<string, unknown>, files: [] };
  const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, unknown> = {};
  const files: Array<SentImageRequest['files'][number]> = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else files.push({ name, filename: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { fields, files };
}

/** Encodes a flat picture; `shade` tells images of one answer apart. */
export async function encodeFakeImage(width: number, height: number, format: string, shade: number): Promise<Buffer> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: { r: (shade * 70) % 256, g: 120, b: 200 } } });
  if (format === 'jpeg') return pipeline.jpeg().toBuffer();
  if (format === 'webp') return pipeline.webp().toBuffer();
  return pipeline.png().toBuffer();
}

/** The answer the real API would give to `sent`, with `auto` resolved to 1024x1024 / medium / opaque. */
export async function renderImagesReply(sent: SentImageRequest, kind: 'generation' | 'edit'): Promise<FakeReply> {
  const size = typeof sent.fields.size === 'string' && sent.fields.size !== 'auto' ? sent.fields.size : '1024x1024';
  const [width, height] = size.split('x').map(Number) as [number, number];
  const format = typeof sent.fields.output_format === 'string' ? sent.fields.output_format : 'png';
  const quality = typeof sent.fields.quality === 'string' && sent.fields.quality !== 'auto' ? sent.fields.quality : 'medium';
  const background = sent.fields.background === 'transparent' ? 'transparent' : 'opaque';
  const n = Number(sent.fields.n ?? 1);
  const settings = { size, quality, background, output_format: format };
  const usage = { input_tokens: 12, input_tokens_details: { text_tokens: 12, image_tokens: 0 }, output_tokens: 272 * n, total_tokens: 12 + 272 * n };
  const images = await Promise.all(Array.from({ length: n }, (_, index) => encodeFakeImage(width, height, format, index + 1)));

  const stream = sent.fields.stream === true || sent.fields.stream === 'true';
  if (!stream) return { json: { created: 1767225600, data: images.map((image) => ({ b64_json: image.toString('base64') })), ...settings, usage } };

  const partialCount = Number(sent.fields.partial_images ?? 0);
  const prefix = kind === 'generation' ? 'image_generation' : 'image_edit';
  const events: string[] = [];
  for (const image of images) {
    for (let index = 0; index < partialCount; index++) {
      // Partials are previews in the output format too; a flat grey one will do.
      const partial = await encodeFakeImage(width, height, format, 0);
      events.push(sseEvent({ type: `${prefix}.partial_image`, b64_json: partial.toString('base64'), created_at: 1767225600, ...settings, partial_image_index: index }));
    }
    events.push(sseEvent({ type: `${prefix}.completed`, b64_json: image.toString('base64'), created_at: 1767225600, ...settings, usage }));
  }
  return { chunks: events };
}

export function sseEvent(event: { type: string } & Record<string, unknown>): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A fake that renders every `/images/generations` and `/images/edits` request. */
export function startOpenAIImagesFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer(async (request) => {
    const kind = request.url.endsWith('/images/edits') ? 'edit' : 'generation';
    return renderImagesReply(await readSentImageRequest(request), kind);
  });
}

/** A recorded payload from `test/fixtures/providers/openai/images/`, as text. */
export function readImagesFixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/providers/openai/images/${name}`, import.meta.url), 'utf8');
}

export function readImagesFixtureJson(name: string): unknown {
  return JSON.parse(readImagesFixture(name)) as unknown;
}
