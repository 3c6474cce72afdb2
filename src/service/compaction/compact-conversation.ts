import { notFound } from '../../errors/api-error.ts';
import { SpendRefusedError } from '../../errors/spend-refused-error.ts';
import { type ConversationInput, itemsToMessages } from '../../loop/conversation/items-to-messages.ts';
import { estimatePromptTokens } from '../../loop/estimate-prompt-tokens.ts';
import type { LanguageModel, LanguageModelMessage, LanguageModelUsage } from '../../providers/spec/language-model.ts';
import { parseCompactRequest } from '../../responses/request/compact-request.ts';
import type { CompactResource, CompactedUserMessage } from '../../responses/wire/compact-resource.ts';
import { checkFunctionCallOutputs } from '../check-function-call-outputs.ts';
import { createSpendGuard } from '../create-spend-guard.ts';
import { loadHistory } from '../load-history.ts';
import { normalizeInput } from '../normalize-input.ts';
import { loadImage, parseMaxCostHeader, rejectDuplicateIds, replayItems } from '../prepare-response.ts';
import { chooseLiveModel } from '../retired-models.ts';
import type { Principal, Services } from '../services.ts';
import { compactionPrompt } from './compaction-prompt.ts';

/** Generated images a compaction keeps for later edits, newest last; older ones live on in the summary's words only. */
const MAX_KEPT_IMAGES = 32;

export interface CompactCall {
  body: unknown;
  header: (name: string) => string | undefined;
  principal: Principal;
  abortSignal: AbortSignal;
}

/**
 * `POST /v1/responses/compact`: the routed model summarizes the conversation (input items and/or
 * the previous_response_id chain, key-scoped) in one model step, reserved, priced and charged like
 * any step. The answer keeps the user messages and adds a compaction item that seals the summary
 * and the generated images it keeps, for this key only. Nothing is stored but the ledger row.
 */
export async function compactConversation(call: CompactCall, services: Services): Promise<CompactResource> {
  const { principal } = call;
  const request = parseCompactRequest(call.body);
  const policy = principal.policy;
  if (policy?.allowedModels && !policy.allowedModels.includes(request.model)) {
    throw notFound(`The model '${request.model}' does not exist or you do not have access to it.`, 'model', 'model_not_found');
  }
  const choice = chooseLiveModel(services, 'text', request.model, 'model');
  const resolved = services.registry.resolveLanguageModel(choice.model, choice.notice);
  const modelId = resolved.model.modelId;
  const maxCostMicros = smallest(policy?.maxCostPerResponseMicros, parseMaxCostHeader(call.header('x-imagegate-max-cost-usd')));

  const ownerId = principal.keyId;
  const inputItems = normalizeInput(request.input ?? undefined, services.generateId);
  rejectDuplicateIds(inputItems);
  const history = request.previous_response_id ? await loadHistory(services.store, request.previous_response_id, ownerId) : [];
  const replay = await replayItems(history, inputItems, request.input ?? undefined, services, ownerId);
  checkFunctionCallOutputs(replay);
  const conversation = await itemsToMessages(replay, request.instructions ?? null, (url, param) => loadImage(url, param, services, call.abortSignal));
  const prompt = compactionPrompt(conversation.messages);

  const id = services.generateId('resp');
  const spend = createSpendGuard(services, { principal, responseId: id, maxCostMicros });
  try {
    const decision = await spend.reserveModelStep({ model: modelId, inputTokens: estimatePromptTokens(prompt, [], modelId), maxOutputTokens: undefined });
    if (!decision.ok) throw new SpendRefusedError(decision.reason, decision.message);
    const step = await summarize(services.telemetry.languageModel(resolved.model), prompt, decision.hold.outputTokenBound, call.abortSignal);
    await spend.settleModelStep(decision.hold, {
      step: 0,
      model: modelId,
      inputTokens: step.usage.inputTokens,
      cachedInputTokens: step.usage.cachedInputTokens,
      outputTokens: step.usage.outputTokens,
      imageOutputTokens: step.usage.imageOutputTokens,
    });
    const encrypted = services.compactionSeal.seal({ summary: step.text, imageIds: keptImageIds(replay) }, ownerId);
    return {
      id,
      object: 'response.compaction',
      created_at: Math.floor(services.now() / 1000),
      output: [...userMessages(replay), { id: services.generateId('cmp'), type: 'compaction', encrypted_content: encrypted }],
      usage: {
        input_tokens: step.usage.inputTokens,
        input_tokens_details: { cached_tokens: step.usage.cachedInputTokens, cache_write_tokens: 0 },
        output_tokens: step.usage.outputTokens,
        output_tokens_details: { reasoning_tokens: step.usage.reasoningTokens },
        total_tokens: step.usage.inputTokens + step.usage.outputTokens,
      },
      imagegate: { simulated: resolved.simulated, resolved_model: modelId, cost: spend.summary() },
    };
  } finally {
    // Whatever happened (a provider fault, a disconnect), nothing stays reserved.
    await spend.releaseAll();
  }
}

/** One model step, no tools: the summary text and what the provider billed. */
async function summarize(
  model: LanguageModel,
  prompt: LanguageModelMessage[],
  maxOutputTokens: number | undefined,
  abortSignal: AbortSignal,
): Promise<{ text: string; usage: LanguageModelUsage }> {
  const result = await model.doStream({ prompt, tools: undefined, toolChoice: undefined, parallelToolCalls: undefined, maxOutputTokens, temperature: undefined, topP: undefined, partsAsTheyCome: false, abortSignal });
  let text = '';
  let usage: LanguageModelUsage | undefined;
  for await (const part of result.stream) {
    if (part.type === 'text-delta') text += part.delta;
    else if (part.type === 'finish') usage = part.usage;
  }
  if (usage === undefined) throw new Error(`The ${model.provider} model stream ended without a finish part.`);
  return { text: text.trim(), usage };
}

/** Every user message of the conversation, as OpenAI's compaction keeps them. */
function userMessages(replay: ReadonlyArray<ConversationInput>): CompactedUserMessage[] {
  return replay.flatMap(({ item }) =>
    item.type === 'message' && item.role === 'user'
      ? [{ id: item.id, type: 'message' as const, status: 'completed' as const, content: item.content.map(asOutputPart), role: 'user' as const }]
      : [],
  );
}

/** Both specs require `detail` (and Open Responses `image_url`) on an image part of an item; a request may leave them out. */
function asOutputPart<Part extends { type: string }>(part: Part): Part {
  if (part.type !== 'input_image') return part;
  const image = part as Part & { image_url?: string | null; detail?: string };
  return { ...part, image_url: image.image_url ?? null, detail: image.detail ?? 'auto' };
}

/** The generated images in the conversation (earlier compactions' kept images included), newest last. */
function keptImageIds(replay: ReadonlyArray<ConversationInput>): string[] {
  const ids = replay.flatMap(({ item }) => (item.type === 'image_generation_call' && typeof item.result === 'string' && item.result !== '' ? [item.id] : []));
  return [...new Set(ids)].slice(-MAX_KEPT_IMAGES);
}

function smallest(...values: Array<number | undefined>): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
}
