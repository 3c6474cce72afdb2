import { type ApiError, invalidRequest } from '../../errors/api-error.ts';
import type { CreateResponseRequest } from './create-response-request.ts';

/** How the request will run: on imagegate's own loop, or relayed whole to OpenAI (passthrough). */
export interface UnsupportedFieldsRoute {
  readonly passthrough: boolean;
}

const CODE = 'unsupported_parameter';

/**
 * The first request field that the schema accepts (it is OpenAI's) but that imagegate would not
 * honour on this route, as a 400 naming it. Silently dropping such a field changes what the
 * client gets (an image the model never sees, a JSON schema nobody enforces, a background job
 * that is not one), so it is refused until it is implemented. Hints that do not change the
 * result (`user`, `safety_identifier`, `prompt_cache_key`, `truncation`, …) are not refused.
 *
 * A passthrough route relays the body to OpenAI, which honours everything but `background`.
 */
export function findUnsupportedField(request: CreateResponseRequest, route: UnsupportedFieldsRoute): ApiError | undefined {
  if (request.background === true) {
    // Even when relayed: a background response keeps running (and billing) upstream after the
    // client goes, out of reach of imagegate's limits, budgets and cancel.
    return refuse('background', "imagegate does not run background responses yet; leave 'background' out (or false) and keep the connection open, or use 'stream': true.");
  }
  if (route.passthrough) return undefined;
  return (
    conversationField(request) ??
    inputField(request) ??
    toolField(request) ??
    samplingField(request) ??
    outputShapeField(request) ??
    serviceField(request)
  );
}

function conversationField(request: CreateResponseRequest): ApiError | undefined {
  if (request.prompt != null) {
    return refuse('prompt', "imagegate does not support reusable prompt templates yet; send the prompt's text as 'instructions' and 'input' instead.");
  }
  if (request.context_management != null) {
    return refuse('context_management', "imagegate does not compact conversations yet; leave 'context_management' out (a conversation that outgrows the model's context fails instead).");
  }
  return undefined;
}

function inputField(request: CreateResponseRequest): ApiError | undefined {
  if (!Array.isArray(request.input)) return undefined;
  for (const [itemIndex, item] of request.input.entries()) {
    if (item.type === 'function_call_output' && Array.isArray(item.output)) {
      for (const [partIndex, part] of item.output.entries()) {
        if (part.type === 'input_image' || part.type === 'input_file') {
          return refuse(
            `input[${itemIndex}].output[${partIndex}]`,
            `imagegate passes function call outputs to the model as text, so an ${part.type} there would reach it as characters, not as a file; put it in a user message instead.`,
          );
        }
      }
    }
    if (!('role' in item) || item.role === 'assistant' || typeof item.content === 'string') continue;
    for (const [partIndex, part] of item.content.entries()) {
      const param = `input[${itemIndex}].content[${partIndex}]`;
      if (part.type === 'input_image' && part.file_id != null) {
        return refuse(`${param}.file_id`, "imagegate has no Files API yet, so an input_image cannot name a 'file_id'; pass the image as a data URL or an http(s) URL in 'image_url'.");
      }
      if (part.type === 'input_file') {
        return refuse(param, 'imagegate does not read input_file parts (PDFs and other files) yet; send the text as input_text, or images as input_image.');
      }
    }
  }
  return undefined;
}

function toolField(request: CreateResponseRequest): ApiError | undefined {
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (tool.type === 'image_generation' && tool.input_image_mask?.file_id != null) {
      return refuse(`tools[${index}].input_image_mask.file_id`, "imagegate has no Files API yet, so the mask cannot name a 'file_id'; pass it as a data URL in 'image_url'.");
    }
  }
  return undefined;
}

function samplingField(request: CreateResponseRequest): ApiError | undefined {
  const reasoning = request.reasoning;
  if (reasoning != null) {
    for (const key of ['effort', 'summary', 'generate_summary', 'mode', 'context'] as const) {
      if (reasoning[key] != null) {
        return refuse(`reasoning.${key}`, `imagegate does not pass reasoning settings to models yet, so 'reasoning.${key}' would have no effect; leave it out (the model's default applies).`);
      }
    }
  }
  for (const key of ['presence_penalty', 'frequency_penalty'] as const) {
    const value = request[key];
    if (value != null && value !== 0) {
      return refuse(key, `imagegate does not pass '${key}' to models yet, so it would have no effect; leave it out or set it to 0.`);
    }
  }
  if (request.top_logprobs != null && request.top_logprobs > 0) {
    return refuse('top_logprobs', "imagegate does not return log probabilities yet; leave 'top_logprobs' out or set it to 0.");
  }
  return undefined;
}

function outputShapeField(request: CreateResponseRequest): ApiError | undefined {
  const format = request.text?.format;
  if (format !== undefined && format.type !== 'text') {
    return refuse('text.format', `imagegate does not enforce structured output yet, so a '${format.type}' format would not be applied; leave 'text.format' out and describe the shape in the prompt.`);
  }
  const verbosity = request.text?.verbosity;
  if (verbosity != null && verbosity !== 'medium') {
    return refuse('text.verbosity', "imagegate does not pass 'text.verbosity' to models yet, so it would have no effect; leave it out.");
  }
  for (const [index, value] of (request.include ?? []).entries()) {
    if (value === 'message.output_text.logprobs') {
      return refuse(`include[${index}]`, "imagegate does not return log probabilities yet; remove 'message.output_text.logprobs' from 'include'.");
    }
  }
  return undefined;
}

function serviceField(request: CreateResponseRequest): ApiError | undefined {
  const tier = request.service_tier;
  if (tier != null && tier !== 'auto' && tier !== 'default') {
    return refuse('service_tier', `imagegate does not pass service tiers to providers yet, so '${tier}' would run (and be priced) as 'default'; use 'auto' or 'default', or leave it out.`);
  }
  if (request.moderation != null) {
    return refuse('moderation', "imagegate does not run input or output moderation yet, so nothing would be scored or blocked; leave 'moderation' out.");
  }
  return undefined;
}

function refuse(param: string, message: string): ApiError {
  return invalidRequest(`Unsupported parameter: '${param}'. ${message}`, param, CODE);
}
