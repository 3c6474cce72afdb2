import type { ImageModelWarning } from '../spec/image-model.ts';
import { validateComfyTemplate } from './comfyui-bind-workflow.ts';
import { defaultComfyCheckpoint, defaultImageToImageWorkflow, defaultInpaintWorkflow, defaultTextToImageWorkflow } from './comfyui-default-workflows.ts';
import type { ComfyBindings, ComfyWorkflow, ComfyWorkflowTemplate } from './comfyui-workflow.ts';
import { ComfyWorkflowError } from './comfyui-workflow-error.ts';
import { invalidRequest } from '../shared/image/image-errors.ts';

export interface ComfyTemplateOptions {
  readonly checkpoint?: string;
  readonly workflow?: ComfyWorkflow;
  readonly bindings?: ComfyBindings;
  readonly outputNodeId?: string;
  readonly inpaintWorkflow?: ComfyWorkflowTemplate;
  readonly imageToImageWorkflow?: ComfyWorkflowTemplate;
}

/** The workflow for each kind of call; an edit kind is undefined when nothing can do it. */
export interface ComfyTemplates {
  readonly generate: ComfyWorkflowTemplate;
  readonly inpaint: ComfyWorkflowTemplate | undefined;
  readonly imageToImage: ComfyWorkflowTemplate | undefined;
}

/**
 * Without a configured workflow the defaults serve every call. A configured workflow serves
 * generations, and edits too when it binds `image` (with `mask`: masked edits); the defaults are
 * not used next to it, since its server may not have their checkpoint. Validated here, once.
 */
export function resolveComfyTemplates(options: ComfyTemplateOptions): ComfyTemplates {
  if (options.workflow === undefined && options.bindings !== undefined) {
    throw new ComfyWorkflowError('bindings were given without a workflow; the default workflows bring their own.');
  }
  const checkpoint = options.checkpoint ?? defaultComfyCheckpoint;
  const custom: ComfyWorkflowTemplate | undefined =
    options.workflow === undefined ? undefined : { graph: options.workflow, bindings: options.bindings ?? {}, outputNodeId: options.outputNodeId };
  const generate = custom ?? defaultTextToImageWorkflow(checkpoint);
  const customEdits = custom?.bindings.image === undefined ? undefined : custom;
  const inpaint = options.inpaintWorkflow ?? (custom === undefined ? defaultInpaintWorkflow(checkpoint) : customEdits?.bindings.mask === undefined ? undefined : customEdits);
  const imageToImage =
    options.imageToImageWorkflow ?? (custom === undefined ? defaultImageToImageWorkflow(checkpoint) : customEdits?.bindings.mask === undefined ? customEdits : undefined);

  validateComfyTemplate(generate, 'workflow', ['prompt']);
  if (inpaint !== undefined) validateComfyTemplate(inpaint, 'inpaint workflow', ['prompt', 'image', 'mask']);
  if (imageToImage !== undefined) validateComfyTemplate(imageToImage, 'image-to-image workflow', ['prompt', 'image']);
  return { generate, inpaint, imageToImage };
}

/**
 * The workflow for an edit. A masked edit without an inpaint workflow falls back to
 * image-to-image (warning that the mask was not used); an unmasked edit needs image-to-image.
 */
export function pickEditTemplate(
  templates: ComfyTemplates,
  hasMask: boolean,
): { readonly template: ComfyWorkflowTemplate; readonly useMask: boolean; readonly warnings: ReadonlyArray<ImageModelWarning> } {
  if (hasMask && templates.inpaint !== undefined) return { template: templates.inpaint, useMask: true, warnings: [] };
  if (templates.imageToImage !== undefined) {
    const warnings: ImageModelWarning[] = hasMask
      ? [{ type: 'unsupported-setting', setting: 'mask', message: 'This ComfyUI workflow cannot inpaint; the whole image was edited and the mask ignored.' }]
      : [];
    return { template: templates.imageToImage, useMask: false, warnings };
  }
  if (templates.inpaint !== undefined) throw invalidRequest('This ComfyUI workflow edits only inside a mask; send input_image_mask with the image.');
  throw invalidRequest('This ComfyUI workflow cannot edit images: it binds no input image.');
}
