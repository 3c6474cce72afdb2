/**
 * A ComfyUI workflow or its bindings cannot work (a binding names a node or input the graph
 * lacks, the file is in the editor's format, …). Thrown when the model is created, so a bad
 * configuration stops startup instead of failing each call.
 */
export class ComfyWorkflowError extends Error {
  override readonly name = 'ComfyWorkflowError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
