import { describe, expect, it } from 'vitest';
import { readSseBytes } from './read-sse-bytes.ts';

function body(text: string, chunkBytes: number): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += chunkBytes) controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + chunkBytes)));
      controller.close();
    },
  });
}

async function read(text: string, chunkBytes: number) {
  const messages: Array<{ event: string | undefined; data: string }> = [];
  for await (const message of readSseBytes(body(text, chunkBytes))) messages.push({ event: message.event, data: message.data.toString('utf8') });
  return messages;
}

const stream = [
  ': a comment',
  'event: image_generation.partial_image',
  `data: {"b64_json":"${'A'.repeat(5000)}"}`,
  '',
  'event: é',
  'data: first line',
  'data:second line',
  '',
  'data: [DONE]',
  '',
  'data: cut off without its blank line',
].join('\n');

describe('readSseBytes', () => {
  for (const chunkBytes of [1, 2, 7, 64, 100_000]) {
    it(`splits events and joins data lines, whatever the chunks (${chunkBytes} bytes)`, async () => {
      expect(await read(stream, chunkBytes)).toEqual([
        { event: 'image_generation.partial_image', data: `{"b64_json":"${'A'.repeat(5000)}"}` },
        { event: 'é', data: 'first line\nsecond line' },
        { event: undefined, data: '[DONE]' },
      ]);
    });
  }

  it('takes CRLF line ends', async () => {
    expect(await read('event: x\r\ndata: one\r\n\r\ndata: two\r\n\r\n', 3)).toEqual([
      { event: 'x', data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });
});
