/** A half-open span of time, `[fromMillis, toMillis)`, in Unix milliseconds. */
export interface TimeWindow {
  fromMillis: number;
  toMillis: number;
}

/** Milliseconds in a UTC day (UTC has no daylight saving; leap seconds are not counted by Unix time). */
export const millisPerDay = 86_400_000;

/** The UTC calendar day holding `nowMillis`: daily budgets reset at 00:00 UTC. */
export function utcDayWindow(nowMillis: number): TimeWindow {
  const fromMillis = Math.floor(nowMillis / millisPerDay) * millisPerDay;
  return { fromMillis, toMillis: fromMillis + millisPerDay };
}

/** The UTC calendar month holding `nowMillis`: monthly budgets reset on the 1st at 00:00 UTC. */
export function utcMonthWindow(nowMillis: number): TimeWindow {
  const date = new Date(nowMillis);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  // Date.UTC carries month 12 over into January of the next year.
  return { fromMillis: Date.UTC(year, month, 1), toMillis: Date.UTC(year, month + 1, 1) };
}

/** `YYYY-MM-DD` of the UTC day with this index (days since 1970-01-01). */
export function utcDayLabel(dayIndex: number): string {
  return new Date(dayIndex * millisPerDay).toISOString().slice(0, 10);
}
