/**
 * No route serves the model a request names: the registry's word for it, free of HTTP.
 * toClientError answers it as 404 `model_not_found` naming the model field.
 */
export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';

  constructor(
    message: string,
    /** The model name as the request gave it. */
    readonly model: string,
  ) {
    super(message);
  }
}
