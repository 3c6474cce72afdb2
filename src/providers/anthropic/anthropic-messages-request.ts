import type { LanguageModelCallOptions, LanguageModelWarning } from '../spec/language-model.ts';
import { convertToAnthropicPrompt } from './anthropic-messages-prompt.ts';
import type { AnthropicMessagesRequestBody, AnthropicToolChoice } from './anthropic-messages-wire.ts';

/** Used when the caller sets no output limit: `max_tokens` is required by the Messages API. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Anthropic's documented temperature range is 0..1, OpenAI's (which callers speak) 0..2. */
const MAX_ANTHROPIC_TEMPERATURE = 1;

export interface AnthropicRequestSettings {
  readonly stream: boolean;
  /** `max_tokens` when the call sets no `maxOutputTokens`. */
  readonly defaultMaxTokens: number;
}

/** Builds the `/messages` body from the spec's options; every option is used or warned about. */
export function buildAnthropicMessagesRequest(
  modelId: string,
  options: LanguageModelCallOptions,
  settings: AnthropicRequestSettings,
): { body: AnthropicMessagesRequestBody; warnings: LanguageModelWarning[] } {
  const warnings: LanguageModelWarning[] = [];
  const { system, messages } = convertToAnthropicPrompt(options.prompt);
  const body: AnthropicMessagesRequestBody = {
    model: modelId,
    max_tokens: options.maxOutputTokens ?? settings.defaultMaxTokens,
    messages,
  };
  if (system) body.system = system;

  const tools = options.tools ?? [];
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({ name: tool.name, ...(tool.description ? { description: tool.description } : {}), input_schema: tool.parameters }));
    const choice = anthropicToolChoice(options);
    if (choice) body.tool_choice = choice;
  } else if (options.toolChoice !== undefined && options.toolChoice.type !== 'none' && options.toolChoice.type !== 'auto') {
    warnings.push({ type: 'unsupported-setting', setting: 'toolChoice', message: `toolChoice ${options.toolChoice.type} was ignored: no tools were offered.` });
  }

  if (options.temperature !== undefined) {
    body.temperature = Math.min(options.temperature, MAX_ANTHROPIC_TEMPERATURE);
    if (options.temperature > MAX_ANTHROPIC_TEMPERATURE) {
      warnings.push({ type: 'unsupported-setting', setting: 'temperature', message: `Anthropic accepts temperature 0..1; ${options.temperature} was sent as 1.` });
    }
  }
  if (options.topP !== undefined) {
    // Current Claude models reject both at once ("`temperature` and `top_p` cannot both be
    // specified for this model"); temperature is the one callers usually mean.
    if (options.temperature !== undefined) {
      warnings.push({ type: 'unsupported-setting', setting: 'topP', message: 'Anthropic does not accept temperature and top_p together; top_p was not sent.' });
    } else {
      body.top_p = options.topP;
    }
  }
  if (settings.stream) body.stream = true;
  return { body, warnings };
}

/**
 * `none` is sent as `{type:'none'}` rather than by leaving the tools out: the tool
 * definitions stay (and with them the prompt cache), and a history with tool_use blocks
 * stays valid.
 */
export function anthropicToolChoice(options: Pick<LanguageModelCallOptions, 'toolChoice' | 'parallelToolCalls'>): AnthropicToolChoice | undefined {
  const disableParallel = options.parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (options.toolChoice?.type) {
    case undefined:
      return options.parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined;
    case 'none':
      return { type: 'none' };
    case 'auto':
      return { type: 'auto', ...disableParallel };
    case 'required':
      return { type: 'any', ...disableParallel };
    case 'tool':
      return { type: 'tool', name: options.toolChoice.toolName, ...disableParallel };
  }
}
