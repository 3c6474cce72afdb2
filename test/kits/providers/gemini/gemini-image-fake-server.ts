/**
 * Test support: a local fake of the Gemini API's image endpoints that answers with real images
 * made by sharp at the size the real models would make for the aspect ratio asked, so the
 * adapters' resizing and the image contract's checks run on real pixels.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from '../../../support/fake-http-server.ts';
import { type PixelSize, nearestAspectRatio } from '../../../../src/providers/shared/image/pixel-size.ts';
import type { GeminiGenerateContentBody } from '../../../../src/providers/gemini/gemini-image-wire.ts';
import type { ImagenPredictBody } from '../../../../src/providers/gemini/imagen-wire.ts';

// Image-generation guide, gemini-2.5-flash-image: the resolution of each aspect ratio (1K).
export const geminiFlashImageSizes: Readonly<Record<string, PixelSize>> = {
  '1:1': { width: 1024, height: 1024 },
  '2:3': { width: 832, height: 1248 },
  '3:2': { width: 1248, height: 832 },
  '3:4': { width: 864, height: 1184 },
  '4:3': { width: 1184, height: 864 },
  '4:5': { width: 896, height: 1152 },
  '5:4': { width: 1152, height: 896 },
  '9:16': { width: 768, height: 1344 },
  '16:9': { width: 1344, height: 768 },
  '21:9': { width: 1536, height: 672 },
};

// Imagen's 1K sizes per aspect ratio (Vertex AI Imagen docs); 2K doubles both sides.
export const imagenSizes: Readonly<Record<string, PixelSize>> = {
  '1:1': { width: 1024, height: 1024 },
  '3:4': { width: 896, height: 1280 },
  '4:3': { width: 1280, height: 896 },
  '9:16': { width: 768, height: 1408 },
  '16:9': { width: 1408, height: 768 },
};

/** A flat picture; `shade` tells images apart. */
export async function encodeFakeImage(width: number, height: number, format: 'png' | 'jpeg' | 'webp', shade: number): Promise<Buffer> {
  const pipeline = sharp({ create: { width, height, channels: 3, background: { r: (shade * 70) % 256, g: 140, b: 90 } } });
  return format === 'jpeg' ? pipeline.jpeg().toBuffer() : format === 'webp' ? pipeline.webp().toBuffer() : pipeline.png().toBuffer();
}

/** What gemini-2.5-flash-image would answer to `body`: an image at the ratio's size (an edit's input ratio when none is given). */
export async function renderGenerateContentReply(body: GeminiGenerateContentBody, shade = 1): Promise<FakeReply> {
  const parts = body.contents[0]?.parts ?? [];
  const inputs = parts.flatMap((part) => ('inlineData' in part ? [part.inlineData] : []));
  let ratio = body.generationConfig.imageConfig?.aspectRatio ?? '1:1';
  const [firstInput] = inputs;
  if (body.generationConfig.imageConfig?.aspectRatio === undefined && firstInput !== undefined) {
    const metadata = await sharp(Buffer.from(firstInput.data, 'base64')).metadata();
    ratio = nearestAspectRatio({ width: metadata.width, height: metadata.height }, Object.keys(geminiFlashImageSizes));
  }
  const size = geminiFlashImageSizes[ratio] ?? { width: 1024, height: 1024 };
  const image = await encodeFakeImage(size.width, size.height, 'png', shade);
  const textTokens = 12;
  const imageTokens = 258 * inputs.length;
  return {
    json: {
      candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: image.toString('base64') } }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: textTokens + imageTokens,
        candidatesTokenCount: 1290,
        totalTokenCount: textTokens + imageTokens + 1290,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: textTokens }, ...(imageTokens > 0 ? [{ modality: 'IMAGE', tokenCount: imageTokens }] : [])],
        candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: 1290 }],
      },
      modelVersion: 'gemini-2.5-flash-image',
      responseId: 'fake-response',
    },
  };
}

/** What Imagen 4 would answer to `body`: sampleCount png images at the ratio's size. */
export async function renderPredictReply(body: ImagenPredictBody): Promise<FakeReply> {
  const base = imagenSizes[body.parameters.aspectRatio ?? '1:1'] ?? { width: 1024, height: 1024 };
  const scale = body.parameters.sampleImageSize === '2K' ? 2 : 1;
  const images = await Promise.all(Array.from({ length: body.parameters.sampleCount }, (_, index) => encodeFakeImage(base.width * scale, base.height * scale, 'png', index + 1)));
  return { json: { predictions: images.map((image) => ({ mimeType: 'image/png', bytesBase64Encoded: image.toString('base64') })) } };
}

/** A fake serving `:generateContent` and `:predict` for any model. */
export function startGoogleImageFake(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request: RecordedRequest, index) => {
    if (request.url.endsWith(':predict')) return renderPredictReply(request.json() as ImagenPredictBody);
    return renderGenerateContentReply(request.json() as GeminiGenerateContentBody, index + 1);
  });
}

/** A recorded payload from `test/fixtures/providers/gemini/images/`. */
export function readGeminiImageFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/providers/gemini/images/${name}`, import.meta.url), 'utf8')) as unknown;
}
