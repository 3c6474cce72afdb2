import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { defaultImageToImageWorkflow, defaultInpaintWorkflow, defaultTextToImageWorkflow } from './comfyui-default-workflows.ts';
import { pickEditTemplate, resolveComfyTemplates } from './comfyui-templates.ts';
import type { ComfyWorkflow } from './comfyui-workflow.ts';
import { ComfyWorkflowError } from './comfyui-workflow-error.ts';

const flux: ComfyWorkflow = {
  '1': { class_type: 'CLIPTextEncode', inputs: { text: '' } },
  '2': { class_type: 'LoadImage', inputs: { image: '' } },
  '3': { class_type: 'LoadImageMask', inputs: { image: '', channel: 'red' } },
  '4': { class_type: 'SaveImage', inputs: { images: ['1', 0], filename_prefix: 'x' } },
};

describe('resolveComfyTemplates', () => {
  it('uses the three defaults with the given checkpoint when no workflow is configured', () => {
    const templates = resolveComfyTemplates({ checkpoint: 'sd15.safetensors' });
    expect(templates).toEqual({
      generate: defaultTextToImageWorkflow('sd15.safetensors'),
      inpaint: defaultInpaintWorkflow('sd15.safetensors'),
      imageToImage: defaultImageToImageWorkflow('sd15.safetensors'),
    });
  });

  it('lets a configured workflow serve only what its bindings allow', () => {
    const textOnly = resolveComfyTemplates({ workflow: flux, bindings: { prompt: ['1', 'text'] } });
    expect([textOnly.inpaint, textOnly.imageToImage]).toEqual([undefined, undefined]);
    const withImage = resolveComfyTemplates({ workflow: flux, bindings: { prompt: ['1', 'text'], image: ['2', 'image'] } });
    expect([withImage.inpaint, withImage.imageToImage?.graph]).toEqual([undefined, flux]);
    const withMask = resolveComfyTemplates({ workflow: flux, bindings: { prompt: ['1', 'text'], image: ['2', 'image'], mask: ['3', 'image'] }, outputNodeId: '4' });
    expect([withMask.inpaint?.outputNodeId, withMask.imageToImage]).toEqual(['4', undefined]);
  });

  it('refuses bindings without a workflow and a workflow without a prompt binding', () => {
    expect(() => resolveComfyTemplates({ bindings: { prompt: ['6', 'text'] } })).toThrow(ComfyWorkflowError);
    expect(() => resolveComfyTemplates({ workflow: flux })).toThrow("workflow needs a 'prompt' binding.");
  });
});

describe('pickEditTemplate', () => {
  const defaults = resolveComfyTemplates({});

  it('inpaints masked edits and runs image-to-image otherwise', () => {
    expect(pickEditTemplate(defaults, true)).toMatchObject({ template: defaults.inpaint, useMask: true, warnings: [] });
    expect(pickEditTemplate(defaults, false)).toMatchObject({ template: defaults.imageToImage, useMask: false, warnings: [] });
  });

  it('falls back to image-to-image for a masked edit, warning, and refuses what nothing can do', () => {
    const imageOnly = resolveComfyTemplates({ workflow: flux, bindings: { prompt: ['1', 'text'], image: ['2', 'image'] } });
    expect(pickEditTemplate(imageOnly, true).warnings).toEqual([expect.objectContaining({ setting: 'mask' })]);
    const maskOnly = resolveComfyTemplates({ workflow: flux, bindings: { prompt: ['1', 'text'], image: ['2', 'image'], mask: ['3', 'image'] } });
    expect(() => pickEditTemplate(maskOnly, false)).toThrow(ImageGenerationError);
    expect(() => pickEditTemplate(maskOnly, false)).toThrow('edits only inside a mask');
    const textOnly = resolveComfyTemplates({ workflow: flux, bindings: { prompt: ['1', 'text'] } });
    expect(() => pickEditTemplate(textOnly, true)).toThrow('cannot edit images');
  });
});
