import { invalidRequest } from '../../errors/api-error.ts';
import type { CreateResponseRequest } from './create-response-request.ts';
import type { AllowedTool } from './tool-choice-schema.ts';
import type { ToolConfig } from './tool-schema.ts';

/**
 * Rules that span several fields of an otherwise well-typed request. Throws the first violation
 * as a 400 ApiError.
 */
export function checkRequestConsistency(request: CreateResponseRequest): void {
  if (request.previous_response_id != null && request.conversation != null) {
    // Spec on previous_response_id: "Cannot be used in conjunction with `conversation`."
    throw invalidRequest(
      "Mutually exclusive parameters: 'previous_response_id' and 'conversation' cannot be used together. Pass only one of them.",
      'conversation',
      'mutually_exclusive_parameters',
    );
  }
  if (request.background === true && request.store === false) {
    // OpenAI refuses it too: a background response is only reachable through its stored copy.
    throw invalidRequest("Invalid 'background': background responses must be stored; leave 'store' out or set it to true.", 'background', 'invalid_value');
  }
  if (request.stream_options != null && request.stream !== true) {
    // Spec: "Only set this when you set `stream: true`."
    throw invalidRequest("Invalid 'stream_options': 'stream_options' is only allowed when 'stream' is true.", 'stream_options', 'invalid_value');
  }
  const tools = request.tools ?? [];
  checkTools(tools);
  // A prompt template may bring its own tools, which imagegate cannot see here.
  if (request.prompt == null) checkToolChoice(request.tool_choice, tools);
  const options = request.imagegate;
  if (options?.exact_images !== undefined && options.max_images !== undefined && options.exact_images > options.max_images) {
    throw invalidRequest(
      `Invalid 'imagegate.exact_images': ${options.exact_images} exceeds 'imagegate.max_images' (${options.max_images}).`,
      'imagegate.exact_images',
      'invalid_value',
    );
  }
}

function checkTools(tools: readonly ToolConfig[]): void {
  let imageToolIndex: number | undefined;
  const functionIndexByName = new Map<string, number>();
  tools.forEach((tool, index) => {
    if (tool.type === 'image_generation') {
      if (imageToolIndex !== undefined) {
        throw invalidRequest(
          `Invalid 'tools[${index}]': only one image_generation tool is allowed, and tools[${imageToolIndex}] is one already.`,
          `tools[${index}].type`,
          'invalid_value',
        );
      }
      imageToolIndex = index;
      return;
    }
    const earlier = functionIndexByName.get(tool.name);
    if (earlier !== undefined) {
      throw invalidRequest(
        `Invalid 'tools[${index}].name': duplicate function name '${tool.name}', already used by tools[${earlier}].`,
        `tools[${index}].name`,
        'invalid_value',
      );
    }
    functionIndexByName.set(tool.name, index);
  });
}

function checkToolChoice(toolChoice: CreateResponseRequest['tool_choice'], tools: readonly ToolConfig[]): void {
  if (toolChoice == null || toolChoice === 'auto' || toolChoice === 'none') return;
  if (toolChoice === 'required') {
    if (tools.length === 0) {
      throw invalidRequest("Invalid value for 'tool_choice': 'required' needs at least one tool in 'tools'.", 'tool_choice', 'invalid_value');
    }
    return;
  }
  if (toolChoice.type === 'allowed_tools') {
    toolChoice.tools.forEach((allowed, index) => {
      if (!hasTool(tools, allowed)) {
        throw invalidRequest(`Tool choice ${describeTool(allowed)} not found in 'tools' parameter.`, `tool_choice.tools[${index}]`, 'invalid_value');
      }
    });
    return;
  }
  if (!hasTool(tools, toolChoice)) {
    throw invalidRequest(`Tool choice ${describeTool(toolChoice)} not found in 'tools' parameter.`, 'tool_choice', 'invalid_value');
  }
}

function hasTool(tools: readonly ToolConfig[], wanted: AllowedTool): boolean {
  return tools.some((tool) => tool.type === wanted.type && (wanted.type !== 'function' || (tool.type === 'function' && tool.name === wanted.name)));
}

function describeTool(tool: AllowedTool): string {
  return tool.type === 'function' ? `'function' named '${tool.name}'` : `'${tool.type}'`;
}
