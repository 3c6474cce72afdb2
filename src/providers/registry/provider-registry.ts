import { notFound } from '../../errors/api-error.ts';
import type { Config } from '../../config/config-schema.ts';
import { createProceduralImageModel } from '../procedural/procedural-image-model.ts';
import { SIMULATOR_MODEL_IDS, createSimulatorLanguageModel, isSimulatorModelId } from '../simulator/simulator-language-model.ts';
import type { ImageModel } from '../spec/image-model.ts';
import type { LanguageModel } from '../spec/language-model.ts';

export interface ResolvedLanguageModel {
  model: LanguageModel;
  /** True when a simulation answers instead of a real provider. */
  simulated: boolean;
}

export interface ResolvedImageModel {
  model: ImageModel;
  simulated: boolean;
}

export interface ModelListing {
  id: string;
  owned_by: string;
}

/**
 * Routes model names to providers. Until real providers are configured, every language
 * model is the simulator and every image model is the procedural backend — and says so.
 */
export class ProviderRegistry {
  private readonly languageModels = new Map<string, LanguageModel>();
  private readonly imageModel: ImageModel;

  /** `imageModel` replaces the default image backend (fault-injection tests, embedding). */
  constructor(
    private readonly config: Config,
    options: { imageModel?: ImageModel | undefined } = {},
  ) {
    this.imageModel = options.imageModel ?? createProceduralImageModel();
  }

  resolveLanguageModel(name: string): ResolvedLanguageModel {
    const target = this.config.models.aliases[name] ?? name;
    if (isSimulatorModelId(target)) return { model: this.simulator(target), simulated: true };
    if (this.config.models.unknownModels === 'simulator') return { model: this.simulator('simulator'), simulated: true };
    throw notFound(`The model '${name}' does not exist or you do not have access to it.`, 'model', 'model_not_found');
  }

  /** The image backend for the tool's `model` field (or the default when absent). */
  resolveImageModel(_name: string | undefined): ResolvedImageModel {
    return { model: this.imageModel, simulated: true };
  }

  listModels(): ModelListing[] {
    const aliases = Object.keys(this.config.models.aliases).map((id) => ({ id, owned_by: 'imagegate' }));
    return [...SIMULATOR_MODEL_IDS.map((id) => ({ id, owned_by: 'imagegate-simulator' })), ...aliases];
  }

  /** Lines for the startup banner. */
  describe(): string[] {
    const unknown =
      this.config.models.unknownModels === 'simulator'
        ? 'any other model name (e.g. gpt-4.1) is answered by the simulator'
        : 'unknown model names are rejected (404 model_not_found)';
    return [
      `language models: SIMULATED (no provider configured): ${SIMULATOR_MODEL_IDS.join(', ')}; ${unknown}`,
      'image backend:   SIMULATED procedural renderer (real PNG/JPEG/WebP files drawn from the prompt, not AI images)',
    ];
  }

  private simulator(modelId: string): LanguageModel {
    let model = this.languageModels.get(modelId);
    if (!model) {
      model = createSimulatorLanguageModel(modelId, { tokenDelayMillis: this.config.simulator.tokenDelayMillis });
      this.languageModels.set(modelId, model);
    }
    return model;
  }
}
