/** The image calls the caller got wrong, as the tool loop reports them (`image_generation_user_error`). */
import { ImageGenerationError } from '../../spec/image-generation-error.ts';

/** The call asked for something no request could succeed with. */
export function invalidRequest(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error', { cause });
}

/** An input image or mask that cannot be used. */
export function invalidImage(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_image', 'image_generation_user_error', { cause });
}

/** The backend's safety system refused the prompt or withheld the images. */
export function moderationBlocked(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'moderation_blocked', 'image_generation_user_error', { cause });
}
