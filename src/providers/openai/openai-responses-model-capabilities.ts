/**
 * Models known to answer 400 when `temperature` or `top_p` is sent ("Unsupported value:
 * 'temperature' does not support 0.2 with this model. Only the default (1) value is
 * supported."): the o-series and the first gpt-5 family (gpt-5, -mini, -nano, their dated
 * snapshots), plus the -pro and -codex variants of any gpt-5.x. Not listed on purpose:
 * `gpt-5-chat*` (not a reasoning model) and gpt-5.1+ mainline models, which accept both while
 * their reasoning effort is `none`, their default (OpenAI's GPT-5.1 guide; vercel/ai#10932,
 * langchain-ai/langchain#35423). Anything unknown is sent as asked, so OpenAI decides.
 */
const rejectsSampling = [/^o\d(-|$)/, /^gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$/, /^gpt-5(\.\d+)?-(pro|codex)/];

export function rejectsSamplingSettings(modelId: string): boolean {
  return rejectsSampling.some((pattern) => pattern.test(modelId));
}
