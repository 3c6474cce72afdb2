import type { LanguageModelMessage } from '../spec/language-model.ts';
import { IMAGE_TOOL_NAME, isImageTheUserHas, parseImageToolResult, type ImageToolResult } from './parse-tool-result.ts';

export interface FunctionToolResult {
  readonly toolName: string;
  readonly output: string;
}

/** Everything the simulator looks at: the turn since the latest user message, plus a little history. */
export interface SimulatorTurn {
  /** Position of the latest user message in the prompt, -1 when there is none. */
  readonly userMessageIndex: number;
  /** Text of the latest user message (its text parts joined by newlines). */
  readonly userText: string;
  /** Texts of earlier user messages, newest first: where "2 more images" finds its subject. */
  readonly earlierUserTexts: ReadonlyArray<string>;
  /** Assistant messages since the latest user message: 0 on the first step. */
  readonly stepIndex: number;
  /** A user-supplied image or a delivered generated image is somewhere in the conversation. */
  readonly imageInContext: boolean;
  /** `image_generation` calls the model made since the latest user message. */
  readonly imageCallCount: number;
  readonly imageResults: ReadonlyArray<ImageToolResult>;
  /** Names of non-image tools the model called since the latest user message. */
  readonly functionCallNames: ReadonlyArray<string>;
  readonly functionResults: ReadonlyArray<FunctionToolResult>;
}

/**
 * The simulator reads this much of a user message. Its phrase parsing is regex work over the
 * whole text, so a 10 MB prompt held the event loop for seconds; nothing past the start of a
 * prompt changes what it does.
 */
export const MAX_READ_USER_CHARS = 4096;

function userTextOf(message: Extract<LanguageModelMessage, { role: 'user' }>): string {
  const texts: string[] = [];
  for (const part of message.content) if (part.type === 'text') texts.push(part.text.slice(0, MAX_READ_USER_CHARS));
  return texts.join('\n').slice(0, MAX_READ_USER_CHARS);
}

function findLatestUserIndex(prompt: ReadonlyArray<LanguageModelMessage>): number {
  for (let index = prompt.length - 1; index >= 0; index--) {
    if (prompt[index]?.role === 'user') return index;
  }
  return -1;
}

export function readTurn(prompt: ReadonlyArray<LanguageModelMessage>): SimulatorTurn {
  const userMessageIndex = findLatestUserIndex(prompt);
  const earlierUserTexts: string[] = [];
  let userText = '';
  let imageInContext = false;
  let stepIndex = 0;
  let imageCallCount = 0;
  const imageResults: ImageToolResult[] = [];
  const functionCallNames: string[] = [];
  const functionResults: FunctionToolResult[] = [];

  for (let index = 0; index < prompt.length; index++) {
    const message = prompt[index];
    if (message === undefined) continue;
    const inTurn = index > userMessageIndex;
    switch (message.role) {
      case 'system':
        break;
      case 'user':
        if (message.content.some((part) => part.type === 'image')) imageInContext = true;
        if (index === userMessageIndex) userText = userTextOf(message);
        else earlierUserTexts.unshift(userTextOf(message));
        break;
      case 'assistant':
        if (!inTurn) break;
        stepIndex++;
        for (const part of message.content) {
          if (part.type !== 'tool-call') continue;
          if (part.toolName === IMAGE_TOOL_NAME) imageCallCount++;
          else functionCallNames.push(part.toolName);
        }
        break;
      case 'tool':
        for (const part of message.content) {
          if (part.toolName === IMAGE_TOOL_NAME) {
            // Earlier generated images count as context for an edit even outside this turn;
            // skip parsing old results once that is known, long histories are common.
            if (!inTurn && imageInContext) continue;
            const result = parseImageToolResult(part.output);
            if (isImageTheUserHas(result)) imageInContext = true;
            if (inTurn) imageResults.push(result);
          } else if (inTurn) {
            functionResults.push({ toolName: part.toolName, output: part.output });
          }
        }
        break;
    }
  }

  return {
    userMessageIndex,
    userText,
    earlierUserTexts,
    stepIndex,
    imageInContext,
    imageCallCount,
    imageResults,
    functionCallNames,
    functionResults,
  };
}
