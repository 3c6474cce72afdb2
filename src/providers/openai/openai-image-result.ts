import { loadSharp } from '../../media/load-sharp.ts';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { ImageModelResult, ImageModelWarning, ImageOutputFormat, ImageQuality } from '../spec/image-model.ts';
import type { OpenAIImageAnswer } from './openai-image-response.ts';
import type { OpenAIImageRequest } from './openai-image-request-settings.ts';

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
    images: answer.images.map((image) => ({ data: image.data, mediaType, revisedPrompt: image.revisedPrompt })),
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
  const sharp = await loadSharp();
  const first = answer.images[0];
  try {
    const { width, height } = await sharp(first?.data).metadata();
    if (width !== undefined && height !== undefined) return `${width}x${height}`;
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent an image that cannot be decoded`, undefined, cause);
  }
  throw invalidResponse(provider, `${provider} sent an image without dimensions`, undefined);
}
