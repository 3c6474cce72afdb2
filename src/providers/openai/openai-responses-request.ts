import type { LanguageModelCallOptions, LanguageModelToolChoice, LanguageModelWarning } from '../spec/language-model.ts';
import { convertToOpenAIResponsesInput } from './openai-responses-input.ts';
import { rejectsSamplingSettings } from './openai-responses-model-capabilities.ts';
import type { OpenAIResponsesRequestBody, OpenAIResponsesToolChoice } from './openai-responses-wire.ts';

/** OpenAPI `CreateResponse.max_output_tokens`: `minimum: 16`. */
export const OPENAI_MIN_OUTPUT_TOKENS = 16;

export interface OpenAIResponsesRequest {
  body: OpenAIResponsesRequestBody;
  warnings: LanguageModelWarning[];
}

/**
 * The call options as a `/responses` body. Every tool is sent as a plain function tool —
 * including imagegate's image tool: we never send OpenAI's hosted `image_generation` here,
 * because the loop must see each image call to apply our limits and our image backend (and
 * its costs); a hosted call would run upstream, out of our reach. `strict: false` because the
 * callers' schemas need not meet strict mode's rules. `store: false`: the loop sends the whole
 * conversation every step, and nothing should be kept at OpenAI on our behalf.
 */
export function buildOpenAIResponsesRequest(modelId: string, options: LanguageModelCallOptions, stream: boolean): OpenAIResponsesRequest {
  const warnings: LanguageModelWarning[] = [];
  const { instructions, input } = convertToOpenAIResponsesInput(options.prompt);
  const body: OpenAIResponsesRequestBody = { model: modelId, input, store: false, stream };
  if (instructions !== undefined) body.instructions = instructions;

  const tools = options.tools ?? [];
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters, strict: false }));
    if (options.toolChoice !== undefined) body.tool_choice = toolChoice(options.toolChoice);
    // Only with tools: the loop passes it on tool-less steps too, where it means nothing, and
    // Chat Completions rejects it there ("only allowed when 'tools' are specified").
    if (options.parallelToolCalls !== undefined) body.parallel_tool_calls = options.parallelToolCalls;
  } else if (options.toolChoice?.type === 'required' || options.toolChoice?.type === 'tool') {
    warnings.push({ type: 'other', message: `toolChoice ${options.toolChoice.type} was ignored: no tools were offered.` });
  }

  if (options.maxOutputTokens !== undefined) {
    body.max_output_tokens = Math.max(options.maxOutputTokens, OPENAI_MIN_OUTPUT_TOKENS);
    if (options.maxOutputTokens < OPENAI_MIN_OUTPUT_TOKENS) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'maxOutputTokens',
        message: `OpenAI requires max_output_tokens >= ${OPENAI_MIN_OUTPUT_TOKENS}; sent ${OPENAI_MIN_OUTPUT_TOKENS} instead of ${options.maxOutputTokens}.`,
      });
    }
  }

  const dropSampling = rejectsSamplingSettings(modelId);
  for (const [setting, field, value] of [['temperature', 'temperature', options.temperature], ['topP', 'top_p', options.topP]] as const) {
    if (value === undefined) continue;
    if (dropSampling) warnings.push({ type: 'unsupported-setting', setting, message: `${modelId} does not accept ${field}; it was not sent.` });
    else body[field] = value;
  }
  return { body, warnings };
}

function toolChoice(choice: LanguageModelToolChoice): OpenAIResponsesToolChoice {
  return choice.type === 'tool' ? { type: 'function', name: choice.toolName } : choice.type;
}
