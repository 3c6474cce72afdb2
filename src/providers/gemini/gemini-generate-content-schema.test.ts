import { describe, expect, it } from 'vitest';
import { convertToGeminiSchema } from './gemini-generate-content-schema.ts';

describe('convertToGeminiSchema', () => {
  it('keeps what Gemini knows and drops what it rejects', () => {
    expect(
      convertToGeminiSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        title: 'Weather',
        properties: {
          city: { type: 'string', description: 'City name', minLength: 1, format: 'uri', default: 'Paris' },
          days: { type: 'integer', minimum: 1, maximum: 7, format: 'int32', exclusiveMaximum: 8 },
          when: { type: 'string', format: 'date-time' },
        },
        required: ['city', 'missing'],
        additionalProperties: false,
      }),
    ).toEqual({
      type: 'object',
      title: 'Weather',
      properties: {
        city: { type: 'string', description: 'City name', minLength: 1 },
        days: { type: 'integer', minimum: 1, maximum: 7, format: 'int32' },
        when: { type: 'string', format: 'date-time' },
      },
      required: ['city'],
    });
  });

  it('turns nullable types, const and oneOf into Gemini terms', () => {
    expect(
      convertToGeminiSchema({
        type: 'object',
        properties: {
          size: { type: ['string', 'null'], enum: ['1024x1024', 'auto', null] },
          action: { const: 'edit' },
          either: { oneOf: [{ type: 'string' }, { type: 'number' }] },
          maybe: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
          count: { type: 'integer', enum: [1, 2, 3] },
          many: { type: ['string', 'number'] },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        size: { type: 'string', nullable: true, enum: ['1024x1024', 'auto'] },
        action: { type: 'string', enum: ['edit'] },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        maybe: { type: 'boolean', nullable: true },
        count: { type: 'integer', description: 'Allowed values: 1, 2, 3.' },
        many: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
    });
  });

  it('inlines local $refs, keeping sibling keywords, and stops a recursive schema', () => {
    const converted = convertToGeminiSchema({
      type: 'object',
      properties: { origin: { $ref: '#/$defs/point', description: 'Start' }, tree: { $ref: '#/definitions/node' } },
      $defs: { point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'], additionalProperties: false } },
      definitions: { node: { type: 'object', properties: { child: { $ref: '#/definitions/node' } } } },
    });
    expect(converted?.properties).toMatchObject({
      origin: { type: 'object', description: 'Start', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] },
    });
    expect(JSON.stringify(converted)).not.toContain('$ref');
    expect(JSON.stringify(converted).match(/"child"/g)?.length).toBeGreaterThan(3);
  });

  it('converts arrays and allOf, and leaves out parameters for a function without arguments', () => {
    expect(convertToGeminiSchema({ type: 'object', properties: { tags: { items: { type: 'string' }, maxItems: 3 } }, allOf: [{ properties: { b: { type: 'boolean' } }, required: ['b'] }] })).toEqual({
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string' }, maxItems: 3 }, b: { type: 'boolean' } },
      required: ['b'],
    });
    expect(convertToGeminiSchema({ type: 'object', properties: {}, additionalProperties: false })).toBeUndefined();
    expect(convertToGeminiSchema({ type: 'object' })).toBeUndefined();
  });
});
