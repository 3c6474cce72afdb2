import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import type { ImageModelWarning } from '../spec/image-model.ts';
import { type QueuedPrompt, cancelComfyPrompt, comfyProvider, getComfyHistory, queueComfyPrompt } from './comfyui-client.ts';
import { comfyRunError, describeNodeErrors, mapComfyPromptError } from './comfyui-error.ts';
import { type ComfyRunState, readComfyHistory } from './comfyui-history.ts';
import type { ComfyWorkflow, ComfyWorkflowTemplate } from './comfyui-workflow.ts';
import { type ComfyImageRef, comfyNodeErrorsSchema } from './comfyui-wire.ts';
import { pollUntil } from '../shared/poll-until.ts';

export interface ComfyRunContext {
  readonly settings: ProviderSettings;
  readonly clientId: string;
  readonly pollIntervalMillis: number;
  readonly sleep: (millis: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly abortSignal: AbortSignal;
}

export interface ComfyRunResult {
  readonly images: ReadonlyArray<ComfyImageRef>;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

/**
 * Queues one bound workflow and follows it to its end by polling `/history/{prompt_id}` (Node
 * 20 has no WebSocket client), for at most `settings.timeoutMillis` overall. When the caller
 * aborts or time runs out, the prompt is cancelled on the server in the background.
 */
export async function runComfyPrompt(context: ComfyRunContext, template: ComfyWorkflowTemplate, graph: ComfyWorkflow): Promise<ComfyRunResult> {
  const { settings, abortSignal } = context;
  let queued: QueuedPrompt;
  try {
    queued = await queueComfyPrompt(settings, graph, context.clientId, abortSignal);
  } catch (error) {
    throw error instanceof ProviderError ? mapComfyPromptError(error, template) : error;
  }
  const { promptId } = queued;
  let state: Exclude<ComfyRunState, { kind: 'pending' }>;
  try {
    state = await pollUntil({
      poll: async () => {
        const history = readComfyHistory(comfyProvider, await getComfyHistory(settings, promptId, abortSignal), promptId, template.outputNodeId);
        return history.kind === 'pending' ? undefined : history;
      },
      intervalMillis: context.pollIntervalMillis,
      timeoutMillis: settings.timeoutMillis,
      abortSignal,
      sleep: context.sleep,
      now: context.now,
      onTimeout: (elapsedMillis, polls) =>
        new ProviderError({ provider: comfyProvider, kind: 'timeout', message: `${comfyProvider} prompt ${promptId} did not finish within ${settings.timeoutMillis} ms (${polls} polls over ${elapsedMillis} ms)`, isRetryable: true }),
    });
  } catch (error) {
    // Not awaited: the caller's answer must not wait on housekeeping; cancelComfyPrompt never throws.
    void cancelComfyPrompt(settings, promptId);
    throw error;
  }
  if (state.kind === 'error') throw comfyRunError(comfyProvider, state, promptId);
  return { images: state.images, warnings: droppedOutputWarnings(queued.nodeErrors) };
}

/** A 200 `/prompt` answer may list outputs whose inputs failed validation; the rest still runs. */
function droppedOutputWarnings(nodeErrors: unknown): ImageModelWarning[] {
  const parsed = comfyNodeErrorsSchema.safeParse(nodeErrors);
  if (!parsed.success || Object.keys(parsed.data).length === 0) return [];
  return [{ type: 'other', message: `ComfyUI skipped part of the workflow: ${describeNodeErrors(parsed.data).join('; ')}` }];
}
