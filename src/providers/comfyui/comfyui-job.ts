import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ImageModelCallOptions, ImageModelWarning } from '../spec/image-model.ts';
import { uploadComfyImage } from './comfyui-client.ts';
import { type ComfyTemplates, pickEditTemplate } from './comfyui-templates.ts';
import type { ComfyWorkflowTemplate } from './comfyui-workflow.ts';
import { readInputSize } from '../shared/image/decode-image.ts';
import { prepareEditImages } from '../shared/image/edit-input-images.ts';
import type { PixelSize } from '../shared/image/pixel-size.ts';
import { type SelfHostedImageSettings, workingSizeFor } from '../shared/image/self-hosted-image-settings.ts';

/** Everything one call binds besides the text and the seed: which workflow, sizes, uploaded inputs. */
export interface ComfyJob {
  readonly template: ComfyWorkflowTemplate;
  /** What the caller gets. */
  readonly outputSize: PixelSize;
  /** What the workflow renders (multiples of 8, within the working limit). */
  readonly workingSize: PixelSize;
  /** LoadImage / LoadImageMask values of the uploaded input and mask. */
  readonly image: string | undefined;
  readonly mask: string | undefined;
  readonly denoise: number | undefined;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

// Lower denoise keeps more of the input; 0.75 is the image-to-image default of both web UIs.
const denoiseByFidelity = { high: 0.5, low: 0.75 } as const;

/** Picks the workflow and, for an edit, fits and uploads the input image and mask. */
export async function prepareComfyJob(
  settings: ProviderSettings,
  templates: ComfyTemplates,
  call: ImageModelCallOptions,
  resolved: SelfHostedImageSettings,
  maxWorkingSide: number,
): Promise<ComfyJob> {
  const [input] = call.images;
  if (input === undefined) {
    // resolveSelfHostedSettings leaves the size undefined only for edits.
    const outputSize = resolved.outputSize ?? { width: 1024, height: 1024 };
    const template = templates.generate;
    return { template, outputSize, workingSize: workingSizeFor(outputSize, maxWorkingSide), image: undefined, mask: undefined, denoise: undefined, warnings: gapWarnings(template, call) };
  }
  const picked = pickEditTemplate(templates, call.mask !== undefined);
  const inputSize = await readInputSize(input);
  const outputSize = resolved.outputSize ?? inputSize;
  const workingSize = workingSizeFor(outputSize, maxWorkingSide);
  const prepared = await prepareEditImages(input, picked.useMask ? call.mask : undefined, { input: inputSize, working: workingSize });
  call.abortSignal.throwIfAborted();
  const image = await uploadComfyImage(settings, prepared.image, 'image', call.abortSignal);
  const mask = prepared.mask === undefined ? undefined : await uploadComfyImage(settings, prepared.mask, 'mask', call.abortSignal);
  const denoise = picked.template.bindings.denoise !== undefined && call.inputFidelity !== undefined ? denoiseByFidelity[call.inputFidelity] : undefined;
  const warnings = [...picked.warnings, ...gapWarnings(picked.template, call)];
  if (call.inputFidelity !== undefined && denoise === undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'inputFidelity', message: 'This ComfyUI workflow has no denoise binding; input_fidelity was not applied.' });
  }
  return { template: picked.template, outputSize, workingSize, image, mask, denoise, warnings };
}

/** Settings the caller chose that the workflow has no input for. */
function gapWarnings(template: ComfyWorkflowTemplate, call: ImageModelCallOptions): ImageModelWarning[] {
  const { bindings } = template;
  const warnings: ImageModelWarning[] = [];
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  if (call.seed !== undefined && bindings.seed === undefined) warn('seed', 'This ComfyUI workflow has no seed binding; the seed was not applied.');
  if ((call.quality === 'low' || call.quality === 'high') && bindings.steps === undefined) {
    warn('quality', 'This ComfyUI workflow has no steps binding; quality was not applied.');
  }
  if (call.n > 1 && bindings.batchSize === undefined && bindings.seed === undefined) {
    warn('n', 'This ComfyUI workflow binds neither batch size nor seed; it was run once per image and the images may be identical.');
  }
  return warnings;
}
