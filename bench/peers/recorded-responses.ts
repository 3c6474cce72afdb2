// The fake upstream's Responses API answers, taken from a real OpenAI recording (vercel/ai's
// `openai-reasoning-encrypted-content.1.chunks.txt`, under test/fixtures/): the same events, in the
// same order, with the same fields; only ids, model and store become holes filled per request,
// and the recorded `calculator` call becomes a call of imagegate's `image_generation` function.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Template, compileTemplate, hole } from './template.ts';

const RECORDING = 'test/fixtures/providers/openai/vercel-ai/responses/openai-reasoning-encrypted-content.1.chunks.txt';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One upstream answer: the SSE body and the JSON body (the `response.completed` response). */
export interface RecordedAnswer {
  /** One template per SSE event, written one by one as OpenAI sends them. */
  readonly sse: ReadonlyArray<Template>;
  readonly json: Template;
  /** The answer's text (text turns) or the call's arguments (call turns), for checks. */
  readonly content: string;
  /** The streamed pieces of `content`, as recorded. */
  readonly deltas: ReadonlyArray<string>;
}

export interface RecordedAnswers {
  /** A text answer (the recording's fourth response: one message). */
  readonly text: RecordedAnswer;
  /** One `image_generation` function call (the recording's third response: one call). */
  readonly imageCall: RecordedAnswer;
}

export const IMAGE_PROMPT = 'A red fox standing in fresh snow at dawn, photographed with a long lens.';

export function loadRecordedAnswers(repoRoot: string): RecordedAnswers {
  const lines = readFileSync(resolve(repoRoot, RECORDING), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const responses: JsonObject[][] = [];
  for (const line of lines) {
    const event = JSON.parse(line) as JsonObject;
    if (event['type'] === 'response.created') responses.push([]);
    responses.at(-1)?.push(event);
  }
  const textEvents = responses.find((events) => outputTypes(events).join() === 'message');
  const callEvents = responses.find((events) => outputTypes(events).join() === 'function_call');
  if (!textEvents || !callEvents) throw new Error(`${RECORDING}: expected a response with one message and one with one function call`);
  return { text: textAnswer(textEvents), imageCall: imageCallAnswer(callEvents) };
}

function outputTypes(events: JsonObject[]): string[] {
  const completed = events.find((event) => event['type'] === 'response.completed')?.['response'];
  const output = isObject(completed) ? completed['output'] : undefined;
  return Array.isArray(output) ? output.map((item) => (isObject(item) ? String(item['type']) : '?')) : [];
}

function textAnswer(events: JsonObject[]): RecordedAnswer {
  const message = firstItem(events);
  const ids = new Map([[responseId(events), hole('RESP_ID')], [String(message['id']), hole('ITEM_ID')]]);
  const done = events.find((event) => event['type'] === 'response.output_text.done');
  return build(events.map((event) => eventWithHoles(event, ids)), String(done?.['text'] ?? ''));
}

function imageCallAnswer(events: JsonObject[]): RecordedAnswer {
  const call = firstItem(events);
  const ids = new Map([
    [responseId(events), hole('RESP_ID')],
    [String(call['id']), hole('ITEM_ID')],
    [String(call['call_id']), hole('CALL_ID')],
  ]);
  const args = JSON.stringify({ prompt: IMAGE_PROMPT });
  const rewritten: JsonObject[] = [];
  for (const event of events) {
    const type = event['type'];
    if (type === 'response.function_call_arguments.delta') {
      // The recorded call streamed its arguments in token-sized deltas; so do ours, at the first delta's place.
      if (rewritten.some((done) => done['type'] === type)) continue;
      for (const piece of args.match(/.{1,4}/g) ?? []) rewritten.push({ ...event, delta: piece });
      continue;
    }
    rewritten.push(renameCall(event, args));
  }
  // More deltas than recorded: the events after them move up, as OpenAI numbers them.
  return build(rewritten.map((event, index) => eventWithHoles({ ...event, sequence_number: index }, ids)), args);
}

/** `calculator` → `image_generation` with our arguments, wherever the call appears. */
function renameCall(value: JsonObject, args: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'name' && inner === 'calculator') out[key] = 'image_generation';
    else if (key === 'arguments' && typeof inner === 'string' && inner !== '') out[key] = args;
    else if (isObject(inner)) out[key] = renameCall(inner, args);
    else if (Array.isArray(inner)) out[key] = inner.map((item) => (isObject(item) ? renameCall(item, args) : item));
    else out[key] = inner;
  }
  return out;
}

function firstItem(events: JsonObject[]): JsonObject {
  const added = events.find((event) => event['type'] === 'response.output_item.added')?.['item'];
  if (!isObject(added)) throw new Error(`${RECORDING}: no output_item.added`);
  return added;
}

function responseId(events: JsonObject[]): string {
  const response = events[0]?.['response'];
  if (!isObject(response)) throw new Error(`${RECORDING}: response.created without a response`);
  return String(response['id']);
}

function eventWithHoles(event: JsonObject, ids: Map<string, string>): JsonObject {
  const out = withHoles(event, ids);
  if (!isObject(out)) throw new Error('an event stays an object');
  return out;
}

/** Recorded ids become holes; a response object echoes the request's model and store and no tools. */
function withHoles(value: Json, ids: Map<string, string>): Json {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => withHoles(item, ids));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) out[key] = withHoles(inner, ids);
  if (out['object'] === 'response') {
    out['model'] = hole('MODEL');
    out['store'] = hole('STORE');
    out['tools'] = [];
  }
  return out;
}

function build(events: JsonObject[], content: string): RecordedAnswer {
  const deltas = events.filter((event) => String(event['type']).endsWith('.delta')).map((event) => String(event['delta']));
  // OpenAI frames each event with an `event:` line (vercel/ai recorded only the data lines).
  const sse = events.map((event) => compileTemplate(`event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`));
  const completed = events.find((event) => event['type'] === 'response.completed')?.['response'];
  if (!isObject(completed)) throw new Error(`${RECORDING}: no response.completed`);
  return { sse, json: compileTemplate(JSON.stringify(completed)), content, deltas };
}
