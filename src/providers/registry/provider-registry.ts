import type { Config } from '../../config/config-schema.ts';
import { type ProviderConfig, isSelfHosted } from '../../config/providers-schema.ts';
import { UnknownModelError } from '../../errors/unknown-model-error.ts';
import { createProceduralImageModel } from '../procedural/procedural-image-model.ts';
import { SIMULATOR_MODEL_IDS, createSimulatorLanguageModel, isSimulatorModelId } from '../simulator/simulator-language-model.ts';
import type { ImageModel } from '../spec/image-model.ts';
import type { LanguageModel } from '../spec/language-model.ts';
import { type ConfiguredPrices, configuredPrices } from './configured-prices.ts';
import { imageModelWithNotice, languageModelWithNotice, timedImageModel } from './model-wrappers.ts';
import type { ProviderFactories } from './provider-factories.ts';
import { type RouteTarget, languageRouteFor } from './resolve-route.ts';
import { simulatorNamesResolve } from './simulator-enabled.ts';

export interface ResolvedLanguageModel {
  model: LanguageModel;
  /** True when a simulation answers instead of a real provider. */
  simulated: boolean;
  /** The image model name this route's image tool uses, when the route names one. */
  imageModel: string | undefined;
  /** Forward OpenAI's hosted image tool instead of running it here. */
  passthrough: boolean;
  /** The configured provider, for passthrough. */
  provider: ProviderConfig | undefined;
}

export interface ResolvedImageModel {
  model: ImageModel;
  simulated: boolean;
}

/** A note the response must carry about the model that runs (e.g. a retired model replaced by its successor). */
export interface ModelNotice {
  /** The request field it is about, e.g. `model` or `tools[0].model`. */
  setting: string;
  message: string;
}

export interface ModelListing {
  id: string;
  owned_by: string;
}

/**
 * Routes model names to providers: explicit routes, `provider/model` names, model families
 * (claude-…, gemini-…, gpt-…) of configured providers, then `unknownModels`. Without any
 * provider, every model is the simulator and every image the procedural backend — and says so.
 */
export class ProviderRegistry {
  private readonly languageModels = new Map<string, LanguageModel>();
  private readonly imageModels = new Map<string, ImageModel>();
  private readonly procedural: ImageModel;
  private readonly now: () => number;

  constructor(
    private readonly config: Config,
    private readonly factories: ProviderFactories,
    options: { imageModel?: ImageModel | undefined; now?: (() => number) | undefined } = {},
  ) {
    this.procedural = options.imageModel ?? createProceduralImageModel({ delayMillis: config.simulator.imageDelayMillis });
    this.now = options.now ?? Date.now;
  }

  /** `notice`: reported in the warnings of every call (a substitution the client must hear about). */
  resolveLanguageModel(name: string, notice?: ModelNotice): ResolvedLanguageModel {
    const target = languageRouteFor(this.config, name);
    if (!target) throw new UnknownModelError(`The model '${name}' does not exist or you do not have access to it.`, name);
    const resolved = this.instantiate(name, target);
    return notice ? { ...resolved, model: languageModelWithNotice(resolved.model, notice.setting, notice.message) } : resolved;
  }

  /** Catalog entries for the prices config sets on self-hosted routes, keyed by the model id each route reports. */
  configuredPrices(): ConfiguredPrices {
    return configuredPrices(this.config, (routeName) => this.routeImageModel(routeName).modelId);
  }

  /**
   * The image backend for an image call: the tool's `model` when it names an image route,
   * else the language route's image model, else the default.
   */
  resolveImageModel(toolModel: string | undefined, routeImageModel: string | undefined, notice?: ModelNotice): ResolvedImageModel {
    const resolved = this.imageModelFor(toolModel, routeImageModel);
    return notice ? { ...resolved, model: imageModelWithNotice(resolved.model, notice.setting, notice.message) } : resolved;
  }

  private imageModelFor(toolModel: string | undefined, routeImageModel: string | undefined): ResolvedImageModel {
    const routed = [toolModel, routeImageModel, this.config.defaultImageModel].find((name) => name !== undefined && Object.hasOwn(this.config.imageModels, name));
    if (routed !== undefined && toolModel !== undefined && routed !== toolModel) {
      // An unrouted tool model on a provider that hosts many models: ask that provider for it.
      const route = this.config.imageModels[routed]!;
      const provider = this.config.providers[route.provider];
      if (provider && ['openai', 'gemini', 'stability'].includes(provider.type)) {
        return { model: this.cachedImageModel(route.provider, provider, toolModel), simulated: false };
      }
    }
    if (routed !== undefined) {
      const route = this.config.imageModels[routed]!;
      if (route.provider === 'procedural') return { model: this.procedural, simulated: true };
      return { model: this.routeImageModel(routed), simulated: false };
    }
    return { model: this.procedural, simulated: true };
  }

  /**
   * The adapter of an image route. Hosted providers take the route's name as the model id when
   * it names none; self-hosted ones get no model then, so their own default checkpoint or
   * workflow runs (the route name is no checkpoint). Routes priced per second are timed.
   */
  private routeImageModel(routeName: string): ImageModel {
    const route = this.config.imageModels[routeName]!;
    if (route.provider === 'procedural') return this.procedural;
    const key = `route\u0000${routeName}`;
    let model = this.imageModels.get(key);
    if (!model) {
      const provider = this.providerConfig(route.provider);
      const selfHosted = isSelfHosted(provider);
      model = this.factories.imageModel(provider, selfHosted ? route.model : (route.model ?? routeName));
      if (!model) throw new Error(`provider '${route.provider}' (${provider.type}) has no image models`);
      const price = route.price ?? ('price' in provider ? provider.price : undefined);
      if (selfHosted && price !== undefined && 'usdPerSecond' in price) model = timedImageModel(model, this.now);
      this.imageModels.set(key, model);
    }
    return model;
  }

  listModels(): ModelListing[] {
    const routes = Object.entries(this.config.models).map(([id, route]) => ({ id, owned_by: route.provider }));
    const images = Object.entries(this.config.imageModels).map(([id, route]) => ({ id, owned_by: route.provider }));
    const simulator = simulatorNamesResolve(this.config) ? SIMULATOR_MODEL_IDS.map((id) => ({ id, owned_by: 'imagegate-simulator' })) : [];
    return [...routes, ...images, ...simulator];
  }

  /** Lines for the startup banner. */
  describe(): string[] {
    const providers = Object.entries(this.config.providers);
    const unknown =
      this.config.unknownModels === 'simulator'
        ? 'other model names (e.g. gpt-4.1) are answered by the SIMULATOR'
        : this.config.unknownModels === 'reject'
          ? 'unknown model names are rejected (404 model_not_found)'
          : `other model names go to provider '${this.config.unknownModels}'`;
    const image = this.config.defaultImageModel
      ? `default image model: ${this.config.defaultImageModel}`
      : 'image backend:   SIMULATED procedural renderer (real PNG/JPEG/WebP files drawn from the prompt, not AI images)';
    return [
      providers.length === 0
        ? `language models: SIMULATED (no provider configured): ${SIMULATOR_MODEL_IDS.join(', ')}`
        : `providers: ${providers.map(([name, provider]) => `${name} (${provider.type})`).join(', ')}${simulatorNamesResolve(this.config) ? '; simulator ids stay available' : '; simulator ids are off'}`,
      ...Object.entries(this.config.models).map(([name, route]) => `route ${name} -> ${route.provider}/${route.model ?? name}${route.passthrough ? ' (passthrough)' : ''}`),
      unknown,
      image,
    ];
  }

  private instantiate(name: string, target: RouteTarget): ResolvedLanguageModel {
    if (target.provider === 'simulator') {
      const modelId = isSimulatorModelId(target.model) ? target.model : 'simulator';
      return { model: this.simulator(modelId), simulated: true, imageModel: target.imageModel, passthrough: false, provider: undefined };
    }
    const provider = this.providerConfig(target.provider);
    const key = `${target.provider}\u0000${target.model}\u0000${target.api ?? ''}`;
    let model = this.languageModels.get(key);
    if (!model) {
      model = this.factories.languageModel(provider, target.model, { api: target.api });
      if (!model) throw new UnknownModelError(`The model '${name}' cannot be served by provider '${target.provider}' (${provider.type}).`, name);
      this.languageModels.set(key, model);
    }
    return { model, simulated: false, imageModel: target.imageModel, passthrough: target.passthrough, provider };
  }

  private providerConfig(name: string): ProviderConfig {
    const provider = this.config.providers[name];
    if (!provider) throw new Error(`route names provider '${name}', which is not configured`);
    return provider;
  }

  private cachedImageModel(providerName: string, provider: ProviderConfig, modelId: string): ImageModel {
    const key = `${providerName}\u0000${modelId}`;
    let model = this.imageModels.get(key);
    if (!model) {
      model = this.factories.imageModel(provider, modelId);
      if (!model) throw new Error(`provider '${providerName}' (${provider.type}) has no image models`);
      this.imageModels.set(key, model);
    }
    return model;
  }

  private simulator(modelId: string): LanguageModel {
    let model = this.languageModels.get(`simulator\u0000${modelId}`);
    if (!model) {
      model = createSimulatorLanguageModel(modelId, { tokenDelayMillis: this.config.simulator.tokenDelayMillis });
      this.languageModels.set(`simulator\u0000${modelId}`, model);
    }
    return model;
  }
}
