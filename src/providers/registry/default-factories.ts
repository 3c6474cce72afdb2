import { OPENAI_COMPATIBLE_PRESETS, createOpenAICompatibleLanguageModel } from '../openai-compatible/index.ts';
import { createOpenAIImageModel } from '../openai/openai-image-model.ts';
import { createOpenAIResponsesLanguageModel } from '../openai/openai-responses-language-model.ts';
import type { ProviderFactories } from './provider-factories.ts';
import { connectionSettings } from './provider-connection.ts';

/**
 * The adapters behind each provider type. Every adapter receives its connection settings
 * (base URL, auth headers, timeouts) and never reads the environment itself.
 */
export const defaultProviderFactories: ProviderFactories = {
  languageModel(provider, modelId, options) {
    const settings = connectionSettings(provider);
    switch (provider.type) {
      case 'openai':
        // The image tool reaches the model as a function tool either way (our limits apply).
        return options.api === 'chat'
          ? createOpenAICompatibleLanguageModel(modelId, settings, OPENAI_COMPATIBLE_PRESETS.openai)
          : createOpenAIResponsesLanguageModel(modelId, settings);
      case 'openai-compatible': {
        const preset = OPENAI_COMPATIBLE_PRESETS[provider.preset];
        return createOpenAICompatibleLanguageModel(modelId, settings, { ...preset, supportsImageInput: provider.supportsImageInput ?? preset.supportsImageInput });
      }
      default:
        return undefined;
    }
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
