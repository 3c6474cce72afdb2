import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { defaultTextToImageWorkflow } from './comfyui-default-workflows.ts';
import { mapComfyPromptError } from './comfyui-error.ts';
import { readComfyFixture } from '../../../test/kits/providers/comfyui/comfyui-fake-server.ts';

const template = defaultTextToImageWorkflow('v1-5-pruned-emaonly.safetensors');
const refused = (name: string, status = 400) =>
  new ProviderError({ provider: 'comfyui', kind: 'http', status, body: JSON.stringify(readComfyFixture(name)), message: `comfyui answered ${status}` });

describe('mapComfyPromptError', () => {
  it('keeps a checkpoint the server lacks as the operator\'s problem: non-retryable ProviderError naming the node', () => {
    const error = mapComfyPromptError(refused('prompt-error-checkpoint.json'), template);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, isRetryable: false });
    expect(error.message).toBe(
      "comfyui refused the workflow: Prompt outputs failed validation: Value not in list: ckpt_name: 'sdxl-missing.safetensors' not in ['v1-5-pruned-emaonly.safetensors']; node 4 (CheckpointLoaderSimple): Value not in list: ckpt_name: 'sdxl-missing.safetensors' not in ['v1-5-pruned-emaonly.safetensors']",
    );
  });

  it('makes a value the caller chose (the seed) the caller\'s to fix: invalid_request', () => {
    const error = mapComfyPromptError(refused('prompt-error-seed-too-big.json'), template);
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
    expect(error.message).toContain('node 3 (KSampler): Value 5000000000 bigger than max of 4294967295: seed');
  });

  it('reads node_errors sent as a list (no outputs) and blames the workflow', () => {
    const error = mapComfyPromptError(refused('prompt-error-no-outputs.json'), template);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe('comfyui refused the workflow: Prompt has no outputs');
  });

  it('passes other failures through unchanged', () => {
    const serverError = refused('prompt-error-checkpoint.json', 500);
    expect(mapComfyPromptError(serverError, template)).toBe(serverError);
    const notJson = new ProviderError({ provider: 'comfyui', kind: 'http', status: 400, body: '<html>', message: 'x' });
    expect(mapComfyPromptError(notJson, template)).toBe(notJson);
  });
});
