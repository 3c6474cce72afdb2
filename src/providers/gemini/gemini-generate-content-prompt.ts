import { toolInputObject } from '../shared/tool-input-object.ts';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import type { GeminiContent, GeminiGenerateContentRequestBody, GeminiRequestPart } from './gemini-generate-content-wire.ts';

export interface GeminiPromptOptions {
  /** The signature Gemini sent with a call, to send back exactly as received. */
  readonly signatureFor: (toolCallId: string) => string | undefined;
  /** Put on a model turn's first call when it has none; undefined to send nothing. */
  readonly placeholderSignature: string | undefined;
}

export interface GeminiPrompt {
  readonly contents: GeminiContent[];
  readonly systemInstruction: GeminiGenerateContentRequestBody['systemInstruction'];
}

/**
 * Converts the spec's prompt into `contents` (roles `user` / `model`) and a `systemInstruction`.
 * Consecutive turns of one role are merged (tool results and a following user message become
 * one user turn). Call ids are not sent: generateContent requests reject `id` in functionCall
 * and functionResponse on several API surfaces ("Unknown name \"id\""), and Gemini pairs
 * results with calls by name and order, so results are put in the order of their calls.
 */
export function convertToGeminiPrompt(prompt: ReadonlyArray<LanguageModelMessage>, options: GeminiPromptOptions): GeminiPrompt {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  let callOrder = new Map<string, number>();
  // Where each function response's call stood in the model turn before it.
  const responseOrder = new Map<GeminiRequestPart, number>();
  const append = (role: GeminiContent['role'], parts: GeminiRequestPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role !== role) contents.push({ role, parts });
    else if (role === 'model') last.parts.push(...parts);
    else last.parts = responsesFirst([...last.parts, ...parts], responseOrder);
  };

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        if (message.content !== '') system.push({ text: message.content });
        break;
      case 'user':
        append(
          'user',
          message.content.flatMap((part): GeminiRequestPart[] =>
            part.type === 'text' ? textParts(part.text) : [{ inlineData: { mimeType: part.mediaType, data: Buffer.from(part.data).toString('base64') } }],
          ),
        );
        break;
      case 'assistant': {
        const calls = message.content.filter((part) => part.type === 'tool-call');
        if (calls.length > 0) callOrder = new Map(calls.map((call, index) => [call.toolCallId, index]));
        append(
          'model',
          message.content.flatMap((part): GeminiRequestPart[] => {
            if (part.type === 'text') return textParts(part.text);
            const signature = options.signatureFor(part.toolCallId);
            return [{ functionCall: { name: part.toolName, args: toolInputObject(part.input) }, ...(signature === undefined ? {} : { thoughtSignature: signature }) }];
          }),
        );
        break;
      }
      case 'tool': {
        const parts = message.content.map((result): GeminiRequestPart => {
          const part = { functionResponse: { name: result.toolName, response: { output: result.output } } };
          responseOrder.set(part, callOrder.get(result.toolCallId) ?? Number.MAX_SAFE_INTEGER);
          return part;
        });
        append('user', responsesFirst(parts, responseOrder));
        break;
      }
    }
  }
  if (options.placeholderSignature !== undefined) addPlaceholders(contents, options.placeholderSignature);
  return { contents, systemInstruction: system.length > 0 ? { parts: system } : undefined };
}

/**
 * Gemini 3 signs the first function call of each model turn (parallel calls: only the first)
 * and rejects a replayed turn whose first call has no signature.
 */
function addPlaceholders(contents: GeminiContent[], placeholder: string): void {
  for (const content of contents) {
    if (content.role !== 'model') continue;
    const first = content.parts.find((part) => 'functionCall' in part);
    if (first && 'functionCall' in first && first.thoughtSignature === undefined) first.thoughtSignature = placeholder;
  }
}

/**
 * A user turn starts with the function responses, in the order of the calls they answer
 * (results may arrive in several tool messages and in any order), then text and images.
 */
function responsesFirst(parts: GeminiRequestPart[], responseOrder: ReadonlyMap<GeminiRequestPart, number>): GeminiRequestPart[] {
  const responses = parts.filter((part) => responseOrder.has(part));
  responses.sort((a, b) => (responseOrder.get(a) ?? 0) - (responseOrder.get(b) ?? 0));
  return [...responses, ...parts.filter((part) => !responseOrder.has(part))];
}

function textParts(text: string): GeminiRequestPart[] {
  return text === '' ? [] : [{ text }];
}
