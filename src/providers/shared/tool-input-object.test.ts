import { describe, expect, it } from 'vitest';
import { toolInputObject } from './tool-input-object.ts';

describe('toolInputObject', () => {
  it('keeps JSON objects and replays anything else as an empty object', () => {
    expect(toolInputObject('{"a":[1]}')).toEqual({ a: [1] });
    expect(toolInputObject('{"a":1}')).toEqual({ a: 1 });
    expect(toolInputObject('{"a":')).toEqual({});
    expect(toolInputObject('{"a"')).toEqual({});
    expect(toolInputObject('[1,2]')).toEqual({});
    expect(toolInputObject('null')).toEqual({});
    expect(toolInputObject('"text"')).toEqual({});
  });
});
