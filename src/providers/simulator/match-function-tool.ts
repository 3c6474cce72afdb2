import { cleanPhrase } from './parse-request.ts';

/**
 * Which caller tool a user's message is about, the way a chat model picks one under
 * `tool_choice: "auto"`: "What's the weather like in San Francisco?" is about `get_weather`
 * ("Get the current weather for a location") because it says "weather". Pure and deterministic.
 */

export interface FunctionToolSummary {
  readonly name: string;
  readonly description: string;
}

export interface MatchedFunctionTool {
  readonly toolName: string;
  /** What the message is about, for the tool's string arguments: "San Francisco" from "… in San Francisco?". */
  readonly argumentHint: string;
}

// Words that say nothing about what a tool does: verbs every tool name starts with, and filler.
const UNINFORMATIVE = new Set([
  'a', 'an', 'the', 'of', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'and', 'or', 'is', 'are', 'be', 'it', 'its',
  'this', 'that', 'any', 'some', 'all', 'given', 'specified', 'current', 'specific', 'new', 'one', 'if', 'as', 'you', 'your',
  'get', 'set', 'fetch', 'find', 'list', 'make', 'create', 'update', 'delete', 'remove', 'add', 'run', 'call', 'use', 'do',
  'return', 'returns', 'retrieve', 'retrieves', 'look', 'lookup', 'query', 'search', 'check', 'show', 'tool', 'function',
  'data', 'info', 'information', 'value', 'values', 'item', 'items', 'user', 'location', 'name', 'type', 'e', 'g', 'eg',
]);
// A name word counts as much as two description words: a tool's name is what it is for.
const NAME_WEIGHT = 2;
const MATCH_THRESHOLD = 2;
const MIN_WORD_CHARS = 3;
const MAX_HINT_CHARS = 60;

/** Lower-case content words, with a plural `s` dropped so "cities" and "city" differ but "forecasts" and "forecast" do not. */
function contentWords(text: string): Set<string> {
  const spaced = text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const words = spaced.split(/[^a-z0-9]+/).filter((word) => word.length >= MIN_WORD_CHARS && !UNINFORMATIVE.has(word));
  return new Set(words.map((word) => (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word)));
}

function score(tool: FunctionToolSummary, userWords: ReadonlySet<string>): number {
  const nameWords = contentWords(tool.name);
  let total = 0;
  for (const word of nameWords) if (userWords.has(word)) total += NAME_WEIGHT;
  for (const word of contentWords(tool.description)) if (!nameWords.has(word) && userWords.has(word)) total += 1;
  return total;
}

// "in San Francisco", "for Paris, France", "about the Eiffel Tower": the last such phrase names what the call is about.
const SUBJECT_PHRASE = /^.*\b(?:in|for|at|about|near|of|on|from|to)\s+(?:the\s+)?([^.?!\n]+?)\s*(?:right now|today|tonight|tomorrow|this week|now|please)?\s*[.?!]?\s*$/i;

/** The place or thing the message is about; the whole first sentence when it names none. */
export function argumentHintOf(text: string): string {
  const sentence = cleanPhrase(text, text.length);
  const subject = SUBJECT_PHRASE.exec(sentence)?.[1];
  const hint = subject === undefined ? '' : cleanPhrase(subject, MAX_HINT_CHARS);
  return hint || cleanPhrase(text, MAX_HINT_CHARS) || 'example';
}

/** The tool the message is most about, if any reaches the threshold; the first offered wins a tie. */
export function matchFunctionTool(text: string, tools: ReadonlyArray<FunctionToolSummary>): MatchedFunctionTool | undefined {
  const userWords = contentWords(text);
  let best: { tool: FunctionToolSummary; score: number } | undefined;
  for (const tool of tools) {
    const toolScore = score(tool, userWords);
    if (toolScore >= MATCH_THRESHOLD && (best === undefined || toolScore > best.score)) best = { tool, score: toolScore };
  }
  return best === undefined ? undefined : { toolName: best.tool.name, argumentHint: argumentHintOf(text) };
}
