import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseMessage } from './sse-decoder.ts';

const encoder = new TextEncoder();

function decodeAll(chunks: Uint8Array[]): SseMessage[] {
  const decoder = new SseDecoder();
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

describe('SseDecoder', () => {
  const text = '\uFEFFevent: délta\r\ndata: {"text":"héllo 🦊"}\r\n\r\n: comment\ndata:no space\ndata\n\nevent: b\rdata: [DONE]\r\r';
  const expected = [
    { event: 'délta', data: '{"text":"héllo 🦊"}' },
    { event: undefined, data: 'no space\n' },
    { event: 'b', data: '[DONE]' },
  ];

  it('returns what each chunk completes, the same wherever the bytes are cut', () => {
    const bytes = encoder.encode(text);
    expect(decodeAll([bytes])).toEqual(expected);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
    expect(decodeAll([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(expected);
  });

  it('drops a byte-order mark only at the very start', () => {
    expect(decodeAll([encoder.encode('data: a\n\n'), encoder.encode('data: \uFEFFb\n\n')])).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: '\uFEFFb' },
    ]);
  });

  it('holds back an event until its blank line arrives', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(encoder.encode('data: {"a":1}\n'))).toEqual([]);
    expect(decoder.push(encoder.encode('\ndata: {"b"'))).toEqual([{ event: undefined, data: '{"a":1}' }]);
    expect(decoder.push(encoder.encode(':2}\n\n'))).toEqual([{ event: undefined, data: '{"b":2}' }]);
  });
});
