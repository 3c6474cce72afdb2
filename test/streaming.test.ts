import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldResponseEvent } from '../src/responses/fold-response-event.ts';
import type { ResponseObject } from '../src/responses/wire/response-object.ts';
import type { ResponseEventBody } from '../src/responses/wire/stream-events.ts';
import { SEED_IMAGE_TOOL, type TestServer, startTestServer } from './support/test-server.ts';

const IMAGE_EVENTS = [
  'response.output_item.added',
  'response.image_generation_call.in_progress',
  'response.image_generation_call.generating',
  'response.image_generation_call.partial_image',
  'response.image_generation_call.partial_image',
  'response.image_generation_call.completed',
  'response.output_item.done',
];
const TEXT_EVENTS = [
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
];

function collapseDeltas(types: string[]): string[] {
  return types.filter((type, index) => !(type === 'response.output_text.delta' && types[index - 1] === type));
}

describe('streaming', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  const request = {
    model: 'simulator',
    input: 'Draw a small blue robot.',
    tools: [{ ...SEED_IMAGE_TOOL, size: '256x256', partial_images: 2 }],
  };

  it('stream: true emits the events in order, exactly partial_images partials, increasing sequence numbers', async () => {
    const stream = await test.client.responses.create({ ...request, stream: true });
    const events: Array<{ type: string; sequence_number: number } & Record<string, unknown>> = [];
    for await (const event of stream) events.push(event as never);

    const types = collapseDeltas(events.map((event) => event.type));
    expect(types).toEqual(['response.created', 'response.in_progress', ...IMAGE_EVENTS, ...TEXT_EVENTS, 'response.completed']);
    const sequence = events.map((event) => event.sequence_number);
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    expect(new Set(sequence).size).toBe(sequence.length);

    const partials = events.filter((event) => event.type === 'response.image_generation_call.partial_image');
    expect(partials.map((event) => event['partial_image_index'])).toEqual([0, 1]);
    for (const partial of partials) expect(String(partial['partial_image_b64']).length).toBeGreaterThan(100);

    const completed = events.at(-1) as unknown as { response: ResponseObject };
    const stored = await test.client.responses.retrieve(completed.response.id);
    const storedImage = stored.output.find((item) => item.type === 'image_generation_call') as { result: string };
    const streamedImage = completed.response.output.find((item) => item.type === 'image_generation_call') as { result: string };
    expect(streamedImage.result).toBe(storedImage.result);
    const doneItem = events.find((event) => event.type === 'response.output_item.done') as unknown as { item: { result: string } };
    expect(doneItem.item.result).toBe(storedImage.result);
    const { output_text: _text, ...storedCopy } = stored as unknown as Record<string, unknown>;
    expect(storedCopy).toEqual(completed.response);

    // A client folding the streamed events gets the same response the server stored.
    let folded: ResponseObject | undefined;
    for (const event of events.slice(0, -1)) folded = foldResponseEvent(folded, event as unknown as ResponseEventBody);
    expect(folded?.output).toEqual(stored.output);
  });

  it('client.responses.stream() helper yields the image and the final response', async () => {
    const runner = test.client.responses.stream(request as never);
    const seen: string[] = [];
    runner.on('event', (event) => seen.push(event.type));
    const final = await runner.finalResponse();
    expect(seen.filter((type) => type === 'response.image_generation_call.partial_image')).toHaveLength(2);
    expect(final.status).toBe('completed');
    expect(final.output.filter((item) => item.type === 'image_generation_call')).toHaveLength(1);
    expect(final.output_text).toContain('robot');
  });

  it('the JSON answer equals the stored copy', async () => {
    const response = await test.client.responses.create({ ...request, stream: false });
    const stored = await test.client.responses.retrieve(response.id);
    const { output_text: _a, ...answer } = response as unknown as Record<string, unknown>;
    const { output_text: _b, ...copy } = stored as unknown as Record<string, unknown>;
    expect(copy).toEqual(answer);
  });
});
