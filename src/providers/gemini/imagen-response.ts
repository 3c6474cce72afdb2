import { invalidResponse } from '../shared/invalid-response.ts';
import { imagenPredictResponseSchema } from './imagen-wire.ts';

/** What one predict call produced: the images, and why the others were withheld. */
export interface ImagenAnswer {
  readonly images: ReadonlyArray<{ readonly data: Uint8Array; readonly mediaType: string }>;
  readonly filteredReasons: ReadonlyArray<string>;
}

/** Reads a predict answer; samples the safety filter removed come back as reasons, not errors. */
export function mapImagenResponse(provider: string, json: unknown): ImagenAnswer {
  const parsed = imagenPredictResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, json);
  const images: Array<ImagenAnswer['images'][number]> = [];
  const filteredReasons: string[] = [];
  for (const prediction of parsed.data.predictions ?? []) {
    if (prediction.bytesBase64Encoded !== undefined) {
      const data = Buffer.from(prediction.bytesBase64Encoded, 'base64');
      if (data.length === 0) throw invalidResponse(provider, `${provider} sent an empty image`, undefined);
      images.push({ data, mediaType: prediction.mimeType ?? 'image/png' });
    } else if (prediction.raiFilteredReason !== undefined) {
      filteredReasons.push(prediction.raiFilteredReason);
    }
  }
  return { images, filteredReasons };
}
