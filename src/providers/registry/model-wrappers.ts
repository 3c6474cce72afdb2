/**
 * Thin wrappers the registry puts around adapters: one that reports a model substitution
 * through the spec's own `warnings` (so it reaches `imagegate.warnings` on every path), and one
 * that times image generation for backends priced per second.
 */
import type { ImageModel } from '../spec/image-model.ts';
import type { LanguageModel } from '../spec/language-model.ts';

/** The language model, with `message` added to the warnings of every call. */
export function languageModelWithNotice(model: LanguageModel, setting: string, message: string): LanguageModel {
  const warning = { type: 'other' as const, setting, message };
  return {
    provider: model.provider,
    modelId: model.modelId,
    async doGenerate(options) {
      const result = await model.doGenerate(options);
      return { ...result, warnings: [warning, ...result.warnings] };
    },
    async doStream(options) {
      const result = await model.doStream(options);
      return { ...result, warnings: [warning, ...result.warnings] };
    },
  };
}

/** The image model, with `message` added to the warnings of every call. */
export function imageModelWithNotice(model: ImageModel, setting: string, message: string): ImageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    async doGenerate(options) {
      const result = await model.doGenerate(options);
      return { ...result, warnings: [{ type: 'other', setting, message }, ...result.warnings] };
    },
  };
}

/**
 * The image model, reporting how long each call took (`usage.generationMillis`, per image) by the
 * injected clock, so a per-second price can charge it. Token counts stay as the backend reported
 * them (zero when it reports none: self-hosted backends count no tokens).
 */
export function timedImageModel(model: ImageModel, now: () => number): ImageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    async doGenerate(options) {
      const startedAt = now();
      const result = await model.doGenerate(options);
      const images = Math.max(1, result.images.length);
      const generationMillis = Math.max(0, now() - startedAt) / images;
      const usage = result.usage ?? { inputTokens: 0, inputImageTokens: 0, inputTextTokens: 0, outputTokens: 0 };
      return { ...result, usage: { ...usage, generationMillis } };
    },
  };
}
