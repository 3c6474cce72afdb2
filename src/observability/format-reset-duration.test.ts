import { describe, expect, it } from 'vitest';
import { formatResetDuration } from './format-reset-duration.ts';

describe('formatResetDuration', () => {
  it('writes waits the way OpenAI does', () => {
    expect(formatResetDuration(0)).toBe('0ms');
    expect(formatResetDuration(-5)).toBe('0ms');
    expect(formatResetDuration(850)).toBe('850ms');
    expect(formatResetDuration(12_000)).toBe('12s');
    expect(formatResetDuration(12_001)).toBe('13s');
    expect(formatResetDuration(60_000)).toBe('1m0s');
    expect(formatResetDuration(90_000)).toBe('1m30s');
  });
});
