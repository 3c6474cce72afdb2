/**
 * A tool call's input as the JSON object Anthropic's `tool_use.input` and Gemini's
 * `functionCall.args` must be. Input that is not a JSON object (broken arguments a model wrote,
 * which the loop already reported back as invalid) is replayed as `{}`.
 */
export function toolInputObject(input: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(input);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
