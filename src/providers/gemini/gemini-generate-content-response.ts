import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelContent, LanguageModelFinishReason, LanguageModelToolCallPart, LanguageModelUsage } from '../spec/language-model.ts';
import type { GeminiCallIdSource } from './gemini-generate-content-call-id.ts';
import { type GeminiGenerateContentResponse, type GeminiResponsePart, type GeminiUsageMetadata, geminiGenerateContentResponseSchema } from './gemini-generate-content-wire.ts';

export interface GeminiAnswer {
  readonly content: LanguageModelContent[];
  readonly finishReason: LanguageModelFinishReason;
  readonly usage: LanguageModelUsage;
}

export interface GeminiReadOptions {
  readonly callIds: GeminiCallIdSource;
  /** Called for each function call Gemini signed, to send the signature back later. */
  readonly onSignature: (toolCallId: string, signature: string) => void;
}

/** Reads a non-streamed answer: the first candidate's text and function calls, in order. */
export function mapGeminiGenerateContentResponse(provider: string, json: unknown, options: GeminiReadOptions): GeminiAnswer {
  const response = parseGeminiResponse(provider, json);
  const candidate = response.candidates?.[0];
  const blocked = response.promptFeedback?.blockReason;
  if (candidate === undefined && !blocked) throw invalidResponse(provider, `${provider} answered without a candidate`, JSON.stringify(json));
  const content: LanguageModelContent[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    const mapped = mapGeminiPart(part, options);
    if (mapped) content.push(mapped);
  }
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  return {
    content,
    finishReason: blocked ? 'content-filter' : mapGeminiFinishReason(candidate?.finishReason, hasToolCalls),
    usage: mapGeminiUsage(response.usageMetadata),
  };
}

export function parseGeminiResponse(provider: string, json: unknown): GeminiGenerateContentResponse {
  const parsed = geminiGenerateContentResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, JSON.stringify(json));
  return parsed.data;
}

/**
 * One answer part as spec content; thought summaries, interim thought images (Gemini 3 Pro
 * Image's drafts) and empty text (a bare signature carrier) are skipped.
 */
export function mapGeminiPart(part: GeminiResponsePart, options: GeminiReadOptions): LanguageModelContent | undefined {
  if (part.inlineData) {
    if (part.thought === true) return undefined;
    return { type: 'file', mediaType: part.inlineData.mimeType, data: new Uint8Array(Buffer.from(part.inlineData.data, 'base64')) };
  }
  if (part.functionCall) {
    const call: LanguageModelToolCallPart = {
      type: 'tool-call',
      toolCallId: options.callIds(part.functionCall),
      toolName: part.functionCall.name,
      input: JSON.stringify(part.functionCall.args ?? {}),
    };
    if (part.thoughtSignature) options.onSignature(call.toolCallId, part.thoughtSignature);
    return call;
  }
  if (typeof part.text === 'string' && part.text !== '' && part.thought !== true) return { type: 'text', text: part.text };
  return undefined;
}

/**
 * Gemini ends a turn with function calls as `STOP` ("Model generated function call(s)."), so
 * calls in the answer decide tool-calls. The refusal family (safety, recitation, blocklists,
 * personal data) is content-filter; failed function calling is an error.
 */
export function mapGeminiFinishReason(reason: string | null | undefined, hasToolCalls: boolean): LanguageModelFinishReason {
  switch (reason) {
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
    case 'MISSING_THOUGHT_SIGNATURE':
    case 'MALFORMED_RESPONSE':
      return 'error';
    default:
      return hasToolCalls ? 'tool-calls' : 'other';
  }
}

/**
 * `promptTokenCount` already includes the cached tokens. Thinking is billed as output but
 * counted apart from `candidatesTokenCount`; the spec's output (like OpenAI's) includes it.
 */
export function mapGeminiUsage(usage: GeminiUsageMetadata | null | undefined): LanguageModelUsage {
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  // Native-image models say how many of the answer's tokens are image (priced apart from text).
  const imageOutputTokens = (usage?.candidatesTokensDetails ?? []).filter((detail) => detail.modality === 'IMAGE').reduce((sum, detail) => sum + (detail.tokenCount ?? 0), 0);
  return {
    inputTokens: (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0),
    cachedInputTokens: usage?.cachedContentTokenCount ?? 0,
    outputTokens: (usage?.candidatesTokenCount ?? 0) + thoughts,
    reasoningTokens: thoughts,
    ...(imageOutputTokens > 0 ? { imageOutputTokens } : {}),
  };
}

