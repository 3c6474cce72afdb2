import { postJson } from '../shared/post-json.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';
import { mapGoogleImageError } from './gemini-image-error.ts';

/** POSTs to a Google image endpoint (Gemini, Imagen); an answer the caller caused becomes its ImageGenerationError. */
export async function postGoogleImageJson(
  settings: ProviderSettings,
  options: { readonly provider: string; readonly path: string; readonly body: unknown; readonly abortSignal: AbortSignal },
): Promise<unknown> {
  try {
    return await postJson(settings, options);
  } catch (error) {
    throw error instanceof ProviderError ? mapGoogleImageError(error) : error;
  }
}
