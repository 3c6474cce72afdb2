/**
 * A wait as OpenAI writes it in `x-ratelimit-reset-*` (Go duration style): `850ms`, `12s`,
 * `1m30s`. SDKs and dashboards parse this form.
 */
export function formatResetDuration(millis: number): string {
  const rounded = Math.max(0, Math.ceil(millis));
  if (rounded < 1000) return `${rounded}ms`;
  const totalSeconds = Math.ceil(rounded / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
