import { randomBytes } from 'node:crypto';

/**
 * Tool-call arguments as the JSON string the spec carries. Some servers send an object instead of
 * a string, and a call without parameters may come with an empty string: `{}` is what it meant.
 */
export function toolCallInput(value: string | Record<string, unknown> | null | undefined): string {
  if (value === null || value === undefined) return '{}';
  if (typeof value !== 'string') return JSON.stringify(value);
  return value.trim() === '' ? '{}' : value;
}

/** `call_` + 24 hex digits, like OpenAI's ids, for servers that send calls without one. */
export function randomToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}
