import { invalidRequest } from '../errors/api-error.ts';
import type { CreateResponseRequest } from '../responses/request/create-response-request.ts';

export interface ExactImagesCheck {
  /** The exact count in force, from the header, the body or the key's policy. */
  readonly exactImages: number;
  /** Where it came from, named in the 400: `x-imagegate-exact-images`, `imagegate.exact_images` or `policy.exact_images`. */
  readonly source: string;
  readonly request: CreateResponseRequest;
  /** Model steps one response may take (`limits.maxModelSteps`). */
  readonly maxModelSteps: number;
}

/**
 * Refuses, before anything is reserved, an exact image count that the request itself makes
 * impossible: the model never gets the image tool (`tool_choice: 'none'`, `allowed_tools`
 * without it, a forced function, which ends the response at the client's function call), or
 * the step cap leaves too few steps (one image call per step without parallel calls; the last
 * step is answered in text, without tools).
 */
export function checkExactImagesPossible({ exactImages, source, request, maxModelSteps }: ExactImagesCheck): void {
  const choice = request.tool_choice;
  const contradiction = (why: string, param: string) =>
    invalidRequest(`An exact image count (${exactImages}, from ${source}) cannot be met: ${why}.`, param, 'invalid_value');
  if (choice === 'none') throw contradiction("tool_choice 'none' never lets the model call image_generation", 'tool_choice');
  if (typeof choice === 'object' && choice !== null) {
    if (choice.type === 'allowed_tools' && !choice.tools.some((tool) => tool.type === 'image_generation')) {
      throw contradiction('tool_choice.tools (allowed_tools) leaves out image_generation', 'tool_choice.tools');
    }
    if (choice.type === 'function') {
      throw contradiction(`tool_choice forces the function '${choice.name}', and the response ends at that call`, 'tool_choice');
    }
  }
  const imageSteps = maxModelSteps - 1;
  if (request.parallel_tool_calls === false && exactImages > imageSteps) {
    throw contradiction(
      `without parallel tool calls each model step makes at most one image, and a response has ${imageSteps} steps that may call tools (limits.maxModelSteps is ${maxModelSteps})`,
      source === 'policy.exact_images' ? 'parallel_tool_calls' : source,
    );
  }
}
