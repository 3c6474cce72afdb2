import { ProviderError } from '../spec/provider-error.ts';
import { type ComfyHistoryEntry, type ComfyImageRef, comfyExecutionErrorSchema, comfyHistorySchema } from './comfyui-wire.ts';

/** Where one submitted prompt stands, read from `GET /history/{prompt_id}`. */
export type ComfyRunState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'success'; readonly images: ReadonlyArray<ComfyImageRef> }
  | { readonly kind: 'error'; readonly message: string; readonly interrupted: boolean };

/**
 * Maps a history answer: no entry yet means queued or running; an entry is final. Images come
 * from `outputNodeId` only when given, else every image saved to the `output` folder, in node
 * order (preview nodes write to `temp` and are skipped).
 */
export function readComfyHistory(provider: string, json: unknown, promptId: string, outputNodeId: string | undefined): ComfyRunState {
  const parsed = comfyHistorySchema.safeParse(json);
  if (!parsed.success) {
    throw new ProviderError({ provider, kind: 'invalid_response', body: JSON.stringify(json), message: `${provider} sent a history entry of an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, isRetryable: false });
  }
  const entry = parsed.data[promptId];
  if (entry === undefined) return { kind: 'pending' };
  if (entry.status?.status_str === 'error') return describeFailure(entry);
  return { kind: 'success', images: collectImages(entry, outputNodeId) };
}

function collectImages(entry: ComfyHistoryEntry, outputNodeId: string | undefined): ReadonlyArray<ComfyImageRef> {
  if (outputNodeId !== undefined) return entry.outputs[outputNodeId]?.images ?? [];
  return Object.values(entry.outputs).flatMap((output) => (output.images ?? []).filter((image) => image.type === 'output'));
}

function describeFailure(entry: ComfyHistoryEntry): ComfyRunState {
  const messages = entry.status?.messages ?? [];
  const interrupted = messages.some(([event]) => event === 'execution_interrupted');
  const errorData = messages.find(([event]) => event === 'execution_error')?.[1];
  const details = comfyExecutionErrorSchema.safeParse(errorData);
  if (!details.success || errorData === undefined) {
    return { kind: 'error', message: interrupted ? 'the run was interrupted on the server' : 'the run failed without details', interrupted };
  }
  const { node_id: nodeId, node_type: nodeType, exception_type: exceptionType, exception_message: exceptionMessage } = details.data;
  const where = nodeId === undefined ? '' : ` in node ${nodeId}${nodeType === undefined ? '' : ` (${nodeType})`}`;
  const what = [exceptionType, exceptionMessage?.trim()].filter((part) => part !== undefined && part !== '').join(': ');
  return { kind: 'error', message: `the run failed${where}${what === '' ? '' : `: ${what}`}`, interrupted };
}
