import type { ImageGenerationError } from '../spec/image-generation-error.ts';
import { invalidRequest } from '../shared/image/image-errors.ts';
import { parseJsonAs } from '../shared/parse-json-as.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ComfyRunState } from './comfyui-history.ts';
import { type ComfyBindingKey, type ComfyWorkflowTemplate, callerBindingKeys } from './comfyui-workflow.ts';
import { type ComfyNodeErrors, comfyPromptErrorSchema } from './comfyui-wire.ts';

/**
 * Sorts a refused `POST /prompt` (400 `{error, node_errors}`): when every failing input is one
 * the caller's request filled (prompt, size, n, seed, the uploaded image or mask) it is the
 * caller's to fix and becomes `invalid_request`; anything else (a checkpoint the server lacks,
 * a missing custom node, a broken graph) is the operator's and stays a non-retryable
 * ProviderError. Other failures pass through unchanged.
 */
export function mapComfyPromptError(error: ProviderError, template: ComfyWorkflowTemplate): ImageGenerationError | ProviderError {
  if (error.kind !== 'http' || error.status !== 400 || error.body === undefined) return error;
  const parsed = parseJsonAs(comfyPromptErrorSchema, error.body);
  if (parsed === undefined) return error;
  const { error: summary, node_errors: nodeErrors } = parsed;
  const headline = typeof summary === 'string' ? summary : [summary.message, summary.details].filter((part) => part !== undefined && part !== '').join(': ');
  const nodeLines = Array.isArray(nodeErrors) || nodeErrors === undefined ? [] : describeNodeErrors(nodeErrors);
  const message = `${error.provider} refused the workflow: ${[headline || 'invalid prompt', ...nodeLines].join('; ')}`;
  if (!Array.isArray(nodeErrors) && nodeErrors !== undefined && blamesOnlyCallerInputs(nodeErrors, template)) {
    return invalidRequest(message, error);
  }
  return new ProviderError({ provider: error.provider, kind: 'http', status: 400, body: error.body, message, isRetryable: false, upstream: error.upstream, cause: error });
}

/** One line per failing input: `node 5 (EmptyLatentImage): Value 20000 bigger than max of 16384: width`. */
export function describeNodeErrors(nodeErrors: ComfyNodeErrors): string[] {
  return Object.entries(nodeErrors).flatMap(([nodeId, node]) =>
    node.errors.map((reason) => {
      const text = [reason.message, reason.details].filter((part) => part !== undefined && part !== '').join(': ');
      return `node ${nodeId}${node.class_type === undefined ? '' : ` (${node.class_type})`}: ${text || reason.type || 'invalid'}`;
    }),
  );
}

/** A finished run that failed: never the caller's fault, since their values passed validation. */
export function comfyRunError(provider: string, state: Extract<ComfyRunState, { kind: 'error' }>, promptId: string): ProviderError {
  return new ProviderError({ provider, kind: 'http', message: `${provider} prompt ${promptId}: ${state.message}`, isRetryable: false });
}

function blamesOnlyCallerInputs(nodeErrors: ComfyNodeErrors, template: ComfyWorkflowTemplate): boolean {
  const callerInputs = new Set<string>();
  for (const [key, ref] of Object.entries(template.bindings)) {
    if (ref !== undefined && callerBindingKeys.has(key as ComfyBindingKey)) callerInputs.add(`${ref[0]}/${ref[1]}`);
  }
  const blamed = Object.entries(nodeErrors).flatMap(([nodeId, node]) => node.errors.map((reason) => `${nodeId}/${reason.extra_info?.input_name ?? ''}`));
  return blamed.length > 0 && blamed.every((input) => callerInputs.has(input));
}
