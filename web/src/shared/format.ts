/** Dollars with micro-dollar precision, as the server reports them (`$0.011352`). */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  return `$${value.toFixed(6)}`;
}

/** Short dollars for chart labels (`$0.01`, `$12.40`). */
export function formatUsdShort(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

export function formatTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString();
}
