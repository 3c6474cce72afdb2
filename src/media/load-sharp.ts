import type sharp from 'sharp';

let loading: Promise<typeof sharp> | undefined;

/**
 * sharp (libvips, ~25 MB resident) is loaded by the first image operation, not at server start:
 * a server that only relays text never maps it. Later calls get the loaded module.
 */
export function loadSharp(): Promise<typeof sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
