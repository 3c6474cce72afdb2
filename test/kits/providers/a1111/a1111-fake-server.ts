/**
 * Test support: a local fake of the AUTOMATIC1111 API that answers `/sdapi/v1/txt2img` and
 * `/sdapi/v1/img2img` with real PNGs made by sharp at the requested width x height, `batch_size`
 * of them, and an `info` string shaped like `Processed.js()`. Imported by `*.test.ts` files only.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';

export function readA1111Fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/providers/a1111/${name}`, import.meta.url), 'utf8')) as unknown;
}

/** The answer A1111 would give to a txt2img / img2img body. */
export async function renderA1111Reply(request: RecordedRequest): Promise<FakeReply> {
  const body = request.json() as { prompt?: string; width?: number; height?: number; batch_size?: number; seed?: number };
  const width = body.width ?? 512;
  const height = body.height ?? 512;
  const count = body.batch_size ?? 1;
  const seed = body.seed ?? 0;
  const images = await Promise.all(
    Array.from({ length: count }, async (_, index) =>
      (await sharp({ create: { width, height, channels: 3, background: { r: (index * 70) % 256, g: 120, b: 200 } } }).png().toBuffer()).toString('base64'),
    ),
  );
  const prompts = Array.from({ length: count }, () => body.prompt ?? '');
  const info = { prompt: body.prompt, all_prompts: prompts, seed, all_seeds: prompts.map((_, index) => seed + index), width, height, index_of_first_image: 0, sd_model_name: 'fake' };
  return { json: { images, parameters: body, info: JSON.stringify(info) } };
}

/** A fake that renders every generation; `override` may answer a request itself (faults, errors). */
export function startA1111Fake(override?: (request: RecordedRequest, index: number) => FakeReply | undefined): Promise<FakeHttpServer> {
  return startFakeHttpServer(async (request, index) => {
    const overridden = override?.(request, index);
    if (overridden !== undefined) return overridden;
    if (request.method === 'POST' && (request.url === '/sdapi/v1/txt2img' || request.url === '/sdapi/v1/img2img')) return renderA1111Reply(request);
    return { status: 404, json: { detail: 'Not Found' } };
  });
}
