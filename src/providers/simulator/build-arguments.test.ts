import { describe, expect, it } from 'vitest';
import { buildToolArguments } from './build-arguments.ts';

describe('buildToolArguments', () => {
  it('fills required properties by type and leaves optional ones out', () => {
    const parameters = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer' },
        limit: { type: 'number', minimum: 5 },
        metric: { type: 'boolean' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        tags: { type: 'array', items: { type: 'string' } },
        region: { type: ['string', 'null'] },
        where: { type: 'object', properties: { lat: { type: 'number' } }, required: ['lat'] },
        note: { type: 'string' },
      },
      required: ['city', 'days', 'limit', 'metric', 'unit', 'tags', 'region', 'where'],
    };
    expect(buildToolArguments(parameters, 'Paris')).toEqual({
      city: 'Paris',
      days: 1,
      limit: 5,
      metric: true,
      unit: 'celsius',
      tags: [],
      region: 'Paris',
      where: { lat: 1 },
    });
  });

  it('copes with schemas that are not objects', () => {
    expect(buildToolArguments({}, 'x')).toEqual({});
    expect(buildToolArguments({ properties: 'nonsense', required: [1, 'a'] }, 'x')).toEqual({ a: 'x' });
  });
});
