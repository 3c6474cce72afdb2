import { describe, expect, it } from 'vitest';
import { ODD_SPLITS, ODD_SPLITS_LARGE, chunkLines, frameAsSse, readRecording, splitBytes, splitsInsideCharacter, splitsInsideCrlf } from './recordings.ts';

const thinking = chunkLines(readRecording(new URL('../../../../fixtures/providers/anthropic/vercel-ai/anthropic-clear-thinking.1.chunks.txt', import.meta.url)));
const openaiText = chunkLines(readRecording(new URL('../../../../fixtures/providers/openai-compatible/vercel-ai/openai/openai-text.chunks.txt', import.meta.url)));

describe('replaying recordings at odd byte boundaries', () => {
  it('frames events as the provider does', () => {
    expect(frameAsSse(['{"type":"ping"}', '{"a":1}'], { lineEnd: '\r\n', eventField: true, trailer: '[DONE]' })).toBe(
      'event: ping\r\ndata: {"type":"ping"}\r\n\r\ndata: {"a":1}\r\n\r\ndata: [DONE]\r\n\r\n',
    );
  });

  it('cuts bytes in cycles of sizes and loses none', () => {
    const chunks = splitBytes('ab÷cdefg', [1, 2]);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1, 2, 1, 2, 1, 2]);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('ab÷cdefg');
    expect(splitsInsideCharacter(chunks)).toBe(true);
  });

  it('the split plans the tests use do cut inside multi-byte characters and between \\r and \\n', () => {
    const crlf = frameAsSse(thinking, { lineEnd: '\r\n', eventField: true });
    for (const plan of [...ODD_SPLITS, ...ODD_SPLITS_LARGE]) expect(Buffer.concat(plan.split(crlf)).toString('utf8')).toBe(crlf);
    expect(ODD_SPLITS.filter((plan) => splitsInsideCharacter(plan.split(crlf)) && splitsInsideCrlf(plan.split(crlf))).map((plan) => plan.label)).toEqual([
      '1-byte chunks',
      'cuts inside every multi-byte character and CRLF, at most 13 bytes',
    ]);
    const large = frameAsSse(openaiText, { lineEnd: '\r\n' });
    expect(ODD_SPLITS_LARGE.filter((plan) => splitsInsideCharacter(plan.split(large)) && splitsInsideCrlf(plan.split(large))).map((plan) => plan.label)).toEqual([
      'cuts inside every multi-byte character and CRLF, at most 4093 bytes',
    ]);
  });
});
