import { base64Head } from '../../media/base64-image.ts';
import { loadSharp } from '../../media/load-sharp.ts';
import { readImageDimensions } from '../../media/read-image-dimensions.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { ImageModelResult, ImageModelWarning, ImageOutputFormat, ImageQuality } from '../spec/image-model.ts';
import type { OpenAIImageAnswer } from './openai-image-response.ts';
import type { OpenAIImageRequest } from './openai-image-request-settings.ts';

const HEADER_BYTES = 64 * 1024;
const formats: ReadonlyArray<ImageOutputFormat> = ['png', 'jpeg', 'webp'];
const qualityByWire: Readonly<Record<string, Exclude<ImageQuality, 'auto'>>> = { low: 'low', medium: 'medium', high: 'high', standard: 'medium', hd: 'high' };

/**
 * The spec's result from an answer: what the answer reports wins, then what we asked for, then
 * what `auto` must have meant — for the size, the first image's own dimensions (OpenAI notes
 * that `auto` may yield sizes outside the documented list).
 */
export async function resolveOpenAIImageResult(
  provider: string,
  answer: OpenAIImageAnswer,
  request: OpenAIImageRequest,
  warnings: ReadonlyArray<ImageModelWarning>,
): Promise<ImageModelResult> {
  const outputFormat = formats.find((format) => format === answer.reported.outputFormat) ?? request.outputFormat ?? 'png';
  const mediaType = `image/${outputFormat}`;
  return {
    // Object.assign keeps a base64 image's lazy `data` (a spread would decode it).
    images: answer.images.map((image) => Object.assign(image, { mediaType, revisedPrompt: image.revisedPrompt })),
    size: concreteSize(answer.reported.size) ?? concreteSize(request.size) ?? (await measure(provider, answer)),
    // OpenAI does not say what `auto` quality became when the answer omits it; medium is the middle guess.
    quality: qualityByWire[answer.reported.quality ?? ''] ?? qualityByWire[request.quality ?? ''] ?? 'medium',
    outputFormat,
    background: answer.reported.background === 'transparent' || answer.reported.background === 'opaque' ? answer.reported.background : request.background === 'transparent' ? 'transparent' : 'opaque',
    usage: answer.usage,
    warnings,
  };
}

function concreteSize(size: string | undefined): string | undefined {
  return size !== undefined && /^\d+x\d+$/.test(size) ? size : undefined;
}

async function measure(provider: string, answer: OpenAIImageAnswer): Promise<string> {
  const first = answer.images[0];
  // The header says it without decoding pixels; a JPEG's size may sit past a long EXIF block.
  const header = first?.base64 === undefined ? first?.data : base64Head(first.base64, HEADER_BYTES);
  const read = header && readImageDimensions(header);
  if (read) return `${read.width}x${read.height}`;
  const sharp = await loadSharp();
  try {
    const { width, height } = await sharp(first?.data).metadata();
    if (width !== undefined && height !== undefined) return `${width}x${height}`;
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent an image that cannot be decoded`, undefined, cause);
  }
  throw invalidResponse(provider, `${provider} sent an image without dimensions`, undefined);
}
