// The image relay scenario: a 1024² PNG relayed at c=50 (server CPU per response, responses/s) and
// N concurrent streamed image responses at once (peak RSS), for imagegate and for Portkey.
import { cpuSeconds, readMemory, resetPeak, waitForIdle } from '../proc.ts';
import { type DiscardingLoadResult, runDiscardingLoad } from './body-discarding-load.ts';
import { IMAGE_SIDE } from './image-answers.ts';
import { MODELS } from './imagegate-process.ts';
import type { Target } from './text-rows.ts';

export interface ImageRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly stream: boolean;
  /** Strings every answer must contain (the cheap check under load). */
  readonly markers: ReadonlyArray<string>;
}

const SIZE = `${IMAGE_SIDE}x${IMAGE_SIDE}`;
const PROMPT = 'Draw a red fox standing in fresh snow.';

/** Through imagegate's tool loop: the upstream model calls the image tool once, the Images API answers. */
export function imagegateImageRequest(stream: boolean): ImageRequest {
  const tool = { type: 'image_generation', size: SIZE, quality: 'medium', output_format: 'png', ...(stream ? { partial_images: 2 } : {}) };
  return {
    path: '/v1/responses',
    body: { model: MODELS.toolLoop, input: PROMPT, store: false, tools: [tool], ...(stream ? { stream: true } : {}) },
    stream,
    markers: stream
      ? ['event: response.image_generation_call.partial_image', 'event: response.output_text.delta', 'event: response.completed']
      : ['"object":"response"', '"type":"image_generation_call"', `"size":"${SIZE}"`, '"type":"output_text"'],
  };
}

/** The same Images API call a client would send through Portkey. */
export function imagesApiRequest(stream: boolean): ImageRequest {
  return {
    path: '/v1/images/generations',
    body: { model: MODELS.image, prompt: PROMPT, size: SIZE, quality: 'medium', output_format: 'png', ...(stream ? { stream: true, partial_images: 2 } : {}) },
    stream,
    markers: stream ? ['event: image_generation.partial_image', 'event: image_generation.completed'] : ['"b64_json":"iVBORw0KGgo', '"usage"'],
  };
}

export interface ImageRow {
  target: string;
  kind: 'relay' | 'burst';
  stream: boolean;
  concurrency: number;
  failure: string | undefined;
  ok: number;
  failed: number;
  failures: Record<string, number>;
  okPerSecond: number;
  meanMillis: number;
  cpuMillisPerResponse: number;
  /** Highest VmRSS sampled every 50 ms, and VmHWM (reset before the run). */
  peakRssKb: number | undefined;
  hwmKb: number | undefined;
  /** True when the run was cut off because the server passed the memory cap. */
  cappedAtKb: number | undefined;
}

export interface ImageRunOptions {
  concurrency: number;
  durationSeconds?: number;
  amount?: number;
  /** Per request; a burst's requests all start at once, so this bounds the burst. */
  timeoutSeconds: number;
  /** The server is killed (to protect the shared machine) past this RSS; the row says so. */
  rssCapKb: number;
  onCap: () => Promise<void>;
}

export async function measureImageRow(target: Target, request: ImageRequest, kind: ImageRow['kind'], options: ImageRunOptions, log: (message: string) => void): Promise<ImageRow> {
  const label = `${target.name}, image ${kind}, ${request.stream ? 'SSE' : 'JSON'}, ${options.concurrency} at once`;
  const row: ImageRow = {
    target: target.name,
    kind,
    stream: request.stream,
    concurrency: options.concurrency,
    failure: undefined,
    ok: 0,
    failed: 0,
    failures: {},
    okPerSecond: Number.NaN,
    meanMillis: Number.NaN,
    cpuMillisPerResponse: Number.NaN,
    peakRssKb: undefined,
    hwmKb: undefined,
    cappedAtKb: undefined,
  };
  row.failure = await checkImageOnce(target, request).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  if (row.failure !== undefined) {
    log(`${label}: checked request FAILED, no load: ${row.failure}`);
    return row;
  }
  await waitForIdle(target.pid, 300, 20_000);
  const hwmReset = resetPeak(target.pid);
  let peakKb = 0;
  const sampler = setInterval(() => {
    const rss = readMemory(target.pid)?.rssKb ?? 0;
    peakKb = Math.max(peakKb, rss);
    if (rss > options.rssCapKb && row.cappedAtKb === undefined) {
      row.cappedAtKb = rss;
      log(`${label}: RSS ${(rss / 1024).toFixed(0)} MB passed the cap of ${(options.rssCapKb / 1024).toFixed(0)} MB; stopping the server`);
      void options.onCap();
    }
  }, 50);
  const cpuBefore = cpuSeconds(target.pid);
  let result: DiscardingLoadResult;
  try {
    result = await runDiscardingLoad({
      url: target.url,
      path: request.path,
      body: request.body,
      concurrency: options.concurrency,
      timeoutSeconds: options.timeoutSeconds,
      markers: request.markers,
      ...(target.headers ? { headers: target.headers } : {}),
      ...(options.durationSeconds !== undefined ? { durationSeconds: options.durationSeconds } : {}),
      ...(options.amount !== undefined ? { amount: options.amount } : {}),
    });
  } finally {
    clearInterval(sampler);
  }
  const cpuAfter = cpuSeconds(target.pid);
  const memory = readMemory(target.pid);
  Object.assign(row, {
    ok: result.ok,
    failed: result.failed,
    failures: result.failures,
    okPerSecond: result.okPerSecond,
    meanMillis: result.meanMillis,
    cpuMillisPerResponse: cpuBefore !== undefined && cpuAfter !== undefined && result.ok > 0 ? ((cpuAfter - cpuBefore) * 1000) / result.ok : Number.NaN,
    peakRssKb: Math.max(peakKb, memory?.rssKb ?? 0) || undefined,
    hwmKb: hwmReset ? memory?.hwmKb : undefined,
  });
  log(
    `${label}: ${result.ok} ok, ${result.failed} failed, ${result.okPerSecond.toFixed(1)}/s, ` +
      `${row.cpuMillisPerResponse.toFixed(1)} CPU ms/response, peak RSS ${((row.peakRssKb ?? 0) / 1024).toFixed(0)} MB` +
      (result.failed > 0 ? ` (${JSON.stringify(result.failures).slice(0, 300)})` : ''),
  );
  return row;
}

/** One request read whole: the image must arrive as a 1024×1024 PNG (read from its IHDR chunk). */
async function checkImageOnce(target: Target, request: ImageRequest): Promise<string | undefined> {
  const response = await fetch(new URL(request.path, target.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify(request.body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 200) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
  const missing = request.markers.filter((marker) => !text.includes(marker));
  if (missing.length > 0) return `the answer lacks ${missing.join(', ')}: ${text.slice(0, 200)}…`;
  // The last base64 PNG in the answer is the final image (partial images come before it).
  const images = text.match(/iVBORw0KGgo[A-Za-z0-9+/=]+/g) ?? [];
  const last = images.at(-1);
  if (last === undefined) return 'no base64 PNG in the answer';
  const png = Buffer.from(last, 'base64');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width !== IMAGE_SIDE || height !== IMAGE_SIDE) return `PNG is ${width}x${height}`;
  if (request.stream && images.length < 3) return `${images.length} PNGs in the stream, expected 2 partial images and the final one`;
  return undefined;
}
