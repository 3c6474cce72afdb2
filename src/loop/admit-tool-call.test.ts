import { describe, expect, it } from 'vitest';
import type { ResponseLimits } from '../policy/response-limits.ts';
import { ImageCallPolicy, imageDedupeKey } from '../policy/image-call-policy.ts';
import type { LanguageModelToolCallPart } from '../providers/spec/language-model.ts';
import type { ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';
import { type AdmissionContext, admitToolCall } from './admit-tool-call.ts';

/** Limits with every cap unset unless given. */
const limits = (caps: Partial<ResponseLimits>): ResponseLimits => ({ maxToolCalls: undefined, maxImages: undefined, exactImages: undefined, ...caps });

const imageTool: ImageToolSettings = {
  model: undefined,
  size: '1024x1024',
  quality: 'medium',
  outputFormat: 'png',
  outputCompression: 100,
  background: 'auto',
  moderation: 'auto',
  inputFidelity: undefined,
  partialImages: 0,
  action: 'auto',
  mask: undefined,
};
const cat = { id: 'ig_cat', data: new Uint8Array([1]), mediaType: 'image/png' };
const dog = { id: 'ig_dog', data: new Uint8Array([2]), mediaType: 'image/png' };

function context(overrides: Partial<AdmissionContext> = {}): AdmissionContext {
  return {
    offered: new Set(['image_generation', 'lookup']),
    isLastStep: false,
    functionToolNames: new Set(['lookup', 'hidden']),
    imageTool,
    hasImageModel: true,
    contextImages: [],
    policy: new ImageCallPolicy(limits({ maxImages: 2 })),
    ...overrides,
  };
}

const call = (toolName: string, input: unknown): LanguageModelToolCallPart => ({
  type: 'tool-call',
  toolCallId: 'call_1',
  toolName,
  input: typeof input === 'string' ? input : JSON.stringify(input),
});

describe('admitToolCall (pure: decides without running, paying or recording)', () => {
  it('hands an offered function to the caller', () => {
    expect(admitToolCall(context(), call('lookup', {}))).toEqual({ kind: 'function' });
  });

  it('refuses a function the step did not offer: unknown, not offered, or past the step limit', () => {
    expect(admitToolCall(context(), call('nope', {}))).toEqual({ kind: 'refuse', reason: 'unknown_tool', args: undefined });
    expect(admitToolCall(context(), call('hidden', {}))).toEqual({ kind: 'refuse', reason: 'tool_not_offered', args: undefined });
    expect(admitToolCall(context({ isLastStep: true, offered: new Set() }), call('lookup', {}))).toEqual({ kind: 'refuse', reason: 'step_limit', args: undefined });
  });

  it('refuses image calls without the tool, after withdrawal (naming the limit), and with bad arguments', () => {
    expect(admitToolCall(context({ imageTool: undefined }), call('image_generation', { prompt: 'a cat' }))).toMatchObject({ kind: 'refuse', reason: 'unknown_tool' });
    const spent = new ImageCallPolicy(limits({ maxImages: 1 }));
    spent.recordExecuted('x', 'ig_x');
    expect(admitToolCall(context({ policy: spent, offered: new Set() }), call('image_generation', { prompt: 'a cat' }))).toMatchObject({ kind: 'refuse', reason: 'max_images', args: { prompt: 'a cat' } });
    expect(admitToolCall(context({ offered: new Set() }), call('image_generation', { prompt: 'a cat' }))).toMatchObject({ kind: 'refuse', reason: 'tool_not_offered' });
    expect(admitToolCall(context(), call('image_generation', '{"prompt":'))).toEqual({ kind: 'refuse', reason: 'invalid_arguments', args: undefined });
  });

  it('refuses an edit with no image in context when the tool is set to edit', () => {
    const editOnly = context({ imageTool: { ...imageTool, action: 'edit' } });
    expect(admitToolCall(editOnly, call('image_generation', { prompt: 'make it blue' }))).toMatchObject({ kind: 'refuse', reason: 'no_image_to_edit' });
  });

  it('runs an edit on the newest image, keyed on it; a generate request with images in context stays a generate', () => {
    const withImages = context({ contextImages: [cat, dog] });
    expect(admitToolCall(withImages, call('image_generation', { prompt: 'make it blue', action: 'edit' }))).toEqual({
      kind: 'run',
      args: { prompt: 'make it blue', action: 'edit' },
      action: 'edit',
      editImages: [dog, cat],
      dedupeKey: imageDedupeKey('make it blue', 'edit', 'ig_dog'),
    });
    expect(admitToolCall(withImages, call('image_generation', { prompt: 'a bird' }))).toMatchObject({ kind: 'run', action: 'generate' });
  });

  it('points a repeated prompt at the image already made, and records nothing itself', () => {
    const policy = new ImageCallPolicy(limits({ maxImages: 2 }));
    policy.recordExecuted(imageDedupeKey('a cat', 'generate', undefined), 'ig_cat');
    const admitted = admitToolCall(context({ policy }), call('image_generation', { prompt: 'A cat' }));
    expect(admitted).toEqual({ kind: 'reuse', args: { prompt: 'A cat' }, itemId: 'ig_cat' });
    expect(admitToolCall(context({ policy }), call('image_generation', { prompt: 'a dog' }))).toMatchObject({ kind: 'run' });
    expect(admitToolCall(context({ policy }), call('image_generation', { prompt: 'a dog' }))).toMatchObject({ kind: 'run' });
    expect(policy.imagesRemaining()).toBe(1);
  });

  it('ignores a call past the count limit even while the tool is still offered (parallel calls of one turn)', () => {
    const policy = new ImageCallPolicy(limits({ maxToolCalls: 1 }));
    policy.recordExecuted(imageDedupeKey('a cat', 'generate', undefined), undefined);
    expect(admitToolCall(context({ policy }), call('image_generation', { prompt: 'a dog' }))).toMatchObject({ kind: 'refuse', reason: 'max_tool_calls' });
  });
});
