import { describe, expect, it } from 'vitest';
import { parseOpenAIImageJson, parseOpenAIImageJsonBytes } from './openai-image-json.ts';

const image = (length: number, seed: string) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
const big = image(10_000, 'iVBORw0KGgoAAAANSUhEUg+/');
const other = image(6_000, 'QUJD');

const documents: Record<string, string> = {
  'an answer with two images and a revised prompt': JSON.stringify({ created: 1, data: [{ b64_json: big, revised_prompt: 'say "b64_json": here' }, { b64_json: other }], usage: { total_tokens: 3 } }),
  'a pretty-printed event': JSON.stringify({ type: 'image_generation.completed', b64_json: big, size: '1024x1024' }, null, 2),
  'a short image (parsed as usual)': JSON.stringify({ data: [{ b64_json: 'AAAA' }] }),
  'an image holding an escape (parsed as usual)': JSON.stringify({ data: [{ b64_json: `${big}\n` }] }),
  'the key as a value, not a key': JSON.stringify({ response_format: 'b64_json', data: [{ b64_json: big }] }),
  'non-ASCII around the image': JSON.stringify({ note: 'café ✓', data: [{ b64_json: big, revised_prompt: 'naïve' }] }),
};

describe('parseOpenAIImageJson', () => {
  for (const [name, text] of Object.entries(documents)) {
    it(`gives what JSON.parse gives: ${name}`, () => {
      expect(parseOpenAIImageJson(text)).toEqual(JSON.parse(text));
      expect(parseOpenAIImageJsonBytes(Buffer.from(text))).toEqual(JSON.parse(text));
    });
  }

  it('refuses what JSON.parse refuses', () => {
    const broken = `{"data":[{"b64_json":"${big}"}`;
    expect(() => parseOpenAIImageJson(broken)).toThrow(SyntaxError);
    expect(() => parseOpenAIImageJsonBytes(Buffer.from(broken))).toThrow(SyntaxError);
  });
});
