import { describe, expect, it } from 'vitest';
import { bindComfyWorkflow, validateComfyTemplate } from './comfyui-bind-workflow.ts';
import { defaultInpaintWorkflow, defaultTextToImageWorkflow } from './comfyui-default-workflows.ts';
import { type ComfyWorkflowTemplate, parseComfyBindings, parseComfyWorkflow } from './comfyui-workflow.ts';
import { ComfyWorkflowError } from './comfyui-workflow-error.ts';

describe('bindComfyWorkflow', () => {
  it('sets each bound input on a copy and leaves unbound values and the template alone', () => {
    const template = defaultTextToImageWorkflow('sd15.safetensors');
    const before = structuredClone(template.graph);
    const graph = bindComfyWorkflow(template, { prompt: 'a fox', negativePrompt: 'blurry', width: 512, height: 768, seed: 42, batchSize: 2, steps: 12, checkpoint: undefined });
    expect(graph['6']?.inputs.text).toBe('a fox');
    expect(graph['7']?.inputs.text).toBe('blurry');
    expect(graph['5']?.inputs).toEqual({ width: 512, height: 768, batch_size: 2 });
    expect(graph['3']?.inputs).toMatchObject({ seed: 42, steps: 12, cfg: 7, latent_image: ['5', 0] });
    expect(graph['4']?.inputs.ckpt_name).toBe('sd15.safetensors');
    expect(template.graph).toEqual(before);
  });

  it('ignores values the template has no binding for', () => {
    const template = defaultTextToImageWorkflow('sd15.safetensors');
    expect(bindComfyWorkflow(template, { image: 'imagegate/x.png', mask: 'imagegate/m.png', denoise: 0.5 })).toEqual(template.graph);
  });
});

describe('validateComfyTemplate', () => {
  const graph = parseComfyWorkflow({
    '1': { class_type: 'CLIPTextEncode', inputs: { text: '', clip: ['2', 1] } },
    '2': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'x' } },
  });
  const check = (template: Partial<ComfyWorkflowTemplate>, required: Array<'prompt' | 'image'> = ['prompt']) => () =>
    validateComfyTemplate({ graph, bindings: {}, ...template }, 'workflow', required);

  it('accepts the default workflows', () => {
    expect(() => validateComfyTemplate(defaultInpaintWorkflow('x'), 'inpaint workflow', ['prompt', 'image', 'mask'])).not.toThrow();
  });

  it.each([
    [{ bindings: {} }, "workflow needs a 'prompt' binding."],
    [{ bindings: { prompt: ['9', 'text'] } }, "binding 'prompt' names node '9', which the workflow lacks."],
    [{ bindings: { prompt: ['1', 'txt'] } }, "binding 'prompt' names input 'txt' of node '1' (CLIPTextEncode), which has only: text, clip."],
    [{ bindings: { prompt: ['1', 'text'], seed: ['1', 'clip'] } }, "binding 'seed' names input 'clip' of node '1', which is linked to another node; bind that node's input instead."],
    [{ bindings: { prompt: ['1', 'text'] }, outputNodeId: '7' }, "output node '7' is not in the workflow."],
  ] as const)('refuses %o', (template, message) => {
    expect(check(template)).toThrow(ComfyWorkflowError);
    expect(check(template)).toThrow(message);
  });
});

describe('parseComfyWorkflow / parseComfyBindings', () => {
  it('refuses the editor format with a hint and other shapes with a path', () => {
    expect(() => parseComfyWorkflow({ nodes: [], links: [] }, 'comfy.json')).toThrow('comfy.json is in the editor\'s format; export it with "Save (API)" (API format) instead.');
    expect(() => parseComfyWorkflow({ '3': { inputs: {} } })).toThrow(/not an API-format workflow: 3\.class_type/);
    expect(() => parseComfyWorkflow({})).toThrow('workflow has no nodes.');
  });

  it('reads config bindings and refuses unknown keys', () => {
    expect(parseComfyBindings({ prompt: ['6', 'text'], batchSize: ['5', 'batch_size'] })).toEqual({ prompt: ['6', 'text'], batchSize: ['5', 'batch_size'] });
    expect(() => parseComfyBindings({ positive: ['6', 'text'] })).toThrow(/Unknown binding 'positive': expected one of prompt, negativePrompt/);
  });
});
