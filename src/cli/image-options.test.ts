import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { imageRequestFields, parseSize, partialImagesWanted, wholeNumberIn } from './image-options.ts';

describe('image options', () => {
  it('takes WIDTHxHEIGHT or auto as a size', () => {
    expect(parseSize('1024X768')).toBe('1024x768');
    expect(parseSize('auto')).toBe('auto');
    for (const bad of ['big', '0x10', '10x', '-5x5']) expect(() => parseSize(bad)).toThrow(InvalidArgumentError);
  });

  it('bounds whole numbers', () => {
    const count = wholeNumberIn(1, 10);
    expect(count('3')).toBe(3);
    for (const bad of ['0', '11', '2.5', 'two', '']) expect(() => count(bad)).toThrow(InvalidArgumentError);
  });

  it('sends only the fields that were set, with the wire names', () => {
    expect(imageRequestFields({ count: 2, outputDir: '.', format: 'webp', compression: 80 })).toEqual({ n: 2, output_format: 'webp', output_compression: 80 });
  });

  it('asks for partial images only when they are to be saved', () => {
    expect(partialImagesWanted({ count: 1, outputDir: '.' })).toBeUndefined();
    expect(partialImagesWanted({ count: 1, outputDir: '.', partials: true })).toBe(2);
    expect(partialImagesWanted({ count: 1, outputDir: '.', partialImages: 3 })).toBe(3);
  });
});
