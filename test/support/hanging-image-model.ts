import type { ImageModel } from '../../src/providers/spec/image-model.ts';

/** Priced like the procedural backend; never finishes until aborted. */
export function hangingImageModel(): ImageModel & { started: Promise<void>; aborted: Promise<unknown> } {
  let onStart: () => void = () => {};
  let onAbort: (reason: unknown) => void = () => {};
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const aborted = new Promise((resolve) => (onAbort = resolve));
  return {
    provider: 'procedural',
    modelId: 'procedural',
    started,
    aborted,
    doGenerate(options) {
      onStart();
      return new Promise((_resolve, reject) => {
        options.abortSignal.addEventListener('abort', () => {
          onAbort(options.abortSignal.reason);
          reject(options.abortSignal.reason);
        });
      });
    },
  };
}
