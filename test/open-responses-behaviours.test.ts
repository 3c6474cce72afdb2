import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenResponsesSpec } from './support/spec-validators.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

/**
 * The behaviours the Open Responses compliance suite's HTTP tests check (bin/compliance-test.ts of
 * github.com/openresponses/openresponses, run by `npm run compliance`), in our own words and on the
 * suite's default model, so CI guards them without fetching the suite. The WebSocket, compaction and
 * tool-calling ones live in websocket-responses, compaction-wire and simulator-tool-use tests.
 */
const MODEL = 'gpt-4o-mini';
/** A 32×32 PNG, the kind of data URL the suite's image-input test sends. */
const RED_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKElEQVR42u3NQQEAAAQEMJKL/hoowqYBmzaDoaKioqKioqKioqKioqLyyqLiAb2TO7oAAAAASUVORK5CYII=';

describe('what the Open Responses compliance suite checks over HTTP', () => {
  let test: TestServer;
  const spec = loadOpenResponsesSpec();
  const conforms = (response: unknown) => expect(spec.errorsOf('ResponseResource', response)).toEqual([]);
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  it('basic response: a message item in output, completed, a ResponseResource', async () => {
    const response = await test.client.responses.create({ model: MODEL, input: [{ type: 'message', role: 'user', content: 'Say hello in exactly 3 words.' }] });
    expect(response.status).toBe('completed');
    expect(response.output.some((item) => item.type === 'message')).toBe(true);
    conforms(response);
  });

  it('assistant history labelled with phase (commentary, final_answer) is accepted and answered', async () => {
    const response = await test.client.responses.create({
      model: MODEL,
      input: [
        { type: 'message', role: 'assistant', phase: 'commentary', content: 'I should answer with the saved number.' },
        { type: 'message', role: 'assistant', phase: 'final_answer', content: 'The number is four.' },
        { type: 'message', role: 'user', content: 'Repeat only the number.' },
      ],
    } as never);
    expect(response.status).toBe('completed');
    expect(response.output.length).toBeGreaterThan(0);
    conforms(response);
  });

  it('streaming: created first, deltas, completed last with the same response; every event numbered in order', async () => {
    const stream = await test.client.responses.create({ model: MODEL, stream: true, input: [{ type: 'message', role: 'user', content: 'Count from 1 to 5.' }] });
    const events: { type: string; sequence_number: number }[] = [];
    let completed: unknown;
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(events[0]?.type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.some((event) => event.type === 'response.output_text.delta')).toBe(true);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    conforms(completed);
  });

  it('a system message, an image input (data URL) and multi-turn history are each answered, completed', async () => {
    const system = await test.client.responses.create({
      model: MODEL,
      input: [
        { type: 'message', role: 'system', content: 'You are a pirate. Always respond in pirate speak.' },
        { type: 'message', role: 'user', content: 'Say hello.' },
      ],
    });
    const image = await test.client.responses.create({
      model: MODEL,
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What do you see?' }, { type: 'input_image', image_url: RED_PNG, detail: 'auto' }] }],
    });
    const multiTurn = await test.client.responses.create({
      model: MODEL,
      input: [
        { type: 'message', role: 'user', content: 'My name is Alice.' },
        { type: 'message', role: 'assistant', content: 'Hello Alice! How can I help you today?' },
        { type: 'message', role: 'user', content: 'What is my name?' },
      ],
    });
    for (const response of [system, image, multiTurn]) {
      expect(response.status).toBe('completed');
      expect(response.output.length).toBeGreaterThan(0);
      conforms(response);
    }
    // The image reached the model: it is billed as input beyond the text alone.
    expect(image.usage!.input_tokens).toBeGreaterThan(system.usage!.input_tokens);
  });
});
