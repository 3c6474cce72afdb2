import { ApiError, invalidRequest, notFound } from '../errors/api-error.ts';
import { FetchImageError } from '../net/fetch-image-error.ts';
import { fetchImageUrl } from '../net/fetch-image-url.ts';
import { type ResponseLimits, combineLimits } from '../policy/response-limits.ts';
import type { ResolvedImageModel, ResolvedLanguageModel } from '../providers/registry/provider-registry.ts';
import type { LanguageModelTool } from '../providers/spec/language-model.ts';
import type { CreateResponseRequest } from '../responses/request/create-response-request.ts';
import { parseCreateResponseRequest } from '../responses/request/parse-create-response-request.ts';
import { parseImagegateHeaders } from '../responses/request/parse-imagegate-headers.ts';
import { findUnsupportedField } from '../responses/request/unsupported-fields.ts';
import type { ConversationItem } from '../responses/conversation/conversation-item.ts';
import { type DecodedImage, assertReadableImage, decodeDataUrl } from '../responses/conversation/decode-image-url.ts';
import { type Conversation, type ConversationInput, itemsToMessages } from '../loop/conversation/items-to-messages.ts';
import { type ToolChoicePlan, planToolChoice } from '../loop/tool-choice.ts';
import type { ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';
import { checkExactImagesPossible } from './check-exact-images.ts';
import { checkFunctionCallOutputs } from './check-function-call-outputs.ts';
import { expandCompaction } from './compaction/expand-compaction.ts';
import { type ResponseConversation, conversationIdOf, findInConversation, loadConversation } from './conversations/response-conversation.ts';
import { inlineFilesUpstream } from './files/inline-files-upstream.ts';
import { loadFileImage } from './files/load-file-image.ts';
import { resolveInputFiles } from './files/resolve-input-files.ts';
import { type ImageGenerationToolWire, imageToolSettingsFromRequest, isImageTool } from './image-tool-settings-from-request.ts';
import { type LocalResponses, isItemReference, loadHistory, resolveReference } from './load-history.ts';
import { normalizeInput } from './normalize-input.ts';
import { chooseLiveModel } from './retired-models.ts';
import type { SpendDecision, SpendGuard } from '../policy/spend-guard.ts';
import type { PassthroughReservation } from './passthrough/reserve-passthrough.ts';
import type { Principal, Services } from './services.ts';

/** A validated request, ready to run: everything that can fail with a 4xx has been checked. */
export interface PreparedResponse {
  request: CreateResponseRequest;
  responseId: string;
  ownerId: string | null;
  languageModel: ResolvedLanguageModel;
  imageModel: ResolvedImageModel | undefined;
  imageToolWire: ImageGenerationToolWire | undefined;
  imageTool: ImageToolSettings | undefined;
  functionTools: LanguageModelTool[];
  toolChoice: ToolChoicePlan;
  limits: ResponseLimits;
  conversation: Conversation;
  /** This request's input items as stored and listed. */
  inputItems: ConversationItem[];
  /** The conversation (`conversation` in the request) this response continues and is added to. */
  conversationRef?: ResponseConversation;
  /** Who is asking: the API key (policy, budgets) or nobody in the key-less default. */
  principal: Principal;
  /** The strictest cap on this response's cost: key policy, `imagegate.max_cost_usd`, header. */
  maxCostMicros: number | undefined;
  /** Set by `preflightSpend` before anything runs. */
  spend?: SpendGuard;
  firstStepHold?: SpendDecision;
  /** What a passthrough response reserved (set by `preflightSpend`). */
  passthrough?: PassthroughReservation;
}

/**
 * Parses and checks a `POST /v1/responses` body and loads what it refers to. Bad input throws
 * an ApiError here, before anything is generated or stored.
 */
export async function prepareResponse(
  body: unknown,
  header: (name: string) => string | undefined,
  services: Services,
  principal: Principal,
  abortSignal: AbortSignal,
  localResponses?: LocalResponses,
): Promise<PreparedResponse> {
  const ownerId = principal.keyId;
  const parsed = parseCreateResponseRequest(body);
  const headerLimits = parseImagegateHeaders(header);
  const policy = principal.policy;
  if (policy?.allowedModels && !policy.allowedModels.includes(parsed.model)) {
    throw notFound(`The model '${parsed.model}' does not exist or you do not have access to it.`, 'model', 'model_not_found');
  }
  // Retired models: refused here, or replaced by their successor (also in the echoed request).
  const modelChoice = chooseLiveModel(services, 'text', parsed.model, 'model');
  const imageIndex = (parsed.tools ?? []).findIndex((tool) => tool.type === 'image_generation');
  const requestedImageModel = parsed.tools?.find(isImageTool)?.model;
  const imageChoice = requestedImageModel === undefined ? undefined : chooseLiveModel(services, 'image', requestedImageModel, `tools[${imageIndex}].model`);
  const request: CreateResponseRequest = {
    ...parsed,
    model: modelChoice.model,
    ...(imageChoice && parsed.tools ? { tools: parsed.tools.map((tool, index) => (index === imageIndex ? { ...tool, model: imageChoice.model } : tool)) } : {}),
  };
  const languageModel = services.registry.resolveLanguageModel(request.model, modelChoice.notice);
  const unsupported = findUnsupportedField(request, { passthrough: languageModel.passthrough });
  if (unsupported) throw unsupported;
  const maxCostMicros = smallest([
    policy?.maxCostPerResponseMicros,
    request.imagegate?.max_cost_usd === undefined ? undefined : Math.floor(request.imagegate.max_cost_usd * 1_000_000),
    parseMaxCostHeader(header('x-imagegate-max-cost-usd')),
  ]);

  const tools = request.tools ?? [];
  const imageToolIndex = tools.findIndex(isImageTool);
  const imageToolWire = tools.find(isImageTool);
  const imageTool = imageToolWire && !languageModel.passthrough ? imageToolSettingsFromRequest(imageToolWire, imageToolIndex) : undefined;
  const imageModel = imageToolWire && !languageModel.passthrough ? services.registry.resolveImageModel(imageToolWire.model, languageModel.imageModel, imageChoice?.notice) : undefined;
  const functionTools: LanguageModelTool[] = tools.flatMap((tool) =>
    tool.type === 'function'
      ? [{ name: tool.name, description: tool.description ?? '', parameters: tool.parameters ?? { type: 'object', properties: {} } }]
      : [],
  );

  const exactImages = headerLimits.exactImages ?? request.imagegate?.exact_images;
  if (exactImages !== undefined && !imageTool) {
    const param = headerLimits.exactImages !== undefined ? 'x-imagegate-exact-images' : 'imagegate.exact_images';
    throw invalidRequest('An exact image count needs an image_generation tool in tools.', param, 'invalid_value');
  }
  const { config } = services;
  const exactSource =
    headerLimits.exactImages !== undefined ? 'x-imagegate-exact-images' : request.imagegate?.exact_images !== undefined ? 'imagegate.exact_images' : 'policy.exact_images';
  const exactInForce = exactImages ?? (imageTool ? policy?.exactImages : undefined);
  if (exactInForce !== undefined) {
    checkExactImagesPossible({ exactImages: exactInForce, source: exactSource, request, maxModelSteps: config.limits.maxModelSteps });
  }
  const imagesLeft = imagesLeftThisMinute(services, principal);
  const limits = combineLimits([
    { maxImages: config.limits.maxImagesPerResponse, maxToolCalls: config.limits.maxToolCallsPerResponse },
    { maxToolCalls: request.max_tool_calls ?? undefined, maxImages: request.imagegate?.max_images, exactImages: request.imagegate?.exact_images },
    { maxToolCalls: headerLimits.maxToolCalls, maxImages: headerLimits.maxImages, exactImages: headerLimits.exactImages },
    { maxImages: policy?.maxImagesPerResponse, exactImages: imageTool ? policy?.exactImages : undefined },
    { maxImages: imagesLeft === undefined ? undefined : await imagesLeft },
  ]);

  const inputItems = normalizeInput(request.input, services.generateId);
  rejectDuplicateIds(inputItems);
  const paramOf = (index: number) => (typeof request.input === 'string' ? 'input' : `input[${index}]`);
  if (languageModel.passthrough) {
    rejectCompactionItems(inputItems);
    // OpenAI holds the conversation state and runs the tool: nothing to load or replay here.
    const relayedItems = await resolveInputFiles(inputItems, paramOf, services, ownerId, 'relay');
    return {
      request: await inlineFilesUpstream(request, relayedItems, services, ownerId),
      responseId: services.generateId('resp'),
      ownerId,
      languageModel,
      imageModel: undefined,
      imageToolWire,
      imageTool: undefined,
      functionTools,
      toolChoice: planToolChoice(request.tool_choice),
      limits,
      conversation: { messages: [], contextImages: [] },
      inputItems: relayedItems,
      principal,
      maxCostMicros,
    };
  }
  const maskFileId = imageToolWire?.input_image_mask?.file_id;
  const maskParam = `tools[${imageToolIndex}].input_image_mask.${maskFileId == null ? 'image_url' : 'file_id'}`;
  if (imageTool && maskFileId != null) imageTool.mask = await loadFileImage(maskFileId, maskParam, services, ownerId);
  if (imageTool?.mask) {
    imageTool.mask = await assertReadableImage(imageTool.mask, maskParam, services.config.limits.maxInputImagePixels);
  }
  const resolvedInputItems = await resolveInputFiles(inputItems, paramOf, services, ownerId);
  const conversationId = conversationIdOf(request.conversation);
  const loaded = conversationId === undefined ? undefined : await loadConversation(services, conversationId, ownerId);
  const history = request.previous_response_id ? await loadHistory(services.store, request.previous_response_id, ownerId, localResponses) : (loaded?.history ?? []);
  const replay = await replayItems(history, resolvedInputItems, request.input, services, ownerId, localResponses, loaded?.history);
  checkFunctionCallOutputs(replay);
  const conversation = await itemsToMessages(replay, request.instructions ?? null, (url, param) => loadImage(url, param, services, abortSignal));

  return {
    request,
    responseId: services.generateId('resp'),
    ownerId,
    languageModel,
    imageModel,
    imageToolWire,
    imageTool,
    functionTools,
    toolChoice: planToolChoice(request.tool_choice),
    limits,
    conversation,
    inputItems: resolvedInputItems,
    ...(loaded === undefined ? {} : { conversationRef: loaded.conversation }),
    principal,
    maxCostMicros,
  };
}

function smallest(values: Array<number | undefined>): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
}

/** `x-imagegate-max-cost-usd: 0.25` → micro-dollars (rounded down: the cap never grows). */
export function parseMaxCostHeader(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d+(\.\d{1,6})?$/.test(value.trim()) || Number(value) <= 0) {
    throw invalidRequest(`Invalid value for header 'x-imagegate-max-cost-usd': '${value}'. Expected a positive amount in dollars, e.g. 0.25.`, 'x-imagegate-max-cost-usd', 'invalid_value');
  }
  return Math.floor(Number(value) * 1_000_000);
}

/**
 * A key's images-per-minute rate limit, as a cap on this response (shared by every instance);
 * undefined at once, without a promise, when the key has none.
 */
function imagesLeftThisMinute(services: Services, principal: Principal): Promise<number> | undefined {
  const perMinute = principal.policy?.rateLimits?.imagesPerMinute;
  if (perMinute === undefined || principal.keyId === null) return undefined;
  return services.rateLimiter.count(principal.keyId, 'image').then((count) => Math.max(0, perMinute - count));
}

/**
 * History, then this request's input, as the loop replays them: references resolved (owner-scoped),
 * compaction items opened into their summary and kept images.
 */
export async function replayItems(
  history: ReadonlyArray<ConversationItem>,
  inputItems: ReadonlyArray<ConversationItem>,
  input: CreateResponseRequest['input'],
  services: Services,
  ownerId: string | null,
  localResponses?: LocalResponses,
  /** The request's conversation's items, which references may name too. */
  conversationItems?: readonly ConversationItem[],
): Promise<ConversationInput[]> {
  const reader = { seal: services.compactionSeal, store: services.store, ownerId, localResponses };
  const replay: ConversationInput[] = [];
  for (const item of history) {
    const resolved = await resolveReference(services.store, item, ownerId, undefined, localResponses);
    if (resolved) replay.push(...(await expandCompaction({ item: resolved, param: undefined }, reader)));
  }
  for (const [index, item] of inputItems.entries()) {
    // Most input items are neither references nor compactions: taken as they are, without a promise each.
    const resolved =
      (conversationItems && findInConversation(conversationItems, item)) ??
      (isItemReference(item) ? await resolveReference(services.store, item, ownerId, `input[${index}]`, localResponses) : item);
    if (!resolved) continue;
    const entry = { item: resolved, param: typeof input === 'string' ? 'input' : `input[${index}]` };
    if (resolved.type === 'compaction') replay.push(...(await expandCompaction(entry, reader)));
    else replay.push(entry);
  }
  return replay;
}

/** imagegate's compaction items hold a summary only imagegate can open: OpenAI would refuse them. */
function rejectCompactionItems(items: ReadonlyArray<ConversationItem>): void {
  const index = items.findIndex((item) => item.type === 'compaction');
  if (index === -1) return;
  throw invalidRequest(
    'Compaction items cannot be sent to a passthrough model: OpenAI runs its conversation and cannot read them. Continue the compacted conversation with a model imagegate runs.',
    `input[${index}]`,
    'invalid_value',
  );
}

/** OpenAI rejects an input that holds the same item twice; stored input items need unique ids. */
export function rejectDuplicateIds(items: ReadonlyArray<ConversationItem>): void {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (item.id === undefined) continue;
    if (seen.has(item.id)) throw invalidRequest(`Duplicate item found with id '${item.id}'.`, `input[${index}].id`, 'duplicate_item');
    seen.add(item.id);
  }
}

export async function loadImage(url: string, param: string | undefined, services: Services, abortSignal: AbortSignal): Promise<DecodedImage> {
  const decoded = decodeDataUrl(url, param ?? 'input');
  if (decoded) return param === undefined ? decoded : assertReadableImage(decoded, param, services.config.limits.maxInputImagePixels);
  const { imageUrls } = services.config;
  try {
    const fetched = await fetchImageUrl(url, {
      allowPrivateAddresses: imageUrls.allowPrivateAddresses,
      maxBytes: imageUrls.maxBytes,
      timeoutMillis: imageUrls.timeoutMillis,
      abortSignal,
    });
    return assertReadableImage(fetched, param ?? 'input', services.config.limits.maxInputImagePixels);
  } catch (cause) {
    if (cause instanceof FetchImageError) {
      throw new ApiError(400, 'invalid_request_error', cause.message, param ?? null, cause.code, { cause });
    }
    throw cause;
  }
}
