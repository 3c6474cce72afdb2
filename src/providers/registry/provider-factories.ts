import type { ProviderConfig } from '../../config/providers-schema.ts';
import type { ImageModel } from '../spec/image-model.ts';
import type { LanguageModel } from '../spec/language-model.ts';

/** Builds a language model of a configured provider; undefined when the type has none. */
export type LanguageModelFactory = (provider: ProviderConfig, modelId: string, options: { api: 'responses' | 'chat' | undefined }) => LanguageModel | undefined;

/** Builds an image model of a configured provider; undefined when the type has none. */
export type ImageModelFactory = (provider: ProviderConfig, modelId: string | undefined) => ImageModel | undefined;

export interface ProviderFactories {
  languageModel: LanguageModelFactory;
  imageModel: ImageModelFactory;
}
