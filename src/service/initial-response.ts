import { type ResponseObject, zeroUsage } from '../responses/wire/response-object.ts';
import { echoImageTool } from './image-tool-settings-from-request.ts';
import type { PreparedResponse } from './prepare-response.ts';

/** The response as first announced: the request's settings echoed the way OpenAI echoes them. */
export function initialResponse(prepared: PreparedResponse, createdAtSeconds: number, maxModelSteps: number): ResponseObject {
  const { request, limits } = prepared;
  const tools = (request.tools ?? []).map((tool) =>
    tool.type === 'image_generation' ? echoImageTool(prepared.imageToolWire ?? tool, prepared.imageModel?.model.modelId) : { strict: true, parameters: null, description: null, ...tool },
  );
  return {
    id: prepared.responseId,
    object: 'response',
    created_at: createdAtSeconds,
    status: 'in_progress',
    background: request.background ?? false,
    completed_at: null,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    metadata: request.metadata ?? {},
    model: request.model,
    output: [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    ...(prepared.conversationRef === undefined ? {} : { conversation: { id: prepared.conversationRef.id } }),
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: request.service_tier ?? 'auto',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools,
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    presence_penalty: request.presence_penalty ?? 0,
    frequency_penalty: request.frequency_penalty ?? 0,
    truncation: request.truncation ?? 'disabled',
    usage: zeroUsage(),
    ...(request.user === undefined ? {} : { user: request.user }),
    imagegate: {
      simulated: prepared.languageModel.simulated || (prepared.imageModel?.simulated ?? false),
      resolved_model: prepared.languageModel.model.modelId,
      image_backend: prepared.imageModel ? `${prepared.imageModel.model.provider}/${prepared.imageModel.model.modelId}` : 'none',
      limits: {
        max_tool_calls: limits.maxToolCalls ?? null,
        max_images: limits.maxImages ?? null,
        exact_images: limits.exactImages ?? null,
        max_model_steps: maxModelSteps,
      },
      images_generated: 0,
      model_steps: 0,
      ignored_tool_calls: [],
      warnings: [],
    },
  };
}
