import { describe, expect, it } from 'vitest';
import {
  MAX_REQUESTED_IMAGES,
  extractSubject,
  findNamedFunctionTool,
  parseImageRequest,
  parseRequestedImageCount,
} from './parse-request.ts';

describe('parseRequestedImageCount', () => {
  it.each([
    ['Draw a red fox', 1],
    ['Can you make a picture of a lighthouse?', 1],
    ['generate an image', 1],
    ['please illustrate the water cycle', 1],
    ['Generate 3 images of a cat', 3],
    ['three pictures of dogs, please', 3],
    ['generate 10 images', 10],
    ['keep generating until you have 10 images', 10],
    ['make 2 more images', 2],
    ['I want twenty different photos of the moon', 20],
    ['create a couple of pictures of a boat', 2],
    ['3 images of a fox', 3],
    ['draw 4 horses', 4],
    ['hello there', 0],
    ['What is 3.5 times 2?', 0],
    ['Here is a picture of my dog, what breed is it?', 0],
    ['I liked one of the images', 0],
    ['generate 5000 images', MAX_REQUESTED_IMAGES],
  ])('%j -> %i', (text, expected) => {
    expect(parseRequestedImageCount(text)).toBe(expected);
  });
});

describe('extractSubject', () => {
  it.each([
    ['generate 10 images of a red fox', 'a red fox'],
    ['Draw a cat wearing a hat, please!', 'a cat wearing a hat'],
    ['can you sketch me a castle on a hill?', 'a castle on a hill'],
    ['An image showing 3.5 apples. Thanks', '3.5 apples'],
    ['make 2 more images', undefined],
  ])('%j -> %j', (text, expected) => {
    expect(extractSubject(text)).toBe(expected);
  });

  it('cuts long subjects at a word boundary near 200 characters', () => {
    const subject = extractSubject(`draw ${'a very long description '.repeat(30)}`) ?? '';
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(subject.endsWith(' ')).toBe(false);
  });
});

describe('parseImageRequest', () => {
  it('takes the subject of "more images" from an earlier message', () => {
    const request = parseImageRequest('make 2 more images', ['draw a lighthouse at dusk'], true);
    expect(request).toEqual({ requestedImageCount: 2, subject: 'a lighthouse at dusk', wantsEdit: false });
  });

  it('treats a change to an image in context as one edit', () => {
    expect(parseImageRequest('Make it black and white', [], true)).toEqual({
      requestedImageCount: 1,
      subject: 'Make it black and white',
      wantsEdit: true,
    });
  });

  it('does not edit without an image in context', () => {
    expect(parseImageRequest('Make it black and white', [], false).wantsEdit).toBe(false);
  });

  it('falls back to the message text when no subject is named', () => {
    expect(parseImageRequest('generate an image', [], false).subject).toBe('generate an image');
  });
});

describe('findNamedFunctionTool', () => {
  it('finds "call NAME" and takes the words after it as the argument', () => {
    expect(findNamedFunctionTool('Please call get_weather for Paris.', ['lookup', 'get_weather'])).toEqual({
      toolName: 'get_weather',
      argumentHint: 'Paris',
    });
  });

  it('accepts "use `NAME`" and falls back to the message for the argument', () => {
    expect(findNamedFunctionTool('use `get_weather`', ['get_weather'])?.toolName).toBe('get_weather');
  });

  it('ignores tools that are only mentioned, or whose name is a prefix of another word', () => {
    expect(findNamedFunctionTool('what does get_weather do?', ['get_weather'])).toBeUndefined();
    expect(findNamedFunctionTool('call get_weather_hourly', ['get_weather'])).toBeUndefined();
  });
});
