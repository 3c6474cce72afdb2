import type { OpenAIImageSizeRule } from './openai-image-model-capabilities.ts';

/**
 * Checks a requested size against a model's rule. Returns the size to send (undefined: let
 * OpenAI choose) or a sentence saying what is wrong with it.
 */
export function checkOpenAIImageSize(
  size: string | undefined,
  rule: OpenAIImageSizeRule,
): { readonly wireSize: string | undefined } | { readonly problem: string } {
  if (size === undefined) return { wireSize: undefined };
  if (size === 'auto') {
    // dall-e has no `auto` but a default (1024x1024), which is what `auto` asks for.
    return { wireSize: rule.kind === 'fixed' && !rule.allowsAuto ? undefined : 'auto' };
  }
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  if (match === null) return { problem: `expected 'auto' or WIDTHxHEIGHT` };
  const width = Number(match[1]);
  const height = Number(match[2]);
  switch (rule.kind) {
    case 'any':
      return { wireSize: size };
    case 'fixed':
      return rule.sizes.includes(size) ? { wireSize: size } : { problem: `expected one of ${[...rule.sizes, ...(rule.allowsAuto ? ['auto'] : [])].join(', ')}` };
    case 'flexible': {
      const problem = flexibleSizeProblem(width, height, rule);
      return problem === undefined ? { wireSize: size } : { problem };
    }
  }
}

function flexibleSizeProblem(width: number, height: number, rule: Extract<OpenAIImageSizeRule, { kind: 'flexible' }>): string | undefined {
  if (width % rule.edgeMultiple !== 0 || height % rule.edgeMultiple !== 0) return `both edges must be multiples of ${rule.edgeMultiple}`;
  if (Math.max(width, height) > rule.maxEdge) return `the longer edge must be at most ${rule.maxEdge}`;
  if (Math.max(width, height) > rule.maxAspectRatio * Math.min(width, height)) return `the aspect ratio must be between 1:${rule.maxAspectRatio} and ${rule.maxAspectRatio}:1`;
  const pixels = width * height;
  if (pixels < rule.minPixels || pixels > rule.maxPixels) return `the image must have between ${rule.minPixels} and ${rule.maxPixels} pixels (it has ${pixels})`;
  return undefined;
}
