import type { LanguageModelMessage } from '../spec/language-model.ts';
import { truncateWords } from './parse-request.ts';
import { IMAGE_TOOL_NAME } from './parse-tool-result.ts';

/** How a compaction request begins (the server's words; a real model reads the whole request). */
const COMPACTION_REQUEST = /^\s*CONTEXT CHECKPOINT COMPACTION\b/;
/** How the server hands an earlier compaction's summary back to the model. */
const EARLIER_SUMMARY = /^Summary of the earlier conversation\b/;
const MAX_LINE_CHARS = 240;
/** The newest lines are kept: a summary of a summary stays bounded. */
const MAX_LINES = 40;

/**
 * When the latest user message asks for a context checkpoint compaction, the simulator's
 * deterministic summary of everything before it: one line per message, tool call and result,
 * each generated image named by its id. Undefined for any other request.
 */
export function summarizeIfAsked(prompt: ReadonlyArray<LanguageModelMessage>): string | undefined {
  const last = prompt.at(-1);
  if (last?.role !== 'user') return undefined;
  const request = last.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  if (!COMPACTION_REQUEST.test(request)) return undefined;
  const lines = summaryLines(prompt.slice(0, -1));
  const kept = lines.slice(-MAX_LINES);
  const header = `Summary of ${lines.length} earlier message${lines.length === 1 ? '' : 's'} and tool events${kept.length < lines.length ? ` (the newest ${kept.length})` : ''}:`;
  return [header, ...kept].join('\n');
}

function summaryLines(messages: ReadonlyArray<LanguageModelMessage>): string[] {
  const lines: string[] = [];
  const imagePrompts = new Map<string, string>();
  const quote = (text: string) => `"${truncateWords(text.replace(/\s+/g, ' ').trim(), MAX_LINE_CHARS)}"`;
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        // An earlier summary is carried over line by line, so a summary of a summary loses nothing recent.
        if (EARLIER_SUMMARY.test(message.content)) lines.push(...message.content.split('\n').filter((line) => line.startsWith('- ')));
        else lines.push(`- Instructions or notes: ${quote(message.content)}`);
        break;
      case 'user': {
        const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
        const images = message.content.filter((part) => part.type === 'image').length;
        lines.push(`- The user said: ${quote(text)}${images > 0 ? ` (with ${images} image${images === 1 ? '' : 's'})` : ''}`);
        break;
      }
      case 'assistant':
        for (const part of message.content) {
          if (part.type === 'text') lines.push(`- The assistant said: ${quote(part.text)}`);
          else if (part.toolName === IMAGE_TOOL_NAME) imagePrompts.set(part.toolCallId, promptOf(part.input));
          else lines.push(`- The assistant called ${part.toolName} with ${truncateWords(part.input, MAX_LINE_CHARS)}`);
        }
        break;
      case 'tool':
        for (const part of message.content) {
          if (part.toolName !== IMAGE_TOOL_NAME) {
            lines.push(`- ${part.toolName || 'A tool'} returned: ${quote(part.output)}`);
            continue;
          }
          const imageId = deliveredImageId(part.output);
          const prompt = imagePrompts.get(part.toolCallId);
          if (imageId !== undefined) lines.push(`- Image ${imageId} was generated${prompt ? ` (prompt: ${quote(prompt)})` : ''}.`);
        }
        break;
    }
  }
  return lines;
}

function promptOf(input: string): string {
  const parsed = parseObject(input);
  return typeof parsed?.['prompt'] === 'string' ? parsed['prompt'] : '';
}

/** The image id of a `delivered` image tool result; other results made no image. */
function deliveredImageId(output: string): string | undefined {
  const parsed = parseObject(output);
  return parsed?.['status'] === 'delivered' && typeof parsed['image_id'] === 'string' ? parsed['image_id'] : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
