import { encodePipeline, mediaTypeOf } from '../shared/image/encode-image.ts';
import { maxSideLength } from '../shared/image/pixel-size.ts';
import { defaultSleep } from '../shared/provider-settings.ts';
import type {
  GeneratedImage,
  ImageModel,
  ImageModelCallOptions,
  ImageModelResult,
} from '../spec/image-model.ts';
import { derivePalette, type Palette } from './palette.ts';
import { encodePartialImage } from './partial-images.ts';
import { prepareEdit, renderEdit, type PreparedEdit } from './render-edit.ts';
import { renderedFromRaw, renderedFromSvg, type RenderedImage } from './rendered-image.ts';
import { resolveSettings, type ResolvedSettings } from './resolve-settings.ts';
import { buildCompositionSvg } from './svg-composition.ts';

export interface ProceduralImageModelOptions {
  /** Reported as the model id; default `procedural`. */
  readonly modelId?: string;
  /**
   * Simulated render time per call, in milliseconds (default 0): real backends take seconds,
   * and demos of streaming, cancellation and crash recovery need time to watch.
   */
  readonly delayMillis?: number;
  /** Waits `delayMillis`; injected so tests need no real sleeps. */
  readonly sleep?: (millis: number, signal: AbortSignal) => Promise<void>;
}

/**
 * The offline image backend: abstract pictures drawn from the prompt, deterministic for the same
 * prompt, seed (default 0) and image index. Image `i` of a call uses seed `seed + i`.
 */
export function createProceduralImageModel(options: ProceduralImageModelOptions = {}): ImageModel {
  return {
    provider: 'procedural',
    modelId: options.modelId ?? 'procedural',
    async doGenerate(callOptions) {
      if (options.delayMillis) await (options.sleep ?? defaultSleep)(options.delayMillis, callOptions.abortSignal);
      return generate(callOptions);
    },
  };
}

async function generate(options: ImageModelCallOptions): Promise<ImageModelResult> {
  const signal = options.abortSignal;
  signal.throwIfAborted();
  const settings = resolveSettings(options);
  // moderation has nothing to moderate here; inputFidelity matters only for edits (see renderEdit).
  const edit = options.images.length > 0 ? await prepareEdit(options, settings.size, maxSideLength) : undefined;
  signal.throwIfAborted();
  // resolveSettings leaves the size undefined only for edits, where the base decides it.
  const { width, height } = edit?.base ?? settings.size ?? { width: 1024, height: 1024 };
  const size = { width, height };
  const palette = derivePalette(options.prompt, edit?.referenceColours);
  const revisedPrompt = `${options.prompt}, ${edit === undefined ? 'rendered as a procedural abstract composition' : 'painted over the input as a procedural abstract overlay'}`;
  const partialCount = options.onPartialImage === undefined ? 0 : settings.partialImages;
  const mediaType = mediaTypeOf(settings.outputFormat);

  const images: GeneratedImage[] = [];
  for (let index = 0; index < options.n; index++) {
    signal.throwIfAborted();
    const seed = (options.seed ?? 0) + index;
    const rendered = await render(options, settings, edit, { seed, palette, ...size });
    for (let partialIndex = 0; partialIndex < partialCount; partialIndex++) {
      signal.throwIfAborted();
      const partial = await encodePartialImage(rendered, partialIndex, partialCount, settings);
      signal.throwIfAborted();
      await options.onPartialImage?.(partial);
    }
    signal.throwIfAborted();
    images.push({ data: await encodePipeline(await rendered.full(), settings), mediaType, revisedPrompt });
  }
  signal.throwIfAborted();

  return {
    images,
    size: `${size.width}x${size.height}`,
    quality: settings.quality,
    outputFormat: settings.outputFormat,
    background: settings.transparent ? 'transparent' : 'opaque',
    // No usage: nothing is billed by tokens here, and made-up token counts would only mislead
    // the price catalog (the procedural backend is priced per image).
    usage: undefined,
    warnings: settings.warnings,
  };
}

interface RenderTarget {
  readonly seed: number;
  readonly palette: Palette;
  readonly width: number;
  readonly height: number;
}

async function render(
  options: ImageModelCallOptions,
  settings: ResolvedSettings,
  edit: PreparedEdit | undefined,
  target: RenderTarget,
): Promise<RenderedImage> {
  const detail = settings.quality;
  if (edit !== undefined) {
    const pixels = await renderEdit(edit, { prompt: options.prompt, palette: target.palette, seed: target.seed, detail, inputFidelity: options.inputFidelity });
    return renderedFromRaw(pixels);
  }
  const svg = buildCompositionSvg({
    prompt: options.prompt,
    palette: target.palette,
    seed: target.seed,
    width: target.width,
    height: target.height,
    detail,
    backdrop: settings.transparent ? { kind: 'none' } : { kind: 'gradient' },
    shapeOpacity: 1,
  });
  return renderedFromSvg(svg, target.width, target.height);
}
