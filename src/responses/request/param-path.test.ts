import { describe, expect, it } from 'vitest';
import { describeJsonType, formatParamPath, listValues, lookUpPath } from './param-path.ts';

describe('formatParamPath', () => {
  it('writes OpenAI notation', () => {
    expect(formatParamPath(['tools', 0, 'size'])).toBe('tools[0].size');
    expect(formatParamPath(['input', 2, 'content', 1, 'image_url'])).toBe('input[2].content[1].image_url');
    expect(formatParamPath(['metadata', 'foo'])).toBe('metadata.foo');
    expect(formatParamPath(['model'])).toBe('model');
    expect(formatParamPath([])).toBe('');
  });
});

describe('lookUpPath', () => {
  const body = { tools: [{ type: 'function', description: null }] };

  it('tells an absent key from a present one', () => {
    expect(lookUpPath(body, ['tools', 0, 'type'])).toEqual({ present: true, value: 'function' });
    expect(lookUpPath(body, ['tools', 0, 'description'])).toEqual({ present: true, value: null });
    expect(lookUpPath(body, ['tools', 0, 'name'])).toEqual({ present: false, value: undefined });
    expect(lookUpPath(body, ['tools', 3, 'name']).present).toBe(false);
    expect(lookUpPath('text', ['length']).present).toBe(false);
  });
});

describe('describeJsonType', () => {
  it('uses OpenAI words', () => {
    expect([1, 1.5, 'a', true, null, [], {}].map(describeJsonType)).toEqual([
      'an integer',
      'a decimal',
      'a string',
      'a boolean',
      'null',
      'an array',
      'an object',
    ]);
  });
});

describe('listValues', () => {
  it('joins like OpenAI', () => {
    expect(listValues(['a'])).toBe("'a'");
    expect(listValues(['a', 'b'])).toBe("'a' and 'b'");
    expect(listValues(['a', 'b', 'c'], 'or')).toBe("'a', 'b', or 'c'");
  });
});
