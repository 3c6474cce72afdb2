/**
 * Which request an upstream call was made for, so an upstream error's `param` (a field of the
 * *upstream* request) can name the field of the client's request it came from.
 */
export interface ClientErrorScope {
  /** The client's field for an upstream request parameter, or null when none maps. */
  readonly param: (upstreamParam: string) => string | null;
  /** The client's field naming the model that was called: `model`, `tools[0].model`. */
  readonly modelParam: string;
  /**
   * Whether an upstream 400 that reached the mapping as a plain ProviderError is the caller's
   * to fix. True for model steps (the caller's input, sampling settings, context length);
   * false for image calls, whose adapters already turn the caller's 400s into
   * `image_generation_user_error`s — what stays a ProviderError (a checkpoint ComfyUI lacks,
   * an A1111 without `--api`) is the operator's and answers 502.
   */
  readonly badRequestBlamesCaller: boolean;
}

// Upstream parameters of a model step that the client's Responses request set under the same name.
const LANGUAGE_PARAMS: Record<string, string> = {
  model: 'model',
  temperature: 'temperature',
  top_p: 'top_p',
  max_output_tokens: 'max_output_tokens',
  // Chat Completions and Anthropic call the output bound max_tokens.
  max_tokens: 'max_output_tokens',
};

// Image-request parameters the image tool sets (OpenAI Images API names, which other adapters echo).
const IMAGE_TOOL_PARAMS: Record<string, string> = {
  model: 'model',
  size: 'size',
  quality: 'quality',
  background: 'background',
  output_format: 'output_format',
  output_compression: 'output_compression',
  moderation: 'moderation',
  partial_images: 'partial_images',
  input_fidelity: 'input_fidelity',
  mask: 'input_image_mask',
};

const IMAGES_API_PARAMS = new Set([...Object.keys(IMAGE_TOOL_PARAMS), 'prompt', 'n', 'image', 'user', 'style', 'response_format']);

/** A model step of `/v1/responses`. */
export const languageModelScope: ClientErrorScope = {
  param: (upstreamParam) => LANGUAGE_PARAMS[upstreamParam] ?? null,
  modelParam: 'model',
  badRequestBlamesCaller: true,
};

/** An image call of the `image_generation` tool at `tools[toolIndex]`. */
export function imageToolScope(toolIndex: number): ClientErrorScope {
  const prefix = `tools[${toolIndex}]`;
  return {
    param: (upstreamParam) => {
      const field = IMAGE_TOOL_PARAMS[upstreamParam];
      return field === undefined ? null : `${prefix}.${field}`;
    },
    modelParam: `${prefix}.model`,
    badRequestBlamesCaller: false,
  };
}

/** `/v1/images/*`: the upstream request is the client's, field for field. */
export const imagesApiScope: ClientErrorScope = {
  param: (upstreamParam) => (IMAGES_API_PARAMS.has(upstreamParam) ? upstreamParam : null),
  modelParam: 'model',
  badRequestBlamesCaller: false,
};
