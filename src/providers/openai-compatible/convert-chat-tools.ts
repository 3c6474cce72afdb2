import type { LanguageModelTool, LanguageModelToolChoice, LanguageModelWarning } from '../spec/language-model.ts';
import type { ChatTool, ChatToolChoice } from './chat-completions-wire.ts';
import type { OpenAICompatibleOptions } from './openai-compatible-options.ts';

export interface ChatToolFields {
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
}

/**
 * Tools, tool choice and parallel calls as the server understands them. Where the server lacks a
 * choice the same effect is made another way when possible (a named choice as `required` with
 * only that tool; `none` as no tools) and warned about when not.
 */
export function convertChatTools(
  call: {
    readonly tools: ReadonlyArray<LanguageModelTool> | undefined;
    readonly toolChoice: LanguageModelToolChoice | undefined;
    readonly parallelToolCalls: boolean | undefined;
  },
  options: Pick<OpenAICompatibleOptions, 'provider' | 'toolChoice' | 'supportsParallelToolCalls'>,
): { fields: ChatToolFields; warnings: LanguageModelWarning[] } {
  const warnings: LanguageModelWarning[] = [];
  const { toolChoice } = call;
  let tools = call.tools ?? [];
  // OpenAI refuses tool_choice and parallel_tool_calls without tools, so they go only with tools.
  if (tools.length === 0) {
    if (toolChoice?.type === 'required' || toolChoice?.type === 'tool') {
      warnings.push(unsupported('toolChoice', `toolChoice '${toolChoice.type}' was ignored: no tools were offered.`));
    }
    return { fields: {}, warnings };
  }

  let choice: ChatToolChoice | undefined;
  if (toolChoice?.type === 'tool') {
    const named = tools.filter((tool) => tool.name === toolChoice.toolName);
    if (named.length === 0) {
      warnings.push(unsupported('toolChoice', `toolChoice names '${toolChoice.toolName}', which is not among the tools; any tool may be called.`));
      choice = 'required';
    } else if (options.toolChoice === 'full') {
      choice = { type: 'function', function: { name: toolChoice.toolName } };
    } else {
      tools = named;
      choice = 'required';
    }
  } else if (toolChoice !== undefined) {
    choice = toolChoice.type;
  }

  if (options.toolChoice === 'none' && choice !== undefined) {
    if (choice === 'none') return { fields: {}, warnings };
    if (choice === 'required') {
      warnings.push(unsupported('toolChoice', `${options.provider} cannot force a tool call; the model may answer in text instead.`));
    }
    choice = undefined;
  }

  const fields: ChatToolFields = {
    tools: tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } })),
  };
  if (choice !== undefined) fields.tool_choice = choice;
  if (call.parallelToolCalls !== undefined) {
    if (options.supportsParallelToolCalls) fields.parallel_tool_calls = call.parallelToolCalls;
    else if (!call.parallelToolCalls) {
      warnings.push(unsupported('parallelToolCalls', `${options.provider} cannot be told to call one tool at a time; the model may call several.`));
    }
  }
  return { fields, warnings };
}

function unsupported(setting: string, message: string): LanguageModelWarning {
  return { type: 'unsupported-setting', setting, message };
}
