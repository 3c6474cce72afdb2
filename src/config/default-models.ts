/**
 * The image model OpenAI routes draw with when nothing names one. OpenAI shut down gpt-image-1
 * on 2026-10-23 and gpt-image-1-mini, gpt-image-1.5 and chatgpt-image-latest on 2026-12-01
 * (https://developers.openai.com/api/docs/deprecations; shared/reference/responses-image-api.md §0);
 * the spec's own default (`gpt-image-1`) is therefore not trusted anywhere.
 */
export const DEFAULT_OPENAI_IMAGE_MODEL = 'gpt-image-2';
