import { describe, expect, it } from 'vitest';
import { utcDayLabel, utcDayWindow, utcMonthWindow } from './budget-windows.ts';

const at = (iso: string) => Date.parse(iso);

describe('budget windows', () => {
  it('spans the UTC day of the instant, end excluded', () => {
    expect(utcDayWindow(at('2025-03-31T23:59:59.999Z'))).toEqual({
      fromMillis: at('2025-03-31T00:00:00.000Z'),
      toMillis: at('2025-04-01T00:00:00.000Z'),
    });
    expect(utcDayWindow(at('2025-04-01T00:00:00.000Z')).fromMillis).toBe(at('2025-04-01T00:00:00.000Z'));
  });

  it('spans the UTC month, across year ends and leap days', () => {
    expect(utcMonthWindow(at('2025-12-31T23:00:00Z'))).toEqual({
      fromMillis: at('2025-12-01T00:00:00Z'),
      toMillis: at('2026-01-01T00:00:00Z'),
    });
    expect(utcMonthWindow(at('2024-02-29T12:00:00Z'))).toEqual({
      fromMillis: at('2024-02-01T00:00:00Z'),
      toMillis: at('2024-03-01T00:00:00Z'),
    });
  });

  it('labels day indexes as UTC dates', () => {
    expect(utcDayLabel(0)).toBe('1970-01-01');
    expect(utcDayLabel(Math.floor(at('2025-03-31T23:59:59Z') / 86_400_000))).toBe('2025-03-31');
  });
});
