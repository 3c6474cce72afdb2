import type { OpenAIImageRequest } from './openai-image-request-settings.ts';

/** The JSON body of `POST /images/generations` (`CreateImageRequest`); unset fields are left out. */
export function buildOpenAIImageGenerationBody(request: OpenAIImageRequest): Record<string, string | number | boolean> {
  return withoutUndefined({
    model: request.model,
    prompt: request.prompt,
    n: request.n,
    size: request.size,
    quality: request.quality,
    background: request.background,
    output_format: request.outputFormat,
    output_compression: request.outputCompression,
    moderation: request.moderation,
    response_format: request.responseFormat,
    stream: request.stream ? true : undefined,
    partial_images: request.partialImages,
  });
}

export function withoutUndefined(fields: Record<string, string | number | boolean | undefined>): Record<string, string | number | boolean> {
  const defined: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) defined[key] = value;
  return defined;
}
