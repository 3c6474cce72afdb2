import { readInputSize } from '../shared/image/decode-image.ts';
import { deliverImage } from '../shared/image/deliver-image.ts';
import { prepareEditImages } from '../shared/image/edit-input-images.ts';
import { type PixelSize, formatSize } from '../shared/image/pixel-size.ts';
import {
  type SelfHostedImageSettings,
  type StepsByQuality,
  defaultStepsByQuality,
  resolveSelfHostedSettings,
  workingSizeFor,
} from '../shared/image/self-hosted-image-settings.ts';
import { postJson } from '../shared/post-json.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { GeneratedImage, ImageModel, ImageModelCallOptions, ImageModelResult, ImageModelWarning } from '../spec/image-model.ts';
import { mapA1111Error } from './a1111-error.ts';
import { type A1111Payload, type A1111Request, buildA1111Img2ImgPayload, buildA1111Txt2ImgPayload } from './a1111-payload.ts';
import { mapA1111Response } from './a1111-response.ts';

export const a1111Provider = 'a1111';

export interface A1111ImageModelOptions {
  /** The spec has no negative prompt of its own. Default empty. */
  readonly negativePrompt?: string;
  readonly stepsByQuality?: StepsByQuality;
  /** Longest side rendered; larger outputs are upscaled with sharp (with a warning). Default 2048. */
  readonly maxWorkingSide?: number;
  /** Keep the route's checkpoint loaded after each call (faster; changes the web UI's selection). Default false. */
  readonly keepCheckpointLoaded?: boolean;
}

// Lower denoising keeps more of the input; 0.75 is the web UI's own default.
const denoisingByFidelity = { high: 0.5, low: 0.75 } as const;

/**
 * An AUTOMATIC1111 web UI (or an API-compatible fork) as an ImageModel: txt2img for
 * generations, img2img (with a white-is-repaint mask) for edits; `modelId` other than `default`
 * selects the checkpoint per call. Images are re-encoded to the exact size and format asked
 * for. No partial images: `/sdapi/v1/progress` shows whatever job the server runs, anyone's,
 * and one preview per batch, so it cannot honour the contract's per-image previews.
 */
export function createA1111ImageModel(modelId: string, settings: ProviderSettings, options: A1111ImageModelOptions = {}): ImageModel {
  return {
    provider: a1111Provider,
    modelId,
    doGenerate: (call) => generateWithA1111(modelId, settings, options, call),
  };
}

async function generateWithA1111(modelId: string, settings: ProviderSettings, options: A1111ImageModelOptions, call: ImageModelCallOptions): Promise<ImageModelResult> {
  const signal = call.abortSignal;
  signal.throwIfAborted();
  const resolved = resolveSelfHostedSettings(call, { name: 'AUTOMATIC1111', stepsByQuality: options.stepsByQuality ?? defaultStepsByQuality });
  const warnings: ImageModelWarning[] = [...resolved.warnings];
  const [input] = call.images;
  const inputSize = input === undefined ? undefined : await readInputSize(input);
  // resolveSelfHostedSettings leaves the size undefined only for edits, where the input decides.
  const outputSize = resolved.outputSize ?? inputSize ?? { width: 1024, height: 1024 };
  const workingSize = workingSizeFor(outputSize, options.maxWorkingSide ?? 2048);
  const request = buildRequest(modelId, options, call, resolved, workingSize);

  let path = '/sdapi/v1/txt2img';
  let payload: A1111Payload = buildA1111Txt2ImgPayload(request);
  if (input !== undefined && inputSize !== undefined) {
    const prepared = await prepareEditImages(input, call.mask, { input: inputSize, working: workingSize });
    path = '/sdapi/v1/img2img';
    payload = buildA1111Img2ImgPayload(request, {
      initImage: prepared.image.toString('base64'),
      mask: prepared.mask?.toString('base64'),
      denoisingStrength: denoisingByFidelity[call.inputFidelity ?? 'low'],
    });
  }
  signal.throwIfAborted();

  let json: unknown;
  try {
    json = await postJson(settings, { provider: a1111Provider, path, body: payload, abortSignal: signal });
  } catch (error) {
    throw error instanceof ProviderError ? mapA1111Error(error, path) : error;
  }
  const answer = mapA1111Response(a1111Provider, json, call.n, call.prompt);

  const images: GeneratedImage[] = [];
  let resizedFrom: PixelSize | undefined;
  for (const image of answer.images) {
    signal.throwIfAborted();
    const output = { size: outputSize, outputFormat: resolved.outputFormat, encoderQuality: resolved.encoderQuality };
    const delivered = await deliverImage(a1111Provider, image.data, output, { stripMetadata: true });
    resizedFrom = delivered.resizedFrom ?? resizedFrom;
    images.push({ data: delivered.data, mediaType: delivered.mediaType, revisedPrompt: image.revisedPrompt });
  }
  signal.throwIfAborted();
  if (resizedFrom !== undefined) {
    warnings.push({ type: 'other', setting: 'size', message: `AUTOMATIC1111 rendered ${formatSize(resizedFrom)}; the images were resized to ${formatSize(outputSize)}.` });
  }
  return { images, size: formatSize(outputSize), quality: resolved.quality, outputFormat: resolved.outputFormat, background: 'opaque', usage: undefined, warnings };
}

function buildRequest(modelId: string, options: A1111ImageModelOptions, call: ImageModelCallOptions, resolved: SelfHostedImageSettings, size: PixelSize): A1111Request {
  return {
    prompt: call.prompt,
    negativePrompt: options.negativePrompt ?? '',
    width: size.width,
    height: size.height,
    steps: resolved.steps,
    seed: resolved.seed,
    batchSize: call.n,
    checkpoint: modelId === 'default' ? undefined : modelId,
    keepCheckpointLoaded: options.keepCheckpointLoaded ?? false,
  };
}
