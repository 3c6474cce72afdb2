import { describe, expect, it } from 'vitest';
import { ResponseEmitter } from './response-emitter.ts';
import type { ResponseObject } from './wire/response-object.ts';
import type { ResponseEvent, ResponseEventBody } from './wire/stream-events.ts';

function response(status: ResponseObject['status'], output: ResponseObject['output'] = []): ResponseObject {
  return { id: 'resp_1', object: 'response', status, output, usage: null, imagegate: { model_steps: 0 } } as unknown as ResponseObject;
}

/** A text answer's events, as runResponse and streamModelStep emit them (each built fresh). */
function events(): ResponseEventBody[] {
  const created = response('in_progress');
  const part = { type: 'output_text' as const, text: 'Hello there', annotations: [], logprobs: [] };
  const item = { id: 'msg_1', type: 'message' as const, status: 'completed' as const, role: 'assistant' as const, content: [part] };
  return [
    { type: 'response.created', response: created },
    { type: 'response.in_progress', response: created },
    { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
    { type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hello', logprobs: [] },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: ' there', logprobs: [] },
    { type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: 'Hello there', logprobs: [] },
    { type: 'response.content_part.done', item_id: 'msg_1', output_index: 0, content_index: 0, part },
    { type: 'response.output_item.done', output_index: 0, item },
  ];
}

describe('ResponseEmitter', () => {
  it('folds the same snapshots without a sink as with one, taking lifecycle responses over instead of copying them', () => {
    const sent: ResponseEvent[] = [];
    const watched = new ResponseEmitter((event) => void sent.push(event));
    const unwatched = new ResponseEmitter(undefined);
    for (const event of events()) watched.emit(event);
    const unwatchedEvents = events();
    for (const event of unwatchedEvents) unwatched.emit(event);
    expect(JSON.stringify(unwatched.snapshot)).toBe(JSON.stringify(watched.snapshot));
    expect(unwatched.snapshot.output[0]).toMatchObject({ status: 'completed', content: [{ text: 'Hello there' }] });
    // The created response is the snapshot itself: no copy of the whole response per lifecycle event.
    expect(unwatched.snapshot).toBe((unwatchedEvents[0] as { response: ResponseObject }).response);

    const final = { ...unwatched.snapshot, status: 'completed' as const };
    const finalWatched = { ...watched.snapshot, status: 'completed' as const };
    const send = unwatched.foldThenSend({ type: 'response.completed', response: final });
    const sendWatched = watched.foldThenSend({ type: 'response.completed', response: finalWatched });
    expect(unwatched.snapshot).toBe(final);
    expect(JSON.stringify(unwatched.snapshot)).toBe(JSON.stringify(watched.snapshot));
    send();
    sendWatched();
    // With a sink, every event is numbered and sent, and the snapshot is the emitter's own copy.
    expect(sent.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(watched.snapshot).not.toBe(finalWatched);
  });
});
