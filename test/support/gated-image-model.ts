import { createProceduralImageModel } from '../../src/providers/procedural/procedural-image-model.ts';
import type { ImageModel } from '../../src/providers/spec/image-model.ts';

/**
 * The procedural backend, held at each call until the test opens the gate (or the call is
 * aborted): the moment a test acts "mid-image", without sleeping.
 */
export interface GatedImageModel extends ImageModel {
  /** Resolves when a call is waiting at the gate. */
  started: Promise<void>;
  /** Resolves with the abort reason when a waiting call was aborted. */
  aborted: Promise<unknown>;
  /** Lets waiting and later calls render. */
  open(): void;
}

export function gatedImageModel(): GatedImageModel {
  const inner = createProceduralImageModel();
  let onStart: () => void = () => undefined;
  let onAbort: (reason: unknown) => void = () => undefined;
  let openGate: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const aborted = new Promise<unknown>((resolve) => (onAbort = resolve));
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  return {
    provider: inner.provider,
    modelId: inner.modelId,
    started,
    aborted,
    open: () => openGate(),
    async doGenerate(options) {
      onStart();
      await new Promise<void>((resolve, reject) => {
        const abort = () => {
          onAbort(options.abortSignal.reason);
          reject(options.abortSignal.reason as Error);
        };
        if (options.abortSignal.aborted) return abort();
        options.abortSignal.addEventListener('abort', abort, { once: true });
        void gate.then(() => {
          options.abortSignal.removeEventListener('abort', abort);
          resolve();
        });
      });
      return inner.doGenerate(options);
    },
  };
}
