import { createOpenAIImageModel } from '../openai/openai-image-model.ts';
import type { ProviderFactories } from './provider-factories.ts';
import { connectionSettings } from './provider-connection.ts';

/**
 * The adapters behind each provider type. Every adapter receives its connection settings
 * (base URL, auth headers, timeouts) and never reads the environment itself.
 */
export const defaultProviderFactories: ProviderFactories = {
  languageModel(_provider, _modelId, _options) {
    return undefined;
  },
  imageModel(provider, modelId) {
    const settings = connectionSettings(provider);
    switch (provider.type) {
      case 'openai':
        return createOpenAIImageModel(modelId ?? 'gpt-image-1.5', settings);
      default:
        return undefined;
    }
  },
};
