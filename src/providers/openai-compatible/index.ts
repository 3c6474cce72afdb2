export { createOpenAICompatibleLanguageModel } from './openai-compatible-language-model.ts';
export type { OpenAICompatibleOptions } from './openai-compatible-options.ts';
export { OPENAI_COMPATIBLE_PRESETS, type OpenAICompatiblePreset, type OpenAICompatiblePresetName } from './openai-compatible-presets.ts';
