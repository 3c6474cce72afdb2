/**
 * The workflows used when none is configured: plain Stable Diffusion checkpoint graphs built
 * from ComfyUI's core nodes, in API format. Node ids follow ComfyUI's own default graph and
 * `script_examples/websockets_api_example.py` ('3' KSampler … '9' SaveImage).
 */
import type { ComfyNode, ComfyWorkflow, ComfyWorkflowTemplate } from './comfyui-workflow.ts';

/** The checkpoint the defaults load when no model id is given (ComfyUI's README example). */
export const defaultComfyCheckpoint = 'v1-5-pruned-emaonly.safetensors';

const node = (class_type: string, inputs: ComfyNode['inputs'], title: string): ComfyNode => ({ class_type, inputs, _meta: { title } });

/** KSampler + checkpoint + both prompts + decode + save; `latent` is the KSampler's latent_image link. */
function samplingNodes(checkpoint: string, latent: readonly [string, number], denoise: number): ComfyWorkflow {
  return {
    '3': node(
      'KSampler',
      { seed: 0, steps: 20, cfg: 7, sampler_name: 'euler', scheduler: 'normal', denoise, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: [...latent] },
      'KSampler',
    ),
    '4': node('CheckpointLoaderSimple', { ckpt_name: checkpoint }, 'Load Checkpoint'),
    '6': node('CLIPTextEncode', { text: '', clip: ['4', 1] }, 'CLIP Text Encode (Prompt)'),
    '7': node('CLIPTextEncode', { text: '', clip: ['4', 1] }, 'CLIP Text Encode (Negative)'),
    '8': node('VAEDecode', { samples: ['3', 0], vae: ['4', 2] }, 'VAE Decode'),
    '9': node('SaveImage', { filename_prefix: 'imagegate', images: ['8', 0] }, 'Save Image'),
  };
}

const sharedBindings = {
  prompt: ['6', 'text'],
  negativePrompt: ['7', 'text'],
  seed: ['3', 'seed'],
  steps: ['3', 'steps'],
  checkpoint: ['4', 'ckpt_name'],
} as const;

/** checkpoint → CLIP text encode ×2 → empty latent (size, batch) → KSampler → VAE decode → SaveImage. */
export function defaultTextToImageWorkflow(checkpoint: string): ComfyWorkflowTemplate {
  return {
    graph: {
      ...samplingNodes(checkpoint, ['5', 0], 1),
      '5': node('EmptyLatentImage', { width: 1024, height: 1024, batch_size: 1 }, 'Empty Latent Image'),
    },
    bindings: { ...sharedBindings, width: ['5', 'width'], height: ['5', 'height'], batchSize: ['5', 'batch_size'] },
    outputNodeId: '9',
  };
}

/**
 * LoadImage + LoadImageMask (channel `red`: the white-is-edit mask we upload) →
 * VAEEncodeForInpaint → RepeatLatentBatch (n) → KSampler (denoise 1, as VAEEncodeForInpaint
 * blanks the masked pixels) → VAE decode → SaveImage. The size is the uploaded image's.
 */
export function defaultInpaintWorkflow(checkpoint: string): ComfyWorkflowTemplate {
  return {
    graph: {
      ...samplingNodes(checkpoint, ['13', 0], 1),
      '10': node('LoadImage', { image: '' }, 'Load Image'),
      '11': node('LoadImageMask', { image: '', channel: 'red' }, 'Load Image (as Mask)'),
      '12': node('VAEEncodeForInpaint', { pixels: ['10', 0], vae: ['4', 2], mask: ['11', 0], grow_mask_by: 6 }, 'VAE Encode (for Inpainting)'),
      '13': node('RepeatLatentBatch', { samples: ['12', 0], amount: 1 }, 'Repeat Latent Batch'),
    },
    bindings: { ...sharedBindings, image: ['10', 'image'], mask: ['11', 'image'], batchSize: ['13', 'amount'] },
    outputNodeId: '9',
  };
}

/** An edit without a mask: LoadImage → VAEEncode → RepeatLatentBatch (n) → KSampler (denoise < 1) → … */
export function defaultImageToImageWorkflow(checkpoint: string): ComfyWorkflowTemplate {
  return {
    graph: {
      ...samplingNodes(checkpoint, ['13', 0], 0.75),
      '10': node('LoadImage', { image: '' }, 'Load Image'),
      '13': node('RepeatLatentBatch', { samples: ['14', 0], amount: 1 }, 'Repeat Latent Batch'),
      '14': node('VAEEncode', { pixels: ['10', 0], vae: ['4', 2] }, 'VAE Encode'),
    },
    bindings: { ...sharedBindings, image: ['10', 'image'], batchSize: ['13', 'amount'], denoise: ['3', 'denoise'] },
    outputNodeId: '9',
  };
}
