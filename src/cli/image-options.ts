import { type Command, InvalidArgumentError, Option } from 'commander';

/** Image settings shared by `image` and `edit` (OpenAI Images API fields, camelCased). */
export interface ImageFlags {
  count: number;
  size?: string;
  quality?: string;
  format?: 'png' | 'jpeg' | 'webp';
  background?: string;
  compression?: number;
  moderation?: string;
  model?: string;
  outputDir: string;
  partials?: boolean;
  partialImages?: number;
  json?: boolean;
}

/** OpenAI allows 1–10 images per request. */
const MAX_COUNT = 10;
/** OpenAI streams 0–3 partial images per image. */
const MAX_PARTIAL_IMAGES = 3;
const DEFAULT_PARTIAL_IMAGES = 2;

export function addImageOptions(command: Command): Command {
  return command
    .option('-n, --count <n>', `how many images, 1-${MAX_COUNT}`, wholeNumberIn(1, MAX_COUNT), 1)
    .option('-s, --size <size>', 'WIDTHxHEIGHT (e.g. 1024x1024) or auto', parseSize)
    .addOption(new Option('-q, --quality <quality>', 'image quality').choices(['auto', 'low', 'medium', 'high', 'standard', 'hd']))
    .option('-f, --format <format>', 'png | jpeg | webp', parseFormat)
    .addOption(new Option('--background <background>', 'transparent needs png or webp').choices(['auto', 'transparent', 'opaque']))
    .option('--compression <percent>', 'jpeg/webp output compression, 0-100', wholeNumberIn(0, 100))
    .addOption(new Option('--moderation <level>', 'content moderation').choices(['auto', 'low']))
    .option('-m, --model <model>', 'image model (default: the server decides)')
    .option('-o, --output-dir <dir>', 'where to save images', '.')
    .option('--partials', `stream and save partial images as they arrive (${DEFAULT_PARTIAL_IMAGES} per image unless --partial-images)`)
    .option('--partial-images <n>', `partial images per image, 1-${MAX_PARTIAL_IMAGES} (implies --partials)`, wholeNumberIn(1, MAX_PARTIAL_IMAGES))
    .option('--json', 'print the result as JSON on stdout (progress and messages go to stderr)');
}

/** How many partial images to ask for: only when the user wants them saved. */
export function partialImagesWanted(flags: ImageFlags): number | undefined {
  if (flags.partialImages !== undefined) return flags.partialImages;
  return flags.partials ? DEFAULT_PARTIAL_IMAGES : undefined;
}

/** The wire fields these flags set (undefined ones are left out so the server decides). */
export function imageRequestFields(flags: ImageFlags): Record<string, string | number> {
  const fields: Record<string, string | number | undefined> = {
    n: flags.count,
    size: flags.size,
    quality: flags.quality,
    output_format: flags.format,
    background: flags.background,
    output_compression: flags.compression,
    moderation: flags.moderation,
    model: flags.model,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
}

export function wholeNumberIn(minimum: number, maximum: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < minimum || parsed > maximum) {
      throw new InvalidArgumentError(`expected a whole number from ${minimum} to ${maximum}`);
    }
    return parsed;
  };
}

export function parseSize(value: string): string {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'auto') return normalized;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(normalized);
  if (!match || Number(match[1]) === 0 || Number(match[2]) === 0) throw new InvalidArgumentError('expected WIDTHxHEIGHT (e.g. 1024x1024) or auto');
  return normalized;
}

function parseFormat(value: string): 'png' | 'jpeg' | 'webp' {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'jpg' || normalized === 'jpeg') return 'jpeg';
  if (normalized === 'png' || normalized === 'webp') return normalized;
  throw new InvalidArgumentError('expected png, jpeg or webp');
}
