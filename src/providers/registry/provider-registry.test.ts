import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.ts';
import { ApiError } from '../../errors/api-error.ts';
import { toClientError } from '../../errors/to-client-error.ts';
import { UnknownModelError } from '../../errors/unknown-model-error.ts';
import type { ImageModel } from '../spec/image-model.ts';
import { defaultProviderFactories } from './default-factories.ts';
import type { ProviderFactories } from './provider-factories.ts';
import { ProviderRegistry } from './provider-registry.ts';

const routes = {
  providers: { openai: { type: 'openai', apiKey: 'sk' }, comfy: { type: 'comfyui' }, sd: { type: 'a1111' } },
  imageModels: {
    'house-comfy': { provider: 'comfy' },
    'house-sd': { provider: 'sd' },
    'gpt-image-2': { provider: 'openai' },
    sdxl: { provider: 'comfy', model: 'sd_xl_base_1.0.safetensors' },
  },
} as const;
const unpriced = parseConfig(routes);
const config = parseConfig({
  providers: {
    openai: { type: 'openai', apiKey: 'sk' },
    comfy: { type: 'comfyui', price: { usdPerImage: 0.01 } },
    sd: { type: 'a1111', price: { usdPerSecond: 0.001, maxSeconds: 20 } },
    llama: { type: 'openai-compatible', preset: 'ollama', price: { free: true } },
  },
  models: {
    chat: { provider: 'llama', model: 'llama3.1:8b' },
    coder: { provider: 'llama', model: 'qwen2.5-coder:32b', price: { inputUsdPerMillionTokens: 0.02, outputUsdPerMillionTokens: 0.05 } },
  },
  imageModels: {
    'house-comfy': { provider: 'comfy' },
    'house-sd': { provider: 'sd' },
    'gpt-image-2': { provider: 'openai' },
    sdxl: { provider: 'comfy', model: 'sd_xl_base_1.0.safetensors' },
  },
});

/** The real factories, recording the model id each image model is built with. */
function recordingFactories(): { factories: ProviderFactories; built: Array<{ type: string; modelId: string | undefined }> } {
  const built: Array<{ type: string; modelId: string | undefined }> = [];
  return {
    built,
    factories: {
      languageModel: defaultProviderFactories.languageModel,
      imageModel(provider, modelId) {
        built.push({ type: provider.type, modelId });
        return defaultProviderFactories.imageModel(provider, modelId);
      },
    },
  };
}

describe('image routes', () => {
  it("a self-hosted route without model gets the backend's own default, never its route name as checkpoint", () => {
    const { factories, built } = recordingFactories();
    const registry = new ProviderRegistry(unpriced, factories);
    expect(registry.resolveImageModel('house-comfy', undefined).model.modelId).toBe('v1-5-pruned-emaonly.safetensors');
    expect(registry.resolveImageModel('house-sd', undefined).model.modelId).toBe('default');
    expect(registry.resolveImageModel('sdxl', undefined).model.modelId).toBe('sd_xl_base_1.0.safetensors');
    expect(built).toEqual([
      { type: 'comfyui', modelId: undefined },
      { type: 'a1111', modelId: undefined },
      { type: 'comfyui', modelId: 'sd_xl_base_1.0.safetensors' },
    ]);
  });

  it('a hosted route without model asks its provider for the route name', () => {
    const registry = new ProviderRegistry(unpriced, defaultProviderFactories);
    expect(registry.resolveImageModel(undefined, 'gpt-image-2').model.modelId).toBe('gpt-image-2');
  });

  it('turns configured prices into catalog entries for the model id each route reports', () => {
    const prices = new ProviderRegistry(config, defaultProviderFactories).configuredPrices();
    expect(Object.keys(prices.imageModels).sort()).toEqual(['default', 'sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors']);
    expect(prices.imageModels['sd_xl_base_1.0.safetensors']).toMatchObject({ perImage: { usd: { standard: { '1024x1024': 0.01 } }, confirmed: true }, customSizes: 'flat' });
    expect(prices.imageModels['default']).toMatchObject({ perImage: null, perSecond: { usd: 0.001, maxSeconds: 20 } });
    expect(prices.textModels['llama3.1:8b']).toMatchObject({ inputUsdPerMillionTokens: 0, outputUsdPerMillionTokens: 0, confirmed: true });
    expect(prices.textModels['qwen2.5-coder:32b']).toMatchObject({ inputUsdPerMillionTokens: 0.02, outputUsdPerMillionTokens: 0.05, source: 'configured by the operator (models.coder.price)' });
  });

  it('times routes priced per second with the injected clock', async () => {
    let clock = 1_000;
    const slow: ImageModel = {
      provider: 'fake',
      modelId: 'slow',
      doGenerate: () => {
        clock += 4_000;
        return Promise.resolve({ images: [], size: '64x64', quality: 'low', outputFormat: 'png', background: 'opaque', usage: undefined, warnings: [] });
      },
    };
    const factories: ProviderFactories = { languageModel: () => undefined, imageModel: () => slow };
    const registry = new ProviderRegistry(config, factories, { now: () => clock });
    const result = await registry.resolveImageModel('house-sd', undefined).model.doGenerate({} as Parameters<ImageModel['doGenerate']>[0]);
    expect(result.usage).toMatchObject({ generationMillis: 4_000, outputTokens: 0 });
  });
});

describe('ProviderRegistry: a model no route serves', () => {
  it('throws the domain error UnknownModelError, not an HTTP envelope; the one mapper makes it 404 model_not_found on `model`', () => {
    const rejecting = new ProviderRegistry(parseConfig({ unknownModels: 'reject' }), defaultProviderFactories);
    let thrown: unknown;
    try {
      rejecting.resolveLanguageModel('gpt-9-imaginary');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownModelError);
    expect(thrown).not.toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ model: 'gpt-9-imaginary', message: "The model 'gpt-9-imaginary' does not exist or you do not have access to it." });
    expect(toClientError(thrown).toEnvelope()).toEqual({
      error: { message: "The model 'gpt-9-imaginary' does not exist or you do not have access to it.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
    expect(toClientError(thrown).status).toBe(404);
  });
});
