import { resolve } from 'node:path';
import { createImageFileNamer } from './image-files.ts';
import { type ImageFlags, partialImagesWanted } from './image-options.ts';
import { type ImageStreamEvent, type ImagesCaller, type ImagesResult, costFrom, formatUsd } from './images-wire.ts';
import { type DisplayStream, type ProgressDisplay, createProgressDisplay } from './progress-display.ts';
import { describeNotes, warningTexts } from './turn-notes.ts';

export interface ImageJob {
  /** `generating` or `editing`, for the progress line. */
  verb: string;
  prompt: string;
  flags: ImageFlags;
}

export interface ImageJobStreams {
  stdout: DisplayStream;
  stderr: DisplayStream;
}

/** What `--json` prints: absolute paths, the cost, and the settings the server used. */
export interface ImageJobResult {
  files: string[];
  partial_files: string[];
  cost_usd: number | null;
  size: string | null;
  quality: string | null;
  output_format: string | null;
  background: string | null;
  usage: unknown;
  /** `imagegate.warnings`: options no backend honoured, fewer images than asked, retired models. */
  warnings: string[];
}

/**
 * Calls the Images API and saves what comes back. Streams (and shows a spinner with "image k/n")
 * when stderr is a terminal or partial images are wanted; otherwise one JSON request. Human
 * lines go to stdout, or to stderr under `--json` so stdout carries only the JSON.
 */
export async function runImageJob(job: ImageJob, caller: ImagesCaller, streams: ImageJobStreams = process): Promise<ImageJobResult> {
  const { flags } = job;
  const human = flags.json ? streams.stderr : streams.stdout;
  const display = createProgressDisplay(streams.stderr);
  const namer = createImageFileNamer(flags.outputDir, job.prompt);
  const partialImages = partialImagesWanted(flags);
  const result: ImageJobResult = { files: [], partial_files: [], cost_usd: null, size: null, quality: null, output_format: null, background: null, usage: null, warnings: [] };
  let costUsd: number | null | undefined;
  const stopOnInterrupt = () => {
    display.stop();
    process.exit(130);
  };
  process.once('SIGINT', stopOnInterrupt);
  try {
    const saveFinal = async (base64: string) => {
      const path = await namer.save(Buffer.from(base64, 'base64'), result.files.length + 1);
      result.files.push(resolve(path));
      display.log(`saved ${path}`, human);
    };
    display.update(`${job.verb} image 1/${flags.count}`);
    if (partialImages !== undefined || streams.stderr.isTTY === true) {
      const { events, headers } = await caller.stream(partialImages);
      // Partial events name only their index within one image; images render one after another,
      // so an index that does not grow means the next image has started.
      let partialImageNumber = 1;
      let lastPartialIndex = -1;
      for await (const event of events) {
        if (event.type.endsWith('.partial_image') && event.b64_json) {
          const partialIndex = event.partial_image_index ?? lastPartialIndex + 1;
          if (partialIndex <= lastPartialIndex) partialImageNumber++;
          lastPartialIndex = partialIndex;
          const imageNumber = Math.min(Math.max(partialImageNumber, result.files.length + 1), flags.count);
          const partialNumber = partialIndex + 1;
          if (partialImages !== undefined) {
            const path = await namer.savePartial(Buffer.from(event.b64_json, 'base64'), imageNumber, partialNumber);
            result.partial_files.push(resolve(path));
            display.log(`partial ${partialNumber} of image ${imageNumber}: ${path}`, human);
          }
          display.update(`${job.verb} image ${imageNumber}/${flags.count} · partial ${partialNumber}`);
        } else if (event.type.endsWith('.completed') && event.b64_json) {
          await saveFinal(event.b64_json);
          takeSettings(result, event);
          addWarnings(result, event);
          costUsd = costFrom(event, undefined) ?? costUsd;
          if (result.files.length < flags.count) display.update(`${job.verb} image ${result.files.length + 1}/${flags.count}`);
        }
      }
      costUsd ??= costFrom(undefined, headers);
    } else {
      const { result: answer, headers } = await caller.once();
      for (const image of answer.data ?? []) if (image.b64_json) await saveFinal(image.b64_json);
      takeSettings(result, answer);
      addWarnings(result, answer);
      costUsd = costFrom(answer, headers);
    }
  } finally {
    display.stop();
    process.removeListener('SIGINT', stopOnInterrupt);
  }
  if (result.files.length === 0) throw new Error(['the server answered without any image', ...describeNotes([], result.warnings)].join('\n'));
  result.cost_usd = costUsd ?? null;
  summarize(human, display, result, flags.count);
  return result;
}

/** Streamed images each carry the response's warnings: keep each text once. */
function addWarnings(result: ImageJobResult, source: ImagesResult | ImageStreamEvent): void {
  for (const warning of warningTexts(source.imagegate?.warnings ?? undefined)) if (!result.warnings.includes(warning)) result.warnings.push(warning);
}

function takeSettings(result: ImageJobResult, source: Pick<ImagesResult, 'size' | 'quality' | 'output_format' | 'background' | 'usage'>): void {
  result.size = source.size ?? result.size;
  result.quality = source.quality ?? result.quality;
  result.output_format = source.output_format ?? result.output_format;
  result.background = source.background ?? result.background;
  result.usage = source.usage ?? result.usage;
}

function summarize(human: DisplayStream, display: ProgressDisplay, result: ImageJobResult, asked: number): void {
  const what = [result.size, result.output_format].filter(Boolean).join(' ');
  const count = result.files.length === asked ? `${asked} image${asked === 1 ? '' : 's'}` : `${result.files.length} of ${asked} images`;
  display.log(`${count}${what ? ` (${what})` : ''}, cost ${formatUsd(result.cost_usd)}`, human);
  for (const line of describeNotes([], result.warnings)) display.log(line, human);
}
