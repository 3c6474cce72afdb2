/** The ids listed by the models endpoint; any `simulator-parallel-N` with 1 <= N <= 20 also works. */
export const SIMULATOR_MODEL_IDS: ReadonlyArray<string> = [
  'simulator',
  'simulator-repeat',
  'simulator-parallel-2',
  'simulator-parallel-3',
  'simulator-parallel-5',
];

/** Upper bound on `simulator-parallel-N`: enough to stress limits without absurd steps. */
export const MAX_SIMULATOR_PARALLEL_CALLS = 20;

/**
 * Which scripted misbehaviour a simulator id stands for.
 * - `well-behaved`: one image call per step until the request is met.
 * - `repeat`: never notices an image succeeded and keeps calling while the tool is offered.
 * - `parallel`: asks for `parallelCount` images in one step.
 */
export type SimulatorBehaviour =
  | { readonly kind: 'well-behaved' }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'parallel'; readonly parallelCount: number };

// No leading zero, so each behaviour has exactly one spelling.
const PARALLEL_ID = /^simulator-parallel-([1-9]\d?)$/;

/** The behaviour for `modelId`, or `undefined` when it is not a simulator id. */
export function parseSimulatorModelId(modelId: string): SimulatorBehaviour | undefined {
  if (modelId === 'simulator') return { kind: 'well-behaved' };
  if (modelId === 'simulator-repeat') return { kind: 'repeat' };
  const match = PARALLEL_ID.exec(modelId);
  if (match === null) return undefined;
  const parallelCount = Number(match[1]);
  return parallelCount <= MAX_SIMULATOR_PARALLEL_CALLS ? { kind: 'parallel', parallelCount } : undefined;
}

export function isSimulatorModelId(id: string): boolean {
  return parseSimulatorModelId(id) !== undefined;
}
