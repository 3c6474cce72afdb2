import { describe, expect, it } from 'vitest';
import type { ResponseLimits } from './response-limits.ts';
import { ImageCallPolicy, imageDedupeKey } from './image-call-policy.ts';

/** Limits with every cap unset unless given. */
const limits = (caps: Partial<ResponseLimits>): ResponseLimits => ({ maxToolCalls: undefined, maxImages: undefined, exactImages: undefined, ...caps });

const key = (prompt: string) => imageDedupeKey(prompt, 'generate', undefined);

describe('ImageCallPolicy', () => {
  it('admits calls one by one up to max_images, then ignores them and withdraws the tool', () => {
    const policy = new ImageCallPolicy(limits({ maxImages: 2 }));
    for (const prompt of ['a cat', 'a dog']) {
      expect(policy.decide(key(prompt))).toEqual({ kind: 'execute' });
      policy.recordExecuted(key(prompt), `ig_${prompt}`);
    }
    expect(policy.decide(key('a bird'))).toEqual({ kind: 'ignore', reason: 'max_images' });
    expect(policy.exhausted()).toBe(true);
    expect(policy.imagesRemaining()).toBe(0);
    expect(policy.imagesDelivered).toBe(2);
  });

  it('counts a failed call toward max_tool_calls but not toward the images delivered', () => {
    const policy = new ImageCallPolicy(limits({ maxToolCalls: 2, maxImages: 5 }));
    policy.recordExecuted(key('a cat'), undefined);
    expect(policy.imagesRemaining()).toBe(1);
    expect(policy.imagesDelivered).toBe(0);
    policy.recordExecuted(key('a cat'), 'ig_1');
    expect(policy.decide(key('a dog'))).toEqual({ kind: 'ignore', reason: 'max_tool_calls' });
  });

  it('reuses the image of a prompt already drawn, ignoring case and spacing, even past the limit', () => {
    const policy = new ImageCallPolicy(limits({ maxImages: 1 }));
    policy.recordExecuted(key('A  red fox '), 'ig_fox');
    expect(policy.decide(key('a red FOX'))).toEqual({ kind: 'reuse', itemId: 'ig_fox' });
    expect(policy.decide(imageDedupeKey('a red fox', 'edit', 'ig_fox'))).toEqual({ kind: 'ignore', reason: 'max_images' });
  });

  it('forces the tool until an exact count is met, then blocks with exact_images', () => {
    const policy = new ImageCallPolicy(limits({ exactImages: 1 }));
    expect(policy.mustForceImage()).toBe(true);
    policy.recordExecuted(key('a cat'), 'ig_1');
    expect(policy.mustForceImage()).toBe(false);
    expect(policy.blockingLimit()).toBe('exact_images');
  });

  it('admits images a chat model drew inline up to the image limits, not max_tool_calls, and counts them', () => {
    const policy = new ImageCallPolicy(limits({ maxToolCalls: 1, maxImages: 2 }));
    policy.recordExecuted(key('a cat'), 'ig_1');
    expect(policy.admitModelImage()).toBeUndefined();
    expect(policy.admitModelImage()).toBe('max_images');
    expect(policy.imagesDelivered).toBe(2);
    const exact = new ImageCallPolicy(limits({ exactImages: 1 }));
    expect([exact.admitModelImage(), exact.admitModelImage()]).toEqual([undefined, 'exact_images']);
  });

  it('leaves everything open without limits', () => {
    const policy = new ImageCallPolicy(limits({}));
    for (let index = 0; index < 20; index += 1) policy.recordExecuted(key(`image ${index}`), `ig_${index}`);
    expect(policy.decide(key('one more'))).toEqual({ kind: 'execute' });
    expect(policy.imagesRemaining()).toBeUndefined();
    expect(policy.admitModelImage()).toBeUndefined();
  });
});
