import type { z } from 'zod';
import { invalidRequest } from '../../errors/api-error.ts';
import type { ImageBackground, ImageModelInputImage, ImageOutputFormat, ImageQuality } from '../../providers/spec/image-model.ts';
import { zodIssueToApiError } from '../../responses/request/zod-issue-to-api-error.ts';
import type { ImageEditFormFieldsWire, ImageGenerationRequestWire } from './images-request-schema.ts';

/** Which endpoint: names the stream events (`image_generation.*` / `image_edit.*`). */
export type ImagesEndpoint = 'generation' | 'edit';

/** An Images API request, validated, camelCased; absent options stay undefined (the backend decides). */
export interface ImagesRequest {
  endpoint: ImagesEndpoint;
  prompt: string;
  /** The `model` the client named, if any. */
  model: string | undefined;
  /** Images to make, exactly. */
  n: number;
  size: string | undefined;
  quality: ImageQuality | undefined;
  background: ImageBackground | undefined;
  outputFormat: ImageOutputFormat | undefined;
  outputCompression: number | undefined;
  moderation: 'auto' | 'low' | undefined;
  inputFidelity: 'high' | 'low' | undefined;
  stream: boolean;
  /** Partial images per image; 0 unless streaming (they are a streaming feature, and billed). */
  partialImages: number;
  /** Edits: validated input images, the one the mask applies to first. Empty for generations. */
  images: ImageModelInputImage[];
  mask: ImageModelInputImage | undefined;
  /** Options accepted but not run by any backend, reported under `imagegate.warnings`. */
  ignored: string[];
}

/** Runs a strict wire schema; the first issue becomes OpenAI's 400 naming its `param`. */
export function parseWireBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON object.', null, 'invalid_type');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalidRequest('Invalid request body.', null, 'invalid_value');
  throw zodIssueToApiError(issue, body);
}

type OptionsWire = ImageGenerationRequestWire | ImageEditFormFieldsWire;

/** The wire's options as the image-model spec names them. */
export function imagesRequestFromWire(
  endpoint: ImagesEndpoint,
  wire: OptionsWire & { input_fidelity?: 'high' | 'low' | null | undefined },
  inputs: { images: ImageModelInputImage[]; mask: ImageModelInputImage | undefined },
): ImagesRequest {
  const stream = wire.stream === true;
  const ignored: string[] = [];
  if ('style' in wire && wire.style != null) ignored.push(`style '${wire.style}' is a dall-e-3 option no imagegate backend applies; it was ignored.`);
  return {
    endpoint,
    prompt: wire.prompt,
    model: wire.model ?? undefined,
    n: wire.n ?? 1,
    size: wire.size ?? undefined,
    quality: toQuality(wire.quality ?? undefined),
    background: wire.background ?? undefined,
    outputFormat: wire.output_format ?? undefined,
    outputCompression: wire.output_compression ?? undefined,
    moderation: wire.moderation ?? undefined,
    inputFidelity: wire.input_fidelity ?? undefined,
    stream,
    partialImages: stream ? (wire.partial_images ?? 0) : 0,
    images: inputs.images,
    mask: inputs.mask,
    ignored,
  };
}

/** dall-e's `standard` / `hd` read as `medium` / `high`: the OpenAI adapter sends them back as dall-e spells them. */
function toQuality(quality: 'standard' | 'hd' | ImageQuality | undefined): ImageQuality | undefined {
  if (quality === 'standard') return 'medium';
  if (quality === 'hd') return 'high';
  return quality;
}
