import { responseFailureToClient } from './response-failure.ts';
import { runResponseLoop } from '../loop/run-response-loop.ts';
import type { ResponseLoopOutcome } from '../loop/response-loop-types.ts';
import { ResponseEmitter, type ResponseEventSink } from '../responses/response-emitter.ts';
import type { ResponseObject } from '../responses/wire/response-object.ts';
import { ResponseCancelled, ServerStopping } from './background/abort-reasons.ts';
import { endedElsewhere } from './ended-elsewhere.ts';
import { initialResponse } from './initial-response.ts';
import type { PreparedResponse } from './prepare-response.ts';
import type { Services } from './services.ts';

/**
 * Runs a prepared response to its end. Every change goes through one emitter: the stream
 * (when `sink` is given), the JSON answer (the return value) and the stored copy are the
 * same folded events. Provider faults end the response as `failed`, never half-written.
 */
export async function runResponse(
  prepared: PreparedResponse,
  services: Services,
  sink: ResponseEventSink | undefined,
  abortSignal: AbortSignal,
): Promise<ResponseObject> {
  try {
    return await services.telemetry.traceResponse(prepared.responseId, prepared.languageModel.model.modelId, () => runOwnedResponse(prepared, services, sink, abortSignal));
  } finally {
    // This response owns its reservations: whatever happened (a failed save, a fault, a
    // disconnect), nothing it reserved stays held once it is over. With nothing held (the usual
    // end) there is nothing to wait for: no extra turn before the answer is written.
    if (prepared.spend?.holdsAny === true) await prepared.spend.releaseAll();
  }
}

async function runOwnedResponse(
  prepared: PreparedResponse,
  services: Services,
  sink: ResponseEventSink | undefined,
  abortSignal: AbortSignal,
): Promise<ResponseObject> {
  const { config } = services;
  const emitter = new ResponseEmitter(sink);
  const maxModelSteps = config.limits.maxModelSteps;
  const created = initialResponse(prepared, Math.floor(services.now() / 1000), maxModelSteps);
  const background = prepared.request.background === true;
  if (background) {
    // As OpenAI streams a background response: created and queued, then in progress.
    emitter.emit({ type: 'response.created', response: { ...created, status: 'queued' } });
    emitter.emit({ type: 'response.queued', response: { ...created, status: 'queued' } });
  } else {
    emitter.emit({ type: 'response.created', response: created });
  }
  emitter.emit({ type: 'response.in_progress', response: created });
  // Stored as in progress first: a crash leaves a row the next start reconciles. A background
  // response is polled while it runs, so it is stored whole; any other is only journaled (one
  // light write), and its one full write is the final save.
  if (prepared.request.store !== false) {
    if (background) await save(prepared, services, emitter.snapshot);
    else await services.store.begin({ id: created.id, ownerId: prepared.ownerId, previousResponseId: created.previous_response_id, createdAt: created.created_at, model: created.model });
  }

  let outcome: ResponseLoopOutcome | undefined;
  let fault: { code: string; message: string } | undefined;
  let failure: unknown;
  try {
    outcome = await runResponseLoop({
      languageModel: services.telemetry.languageModel(prepared.languageModel.model),
      imageModel: prepared.imageModel && services.telemetry.imageModel(prepared.imageModel.model),
      messages: prepared.conversation.messages,
      contextImages: prepared.conversation.contextImages,
      imageTool: prepared.imageTool,
      functionTools: prepared.functionTools,
      toolChoice: prepared.toolChoice,
      parallelToolCalls: prepared.request.parallel_tool_calls ?? true,
      maxOutputTokens: prepared.request.max_output_tokens ?? undefined,
      temperature: prepared.request.temperature ?? undefined,
      topP: prepared.request.top_p ?? undefined,
      limits: prepared.limits,
      maxModelSteps,
      // A background response always logs its events, but makes partial images only when streamed.
      streaming: sink !== undefined && (!background || prepared.request.stream === true),
      // A background response's events are logged as they come (followers resume from the log,
      // and a cancel keeps the text streamed so far), so only a plain JSON answer has no watcher.
      eventsWatched: sink !== undefined,
      emitter,
      spend: prepared.spend,
      firstStepHold: prepared.firstStepHold,
      generateId: services.generateId,
      abortSignal,
    });
  } catch (cause) {
    if (abortSignal.aborted) {
      fault = abortFault(abortSignal.reason);
    } else {
      services.logger.error({ err: cause, responseId: prepared.responseId }, 'response loop failed');
      failure = cause;
    }
  }
  // Errors: one mapping gives Response.error its code and message, and (JSON answers) the HTTP error.
  const clientFailure = responseFailureToClient(prepared, failure ?? outcome?.error);
  if (failure !== undefined) fault = clientFailure?.responseError;

  if (prepared.spend?.holdsAny === true) await prepared.spend.releaseAll();
  const final = finalResponse(emitter.snapshot, outcome, fault, clientFailure?.responseError, Math.floor(services.now() / 1000));
  if (prepared.spend) final.imagegate.cost = prepared.spend.summary();
  // OpenAI's cancelled responses carry no error: the client asked for it.
  if (abortSignal.aborted && abortSignal.reason instanceof ResponseCancelled) final.error = null;
  const type = final.status === 'completed' ? 'response.completed' : final.status === 'incomplete' ? 'response.incomplete' : 'response.failed';
  // The terminal event goes to the client only once the save returned (a failed save streams an
  // error instead), and with the stream's end in the same socket write.
  const sendFinal = emitter.foldThenSend({ type, response: final });
  let stored = emitter.snapshot;
  if (prepared.request.store !== false && !(await save(prepared, services, stored))) {
    // Another instance reconciled this response while this one was stalled past its lease and
    // the grace after it: its `failed` stands (pollers, followers and the event log have seen
    // it), so what this instance finished late is not stored over it.
    services.logger.warn({ responseId: prepared.responseId, status: stored.status }, 'response already ended by another instance; its late end was not stored');
    stored = endedElsewhere(stored);
  }
  sendFinal();
  // A JSON answer that failed upstream before anything billable reached the client is that
  // error (429 + Retry-After, 503, 400 with param…), so SDKs retry; the stored copy stays `failed`.
  if (sink === undefined && clientFailure?.answerAsHttpError(stored) === true) throw clientFailure.apiError;
  return stored;
}

function abortFault(reason: unknown): { code: string; message: string } {
  if (reason instanceof ServerStopping) return { code: 'server_error', message: reason.message };
  if (reason instanceof ResponseCancelled) return { code: 'cancelled', message: reason.message };
  return { code: 'cancelled', message: 'The client disconnected before the response finished.' };
}

function finalResponse(
  snapshot: ResponseObject,
  outcome: ResponseLoopOutcome | undefined,
  fault: { code: string; message: string } | undefined,
  outcomeError: { code: string; message: string } | undefined,
  nowSeconds: number,
): ResponseObject {
  // Items still open when a fault hit are closed as incomplete: nothing stays in progress.
  const output = snapshot.output.map((item) =>
    item.status === 'in_progress' || item.status === 'generating'
      ? item.type === 'image_generation_call'
        ? { ...item, status: 'failed' as const }
        : { ...item, status: 'incomplete' as const }
      : item,
  );
  const usage = outcome?.usage;
  const error = fault ?? (outcome?.error ? outcomeError : undefined);
  const status = fault ? (fault.code === 'cancelled' ? 'cancelled' : 'failed') : (outcome?.status ?? 'failed');
  return {
    ...snapshot,
    status,
    completed_at: status === 'completed' ? nowSeconds : null,
    error: error ?? null,
    incomplete_details: outcome?.incompleteReason ? { reason: outcome.incompleteReason } : null,
    output,
    usage: usage
      ? {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: usage.cachedInputTokens, cache_write_tokens: 0 },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
          total_tokens: usage.inputTokens + usage.outputTokens,
        }
      : snapshot.usage,
    imagegate: {
      ...snapshot.imagegate,
      images_generated: outcome?.imagesGenerated ?? countImages(snapshot),
      model_steps: outcome?.modelSteps ?? 0,
      ignored_tool_calls: outcome?.ignoredToolCalls ?? [],
      warnings: outcome?.warnings ?? [],
    },
  };
}

function countImages(snapshot: ResponseObject): number {
  return snapshot.output.filter((item) => item.type === 'image_generation_call' && item.status === 'completed').length;
}

/** Stores the response unless it already ended (see `SaveCondition`); whether it was stored. */
function save(prepared: PreparedResponse, services: Services, response: ResponseObject): Promise<boolean> {
  return services.store.save(
    {
      id: response.id,
      ownerId: prepared.ownerId,
      previousResponseId: response.previous_response_id,
      createdAt: response.created_at,
      response,
      inputItems: prepared.inputItems,
    },
    { onlyWhileRunning: true },
  );
}
