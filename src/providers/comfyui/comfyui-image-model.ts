import { randomUUID } from 'node:crypto';
import { deliverImage } from '../shared/image/deliver-image.ts';
import { formatSize } from '../shared/image/pixel-size.ts';
import { type SelfHostedImageSettings, type StepsByQuality, defaultStepsByQuality, resolveSelfHostedSettings } from '../shared/image/self-hosted-image-settings.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { GeneratedImage, ImageModel, ImageModelCallOptions, ImageModelResult, ImageModelWarning } from '../spec/image-model.ts';
import { bindComfyWorkflow } from './comfyui-bind-workflow.ts';
import { comfyProvider, downloadComfyImage } from './comfyui-client.ts';
import { defaultComfyCheckpoint } from './comfyui-default-workflows.ts';
import { type ComfyJob, prepareComfyJob } from './comfyui-job.ts';
import { type ComfyRunContext, runComfyPrompt } from './comfyui-run.ts';
import { type ComfyTemplateOptions, type ComfyTemplates, resolveComfyTemplates } from './comfyui-templates.ts';
import type { ComfyImageRef } from './comfyui-wire.ts';

export interface ComfyUIImageModelOptions extends ComfyTemplateOptions {
  /** Reported as the model id; default: the checkpoint, or `workflow` for a configured workflow. */
  readonly modelId?: string;
  /** Sent to the `negativePrompt` binding; the spec has no negative prompt of its own. Default empty. */
  readonly negativePrompt?: string;
  /** Between `/history` polls, in milliseconds. Default 500. */
  readonly pollIntervalMillis?: number;
  /** Waits between polls; default `settings.sleep`, injected so tests never sleep. */
  readonly sleep?: (millis: number, signal: AbortSignal) => Promise<void>;
  /** Clock for the overall polling budget, in milliseconds. */
  readonly now?: () => number;
  /** ComfyUI's `client_id` (names our prompts in its queue); default a random UUID per model. */
  readonly clientId?: string;
  readonly stepsByQuality?: StepsByQuality;
  /** Longest side rendered; larger outputs are upscaled with sharp (with a warning). Default 2048. */
  readonly maxWorkingSide?: number;
}

interface ComfyModelConfig {
  readonly settings: ProviderSettings;
  readonly options: ComfyUIImageModelOptions;
  readonly templates: ComfyTemplates;
  readonly clientId: string;
}

/**
 * A ComfyUI server as an ImageModel: binds the call into an API-format workflow, uploads edit
 * inputs, queues the prompt, polls its history, downloads the saved images and re-encodes them
 * to the exact size and format asked for. No partial images (the contract's warning path).
 * Throws ComfyWorkflowError when the workflow or its bindings cannot work.
 */
export function createComfyUIImageModel(settings: ProviderSettings, options: ComfyUIImageModelOptions = {}): ImageModel {
  const config: ComfyModelConfig = { settings, options, templates: resolveComfyTemplates(options), clientId: options.clientId ?? randomUUID() };
  return {
    provider: comfyProvider,
    modelId: options.modelId ?? options.checkpoint ?? (options.workflow === undefined ? defaultComfyCheckpoint : 'workflow'),
    doGenerate: (call) => generateWithComfy(config, call),
  };
}

async function generateWithComfy(config: ComfyModelConfig, call: ImageModelCallOptions): Promise<ImageModelResult> {
  const { settings, options } = config;
  const signal = call.abortSignal;
  signal.throwIfAborted();
  const resolved = resolveSelfHostedSettings(call, { name: 'ComfyUI', stepsByQuality: options.stepsByQuality ?? defaultStepsByQuality });
  const job = await prepareComfyJob(settings, config.templates, call, resolved, options.maxWorkingSide ?? 2048);
  const warnings: ImageModelWarning[] = [...resolved.warnings, ...job.warnings];
  const context: ComfyRunContext = {
    settings,
    clientId: config.clientId,
    pollIntervalMillis: options.pollIntervalMillis ?? 500,
    sleep: options.sleep ?? settings.sleep,
    now: options.now ?? Date.now,
    abortSignal: signal,
  };
  const refs = await runUntilEnough(context, config, call, resolved, job, warnings);

  const images: GeneratedImage[] = [];
  let resizedFrom: string | undefined;
  for (const ref of refs) {
    const bytes = await downloadComfyImage(settings, ref, signal);
    const output = { size: job.outputSize, outputFormat: resolved.outputFormat, encoderQuality: resolved.encoderQuality };
    const delivered = await deliverImage(comfyProvider, bytes, output, { stripMetadata: true });
    if (delivered.resizedFrom !== undefined) resizedFrom = formatSize(delivered.resizedFrom);
    images.push({ data: delivered.data, mediaType: delivered.mediaType, revisedPrompt: undefined });
    signal.throwIfAborted();
  }
  if (resizedFrom !== undefined) {
    warnings.push({ type: 'other', setting: 'size', message: `ComfyUI rendered ${resizedFrom}; the images were resized to ${formatSize(job.outputSize)}.` });
  }
  return { images, size: formatSize(job.outputSize), quality: resolved.quality, outputFormat: resolved.outputFormat, background: 'opaque', usage: undefined, warnings };
}

/**
 * One run makes all `n` images when the workflow binds a batch size; otherwise it runs once per
 * image with seeds `seed`, `seed + 1`, … until `n` images exist.
 */
async function runUntilEnough(
  context: ComfyRunContext,
  config: ComfyModelConfig,
  call: ImageModelCallOptions,
  resolved: SelfHostedImageSettings,
  job: ComfyJob,
  warnings: ImageModelWarning[],
): Promise<ReadonlyArray<ComfyImageRef>> {
  const batched = job.template.bindings.batchSize !== undefined;
  const refs: ComfyImageRef[] = [];
  for (let run = 0; refs.length < call.n && run < (batched ? 1 : call.n); run++) {
    const graph = bindComfyWorkflow(job.template, {
      prompt: call.prompt,
      negativePrompt: config.options.negativePrompt ?? '',
      width: job.workingSize.width,
      height: job.workingSize.height,
      seed: resolved.seed + run,
      batchSize: batched ? call.n : undefined,
      steps: resolved.steps,
      checkpoint: config.options.checkpoint,
      image: job.image,
      mask: job.mask,
      denoise: job.denoise,
    });
    const result = await runComfyPrompt(context, job.template, graph);
    warnings.push(...result.warnings);
    refs.push(...result.images);
  }
  if (refs.length < call.n) {
    throw new ProviderError({ provider: comfyProvider, kind: 'invalid_response', message: `${comfyProvider} saved ${refs.length} image(s); ${call.n} were asked for`, isRetryable: false });
  }
  return refs.slice(0, call.n);
}
