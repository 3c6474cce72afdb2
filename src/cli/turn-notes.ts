/**
 * What a response says beyond its text: image calls the server ignored (and why) and
 * `imagegate.warnings` (budget cuts, settings a backend could not honour, retired models).
 * The chat and the image commands print these so a short or empty answer never goes unexplained.
 */
export interface IgnoredCallNote {
  reason: string;
  prompt: string | null;
}

/** Why an image call did not run, in words (reasons from `imagegate.ignored_tool_calls`). */
const IGNORED_REASON_TEXT: Record<string, string> = {
  max_tool_calls: 'tool-call limit reached',
  max_images: 'image limit reached',
  exact_images: 'exact image count already made',
  duplicate_prompt: 'same prompt as an earlier image',
  budget: 'the key’s budget would be exceeded',
  max_cost: 'the response cost limit would be exceeded',
  unknown_price: 'price unknown',
  tool_not_offered: 'tool not offered',
  step_limit: 'step limit reached',
  unknown_tool: 'unknown tool',
  invalid_arguments: 'invalid arguments',
  no_image_to_edit: 'no image to edit',
  max_output_tokens: 'output token limit reached',
};

/** Warnings arrive as strings (Images API) or `{source, setting, message}` (Responses API). */
export function warningTexts(warnings: ReadonlyArray<unknown> | undefined): string[] {
  return (warnings ?? []).map((warning) => {
    if (typeof warning === 'string') return warning;
    if (warning !== null && typeof warning === 'object' && 'message' in warning) return String(warning.message);
    return JSON.stringify(warning);
  });
}

export function ignoredCallNotes(calls: ReadonlyArray<{ reason: string; prompt?: string | null }> | undefined): IgnoredCallNote[] {
  return (calls ?? []).map((call) => ({ reason: call.reason, prompt: call.prompt ?? null }));
}

/** Lines for people: `ignored image call (max_images: image limit reached): "a fox, variation 2"`, `warning: …`. */
export function describeNotes(ignored: ReadonlyArray<IgnoredCallNote>, warnings: ReadonlyArray<string>): string[] {
  const lines = ignored.map((call) => `ignored image call (${call.reason}: ${IGNORED_REASON_TEXT[call.reason] ?? 'not run'})${call.prompt ? `: "${call.prompt}"` : ''}`);
  return [...lines, ...warnings.map((warning) => `warning: ${warning}`)];
}
