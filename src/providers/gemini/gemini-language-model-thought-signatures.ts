/**
 * Google's documented placeholder for a function call Gemini 3 did not produce itself or whose
 * signature was lost (thought-signatures guide, FAQ; also `context_engineering_is_the_way_to_go`).
 * Without a signature on the first function call of each model turn, Gemini 3 answers 400.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const DEFAULT_CAPACITY = 2048;

/**
 * The thought signatures Gemini attached to the function calls it made, by toolCallId, so they
 * go back "exactly as received" when the loop replays those calls in the next step. The spec
 * has no field to carry them through the loop and storage, so they live here, per model
 * instance, the oldest forgotten first; a call whose signature is gone gets the placeholder.
 */
export class GeminiThoughtSignatures {
  private readonly byToolCallId = new Map<string, string>();

  constructor(private readonly capacity: number = DEFAULT_CAPACITY) {}

  remember(toolCallId: string, signature: string): void {
    this.byToolCallId.delete(toolCallId);
    this.byToolCallId.set(toolCallId, signature);
    if (this.byToolCallId.size > this.capacity) {
      const oldest = this.byToolCallId.keys().next();
      if (oldest.done !== true) this.byToolCallId.delete(oldest.value);
    }
  }

  lookup(toolCallId: string): string | undefined {
    return this.byToolCallId.get(toolCallId);
  }
}

/**
 * Gemini 3 and later validate signatures; 1.x and 2.x never asked for them, so nothing made up
 * is sent to those.
 */
export function needsThoughtSignatures(modelId: string): boolean {
  const major = /(?:^|\/)gemini-(\d+)/.exec(modelId)?.[1];
  return major === undefined || Number(major) >= 3;
}
