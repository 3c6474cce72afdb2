import type { ProviderFactories } from './provider-factories.ts';
import { connectionSettings } from './provider-connection.ts';

/**
 * The adapters behind each provider type. Every adapter receives its connection settings
 * (base URL, auth headers, timeouts) and never reads the environment itself.
 */
export const defaultProviderFactories: ProviderFactories = {
  languageModel(provider, _modelId, _options) {
    void connectionSettings(provider);
    return undefined;
  },
  imageModel(provider, _modelId) {
    void connectionSettings(provider);
    return undefined;
  },
};
