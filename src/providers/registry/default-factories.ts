import { DEFAULT_OPENAI_IMAGE_MODEL } from '../../config/default-models.ts';
import { readFileSync } from 'node:fs';
import { OPENAI_COMPATIBLE_PRESETS, createOpenAICompatibleLanguageModel } from '../openai-compatible/index.ts';
import { createA1111ImageModel } from '../a1111/a1111-image-model.ts';
import { type ComfyUIImageModelOptions, createComfyUIImageModel } from '../comfyui/comfyui-image-model.ts';
import { parseComfyBindings, parseComfyWorkflow } from '../comfyui/comfyui-workflow.ts';
import { createAnthropicLanguageModel } from '../anthropic/anthropic-language-model.ts';
import { createGeminiImageModel } from '../gemini/gemini-image-model.ts';
import { createGeminiLanguageModel } from '../gemini/gemini-language-model.ts';
import { createImagenImageModel } from '../gemini/imagen-model.ts';
import { createStabilityImageModel } from '../stability/stability-image-model.ts';
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
      case 'anthropic':
        return createAnthropicLanguageModel(modelId, settings);
      case 'gemini':
        return createGeminiLanguageModel(modelId, settings);
      default:
        return undefined;
    }
  },
  imageModel(provider, modelId) {
    const settings = connectionSettings(provider);
    switch (provider.type) {
      case 'openai':
        return createOpenAIImageModel(modelId ?? DEFAULT_OPENAI_IMAGE_MODEL, settings);
      case 'gemini': {
        const id = modelId ?? 'gemini-2.5-flash-image';
        return id.startsWith('imagen-') ? createImagenImageModel(id, settings) : createGeminiImageModel(id, settings);
      }
      case 'stability':
        return createStabilityImageModel(modelId ?? 'stable-image-core', settings);
      case 'comfyui':
        return createComfyUIImageModel(settings, comfyOptions(provider.workflowFile, provider.bindings, modelId));
      case 'a1111':
        return createA1111ImageModel(modelId ?? 'default', settings);
      default:
        return undefined;
    }
  },
};

/** A configured workflow file and bindings; the route's model names the checkpoint. */
function comfyOptions(workflowFile: string | undefined, bindings: Record<string, [string, string]> | undefined, checkpoint: string | undefined): ComfyUIImageModelOptions {
  return {
    ...(workflowFile ? { workflow: parseComfyWorkflow(JSON.parse(readFileSync(workflowFile, 'utf8')) as unknown, workflowFile) } : {}),
    ...(bindings ? { bindings: parseComfyBindings(bindings) } : {}),
    ...(checkpoint && checkpoint !== 'default' ? { checkpoint } : {}),
  };
}
