import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.ts';
import { languageRouteFor } from './resolve-route.ts';

const config = parseConfig({
  providers: {
    openai: { type: 'openai', apiKey: 'sk' },
    claude: { type: 'anthropic', apiKey: 'ak' },
    ollama: { type: 'openai-compatible', preset: 'ollama' },
    comfyui: { type: 'comfyui' },
  },
  imageModels: { comfy: { provider: 'comfyui' } },
  models: {
    fast: { provider: 'openai', model: 'gpt-4.1-mini', imageModel: 'comfy' },
    demo: { provider: 'simulator', model: 'simulator-repeat' },
  },
  unknownModels: 'reject',
});

describe('languageRouteFor', () => {
  it('follows explicit routes first', () => {
    expect(languageRouteFor(config, 'fast')).toEqual({ provider: 'openai', model: 'gpt-4.1-mini', api: undefined, imageModel: 'comfy', passthrough: false });
    expect(languageRouteFor(config, 'demo')).toMatchObject({ provider: 'simulator', model: 'simulator-repeat' });
  });

  it('keeps simulator ids only where the simulator is on, provider/model names and model families', () => {
    // Real providers and 'reject': simulator ids are not models here, unless enabled on purpose.
    expect(languageRouteFor(config, 'simulator')).toBeUndefined();
    expect(languageRouteFor(config, 'simulator-parallel-3')).toBeUndefined();
    expect(languageRouteFor({ ...config, simulator: { ...config.simulator, enabled: true } }, 'simulator-parallel-3')).toMatchObject({ provider: 'simulator', model: 'simulator-parallel-3' });
    expect(languageRouteFor({ ...config, providers: {} }, 'simulator-parallel-3')).toMatchObject({ provider: 'simulator', model: 'simulator-parallel-3' });
    expect(languageRouteFor(config, 'ollama/llama3.1:8b')).toMatchObject({ provider: 'ollama', model: 'llama3.1:8b' });
    expect(languageRouteFor(config, 'claude-sonnet-4-5')).toMatchObject({ provider: 'claude', model: 'claude-sonnet-4-5' });
    expect(languageRouteFor(config, 'gpt-4.1')).toMatchObject({ provider: 'openai', model: 'gpt-4.1' });
  });

  it('applies unknownModels to the rest', () => {
    expect(languageRouteFor(config, 'mystery')).toBeUndefined();
    expect(languageRouteFor({ ...config, unknownModels: 'simulator' }, 'mystery')).toMatchObject({ provider: 'simulator', model: 'simulator' });
    expect(languageRouteFor({ ...config, unknownModels: 'ollama' }, 'mystery')).toMatchObject({ provider: 'ollama', model: 'mystery' });
    expect(languageRouteFor({ ...config, providers: {}, unknownModels: 'simulator' }, 'gpt-4.1')).toMatchObject({ provider: 'simulator' });
  });
});
