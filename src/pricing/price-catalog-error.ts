/** The shipped catalog or a config override does not validate; `issues` name each bad field. */
export class PriceCatalogError extends Error {
  override readonly name = 'PriceCatalogError';

  constructor(
    message: string,
    /** One per problem: a dotted path (`textModels.gpt-4.1.inputUsdPerMillionTokens`) and what is wrong. */
    readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
