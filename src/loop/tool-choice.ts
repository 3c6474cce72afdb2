import type { LanguageModelToolChoice } from '../providers/spec/language-model.ts';
import type { ToolChoice } from '../responses/request/tool-choice-schema.ts';
import { IMAGE_TOOL_NAME } from '../tools/image-generation/image-tool-definition.ts';

/** The request's `tool_choice`, reduced to what the loop needs. */
export interface ToolChoicePlan {
  mode: 'auto' | 'none' | 'required';
  /** A tool forced on the first model step (`image_generation` or a function name). */
  forcedTool: string | undefined;
  /** From `allowed_tools`: the only tools the model may see; undefined = all. */
  allowedTools: ReadonlySet<string> | undefined;
}

export function planToolChoice(toolChoice: ToolChoice | null | undefined): ToolChoicePlan {
  if (toolChoice === 'none' || toolChoice === 'required') return { mode: toolChoice, forcedTool: undefined, allowedTools: undefined };
  if (typeof toolChoice !== 'object' || toolChoice === null) return { mode: 'auto', forcedTool: undefined, allowedTools: undefined };
  switch (toolChoice.type) {
    case 'image_generation':
      return { mode: 'auto', forcedTool: IMAGE_TOOL_NAME, allowedTools: undefined };
    case 'function':
      return { mode: 'auto', forcedTool: toolChoice.name || undefined, allowedTools: undefined };
    case 'allowed_tools': {
      const names = toolChoice.tools.map((tool) => (tool.type === 'function' ? tool.name : IMAGE_TOOL_NAME));
      return { mode: toolChoice.mode, forcedTool: undefined, allowedTools: new Set(names) };
    }
  }
}

/**
 * The choice for one model step. Forcing (`required`, a named tool) applies to the first step
 * only, as OpenAI's hosted loop does; an exact image count forces the image tool until met.
 */
export function stepToolChoice(
  plan: ToolChoicePlan,
  step: number,
  offered: ReadonlySet<string>,
  forceImage: boolean,
): LanguageModelToolChoice | undefined {
  if (offered.size === 0) return undefined;
  if (forceImage && offered.has(IMAGE_TOOL_NAME)) return { type: 'tool', toolName: IMAGE_TOOL_NAME };
  if (step === 0 && plan.forcedTool !== undefined && offered.has(plan.forcedTool)) return { type: 'tool', toolName: plan.forcedTool };
  if (step === 0 && plan.mode === 'required') return { type: 'required' };
  return { type: 'auto' };
}
