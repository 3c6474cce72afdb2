/**
 * `limitInputPixels` for every sharp call that decodes bytes from a client or an upstream.
 * Requests are refused far below this (`limits.maxInputImagePixels`, 40 MP by default, read from
 * the header); this is the backstop in case an image reaches a decoder another way. sharp's own
 * default (16383x16383) lets a 43 KB PNG decode to 1 GB of pixels.
 */
export const DECODE_LIMIT = { limitInputPixels: 100_000_000 } as const;
