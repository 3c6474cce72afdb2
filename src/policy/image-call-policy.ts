import type { ResponseLimits } from './response-limits.ts';

export type ImageCallDecision =
  | { kind: 'execute' }
  | { kind: 'reuse'; itemId: string }
  | { kind: 'ignore'; reason: 'max_tool_calls' | 'max_images' | 'exact_images' };

/**
 * Decides, call by call and in order, which image calls of one response may run. Parallel
 * calls of one model turn are admitted one by one, so a turn of five calls under a limit of
 * two runs exactly two. The model cannot get around it: the loop asks before every call.
 */
export class ImageCallPolicy {
  private executedCalls = 0;
  private deliveredImages = 0;
  private readonly imagesByPrompt = new Map<string, string>();

  constructor(readonly limits: ResponseLimits) {}

  /** Call before executing; a `reuse` or `ignore` decision must not generate anything. */
  decide(dedupeKey: string): ImageCallDecision {
    const reused = this.imagesByPrompt.get(dedupeKey);
    if (reused !== undefined) return { kind: 'reuse', itemId: reused };
    const blocking = this.blockingLimit();
    return blocking === undefined ? { kind: 'execute' } : { kind: 'ignore', reason: blocking };
  }

  /** Every executed call counts toward `max_tool_calls`, whether it succeeded or not. */
  recordExecuted(dedupeKey: string, itemId: string | undefined): void {
    this.executedCalls += 1;
    if (itemId !== undefined) {
      this.deliveredImages += 1;
      this.imagesByPrompt.set(dedupeKey, itemId);
    }
  }

  /**
   * An image a native-image chat model drew inline (no tool call): counted like a delivered
   * image, or refused with the image limit it would pass. `max_tool_calls` does not apply.
   */
  admitModelImage(): 'max_images' | 'exact_images' | undefined {
    const { maxImages, exactImages } = this.limits;
    if (maxImages !== undefined && this.deliveredImages >= maxImages) return 'max_images';
    if (exactImages !== undefined && this.deliveredImages >= exactImages) return 'exact_images';
    this.deliveredImages += 1;
    return undefined;
  }

  get imagesDelivered(): number {
    return this.deliveredImages;
  }

  /** How many more images this response may make; undefined when unlimited. */
  imagesRemaining(): number | undefined {
    const { maxToolCalls, maxImages, exactImages } = this.limits;
    const caps = [
      maxToolCalls === undefined ? undefined : maxToolCalls - this.executedCalls,
      maxImages === undefined ? undefined : maxImages - this.deliveredImages,
      exactImages === undefined ? undefined : exactImages - this.deliveredImages,
    ].filter((cap): cap is number => cap !== undefined);
    return caps.length === 0 ? undefined : Math.max(0, Math.min(...caps));
  }

  /** True once no further image may be made: the tool is withdrawn from the model. */
  exhausted(): boolean {
    return this.blockingLimit() !== undefined;
  }

  /** True while an exact count is set and not yet reached: the tool is forced. */
  mustForceImage(): boolean {
    const { exactImages } = this.limits;
    return exactImages !== undefined && this.deliveredImages < exactImages && !this.exhausted();
  }

  /** The limit that blocks further images, if any. */
  blockingLimit(): 'max_tool_calls' | 'max_images' | 'exact_images' | undefined {
    const { maxToolCalls, maxImages, exactImages } = this.limits;
    if (maxToolCalls !== undefined && this.executedCalls >= maxToolCalls) return 'max_tool_calls';
    if (maxImages !== undefined && this.deliveredImages >= maxImages) return 'max_images';
    if (exactImages !== undefined && this.deliveredImages >= exactImages) return 'exact_images';
    return undefined;
  }
}

/** Prompts that differ only in case and spacing are the same request. */
export function imageDedupeKey(prompt: string, action: string, baseImageId: string | undefined): string {
  return `${action}\u0000${baseImageId ?? ''}\u0000${prompt.trim().toLowerCase().replace(/\s+/g, ' ')}`;
}
