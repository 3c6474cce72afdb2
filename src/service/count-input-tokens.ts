import { countPromptTokens } from '../loop/count-prompt-tokens.ts';
import { countProviderInputTokens } from '../providers/registry/provider-passthrough.ts';
import type { LanguageModelTool } from '../providers/spec/language-model.ts';
import { parseTokenCountsRequest } from '../responses/request/token-counts-request.ts';
import { IMAGE_TOOL_NAME, imageToolDefinition } from '../tools/image-generation/image-tool-definition.ts';
import { type PreparedResponse, prepareResponse } from './prepare-response.ts';
import type { Principal, Services } from './services.ts';

/** OpenAI's `TokenCountsResource`. */
export interface TokenCounts {
  object: 'response.input_tokens';
  input_tokens: number;
}

/**
 * `POST /v1/responses/input_tokens`: the input tokens the first model step of this request would
 * read, counted for the model it routes to. The body is prepared exactly as `POST /v1/responses`
 * prepares it (same checks, same `previous_response_id` chain under the same key, same images),
 * but nothing runs, nothing is stored and nothing is reserved or charged. A passthrough route
 * asks OpenAI, which holds that route's conversation state.
 */
export async function countInputTokens(
  body: unknown,
  header: (name: string) => string | undefined,
  services: Services,
  principal: Principal,
  abortSignal: AbortSignal,
): Promise<TokenCounts> {
  const request = parseTokenCountsRequest(body);
  const prepared = await prepareResponse(request, header, services, principal, abortSignal);
  const { provider } = prepared.languageModel;
  if (prepared.languageModel.passthrough && provider) {
    // OpenAI holds a passthrough route's conversation and runs its tools: only it can count.
    const upstreamBody = { ...request, model: prepared.languageModel.model.modelId };
    return { object: 'response.input_tokens', input_tokens: await countProviderInputTokens(provider, { body: upstreamBody, abortSignal }) };
  }
  const tokens = countPromptTokens(prepared.conversation.messages, firstStepTools(prepared), prepared.languageModel.model.modelId);
  return { object: 'response.input_tokens', input_tokens: tokens };
}

/** The tools the first model step is offered, as the loop offers them (run-response-loop's `offeredTools`). */
function firstStepTools(prepared: PreparedResponse): LanguageModelTool[] {
  const { toolChoice } = prepared;
  if (toolChoice.mode === 'none') return [];
  const allowed = (name: string) => toolChoice.allowedTools === undefined || toolChoice.allowedTools.has(name);
  const tools = prepared.functionTools.filter((tool) => allowed(tool.name));
  if (prepared.imageTool && allowed(IMAGE_TOOL_NAME)) tools.push(imageToolDefinition(prepared.imageTool.action !== 'generate'));
  return tools;
}
